package dev.connectha.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectha.config.Config;
import dev.connectha.errors.ClusterNotFoundException;
import dev.connectha.errors.ConnectHaException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.json.Json;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ClusterName;
import dev.connectha.ports.ClusterRegistry;
import java.lang.reflect.RecordComponent;
import java.util.Optional;
import javax.inject.Inject;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** Reads and writes cluster documents at {@code <prefix><name>} (JSON, String parameter). */
public final class SsmClusterRegistry implements ClusterRegistry {
  private final SsmClient ssm;
  private final String prefix;

  @Inject
  public SsmClusterRegistry(SsmClient ssm, Config config) {
    this.ssm = ssm;
    this.prefix = config.clusterPrefix();
  }

  @Override
  public ClusterDocument load(String name) {
    String parameter = prefix + ClusterName.require(name);
    String json = read(parameter).orElseThrow(() ->
        new ClusterNotFoundException("no cluster '" + name + "': parameter " + parameter + " does not exist"));
    try {
      ClusterDocument document = Json.MAPPER.readValue(json, ClusterDocument.class);
      if (!name.equals(document.name())) {
        throw new PreconditionFailedException(parameter + " describes cluster '" + document.name() + "', not '" + name + "'");
      }
      return document;
    } catch (JsonProcessingException e) {
      throw new PreconditionFailedException("cluster document " + parameter + " is not valid: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Overwrites the parameter (String type) with the document. Each field the record knows is set to
   * the record's value (a null removes it); fields it does not know (an operator's notes, a newer
   * control plane's settings) are kept as they were.
   */
  @Override
  public ClusterDocument save(ClusterDocument document) {
    String parameter = prefix + ClusterName.require(document.name());
    ObjectNode merged;
    try {
      JsonNode stored = read(parameter).map(SsmClusterRegistry::tree).orElse(null);
      merged = stored instanceof ObjectNode object ? object : Json.MAPPER.createObjectNode();
    } catch (PreconditionFailedException unreadable) {
      merged = Json.MAPPER.createObjectNode();
    }
    ObjectNode fields = Json.MAPPER.valueToTree(document);
    for (RecordComponent component : ClusterDocument.class.getRecordComponents()) {
      JsonNode value = fields.get(component.getName());
      if (value == null || value.isNull()) {
        merged.remove(component.getName());
      } else {
        merged.set(component.getName(), value);
      }
    }
    String json = merged.toString();
    AwsCalls.call("write " + parameter, () -> ssm.putParameter(r -> r.name(parameter).value(json)
        .type(ParameterType.STRING).overwrite(true)));
    return document;
  }

  /** The parameter's value, or empty when it does not exist. */
  private Optional<String> read(String parameter) {
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

  private static JsonNode tree(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new PreconditionFailedException("stored cluster document is not JSON: " + e.getOriginalMessage(), e);
    }
  }
}
