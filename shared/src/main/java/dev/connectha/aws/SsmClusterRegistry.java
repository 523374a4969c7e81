package dev.connectha.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.connectha.config.Config;
import dev.connectha.errors.ClusterNotFoundException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.json.Json;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ClusterName;
import dev.connectha.ports.ClusterRegistry;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;

/** Reads and writes cluster documents at {@code <prefix><name>} (JSON, String parameter). */
public final class SsmClusterRegistry implements ClusterRegistry {
  private final SsmClient ssm;
  private final SsmJsonParameters parameters;
  private final String prefix;

  @Inject
  public SsmClusterRegistry(SsmClient ssm, Config config) {
    this.ssm = ssm;
    this.parameters = new SsmJsonParameters(ssm);
    this.prefix = config.clusterPrefix();
  }

  @Override
  public ClusterDocument load(String name) {
    String parameter = prefix + ClusterName.require(name);
    String json = parameters.read(parameter).orElseThrow(() ->
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
   * The parameters directly under the prefix (not deeper) whose last part is a valid cluster name.
   * GetParametersByPath also returns their values: the documents are small, and it is one call per
   * ten clusters.
   */
  @Override
  public List<String> names() {
    String path = prefix.length() > 1 ? prefix.substring(0, prefix.length() - 1) : prefix;
    return AwsCalls.call("list the parameters under " + path, () -> {
      List<String> names = new ArrayList<>();
      for (GetParametersByPathResponse page : ssm.getParametersByPathPaginator(r -> r.path(path).recursive(false))) {
        page.parameters().stream().map(Parameter::name).filter(n -> n.startsWith(prefix)).map(n -> n.substring(prefix.length()))
            .filter(ClusterName::valid).forEach(names::add);
      }
      return names.stream().sorted().toList();
    });
  }

  /**
   * Overwrites the parameter (String type) with the document. Each field the record knows is set to
   * the record's value (a null removes it); fields it does not know (an operator's notes, a newer
   * control plane's settings) are kept as they were.
   */
  @Override
  public ClusterDocument save(ClusterDocument document) {
    parameters.writeMerged(prefix + ClusterName.require(document.name()), document);
    return document;
  }
}
