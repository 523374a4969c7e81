package dev.connectha.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.connectha.config.Config;
import dev.connectha.errors.ClusterNotFoundException;
import dev.connectha.errors.ConnectHaException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.json.Json;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ClusterName;
import javax.inject.Inject;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/** Reads cluster documents from {@code <prefix><name>} (JSON, String parameter). */
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
    String json;
    try {
      json = AwsCalls.call("read " + parameter,
          () -> ssm.getParameter(r -> r.name(parameter)).parameter().value());
    } catch (ConnectHaException e) {
      if (e.getCause() instanceof ParameterNotFoundException) {
        throw new ClusterNotFoundException("no cluster '" + name + "': parameter " + parameter + " does not exist", e);
      }
      throw e;
    }
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
}
