package dev.connectha.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectha.errors.ConnectHaException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.json.Json;
import java.lang.reflect.RecordComponent;
import java.util.Optional;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** JSON records kept in SSM String parameters: the cluster documents and the learned records. */
final class SsmJsonParameters {
  private final SsmClient ssm;

  SsmJsonParameters(SsmClient ssm) {
    this.ssm = ssm;
  }

  /** The parameter's value, or empty when it does not exist. */
  Optional<String> read(String parameter) {
    try {
      return Optional.of(AwsCalls.call("read " + parameter,
          () -> ssm.getParameter(r -> r.name(parameter)).parameter().value()));
    } catch (ConnectHaException e) {
      if (e.getCause() instanceof ParameterNotFoundException) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Overwrites the parameter (String type, created if absent) with {@code value}. Each field the
   * record knows is set to the record's value (a null removes it); fields it does not know (an
   * operator's notes, a newer control plane's settings) are kept as they were.
   */
  <R extends Record> void writeMerged(String parameter, R value) {
    ObjectNode merged;
    try {
      JsonNode stored = read(parameter).map(SsmJsonParameters::tree).orElse(null);
      merged = stored instanceof ObjectNode object ? object : Json.MAPPER.createObjectNode();
    } catch (PreconditionFailedException unreadable) {
      merged = Json.MAPPER.createObjectNode();
    }
    ObjectNode fields = Json.MAPPER.valueToTree(value);
    for (RecordComponent component : value.getClass().getRecordComponents()) {
      JsonNode field = fields.get(component.getName());
      if (field == null || field.isNull()) {
        merged.remove(component.getName());
      } else {
        merged.set(component.getName(), field);
      }
    }
    String json = merged.toString();
    AwsCalls.call("write " + parameter, () -> ssm.putParameter(r -> r.name(parameter).value(json)
        .type(ParameterType.STRING).overwrite(true)));
  }

  private static JsonNode tree(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new PreconditionFailedException("stored parameter is not JSON: " + e.getOriginalMessage(), e);
    }
  }
}
