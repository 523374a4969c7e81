package dev.connectha.upgrade;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.json.Json;
import java.util.List;

/**
 * The types of the rolling upgrade's state that {@link UpgradeReport} reads, as the workflow writes
 * them: the report walks the state as a tree, so the shared mapper checks this shape first and a
 * field of another type (a number for a node, a string for a flag) is an InvalidInputException, not
 * a report that prints "5" for a cluster. Fields the report does not read are not listed; a step's
 * {@code error} is a string or Step Functions' {Error, Cause} and stays untyped.
 */
record UpgradeStateShape(String cluster, String outcome, String targetVersion, Plan plan, At downAt, NodeStep first,
    List<NodeStep> rest, RestorePoint restorePoint, Failure failure, Failure undoFailure, Failure recoveryFailure,
    Done done, Results recovered, Results reinstalled, Serving serving) {

  record Plan(String cluster, String targetVersion, String previousVersion, List<String> nodes, String firstNode,
      List<String> restNodes) {}

  record At(String at) {}

  record NodeStep(String node, String outcome, Boolean started, String version, Integer attempts, String healthyAt,
      JsonNode error) {}

  record RestorePoint(String setId) {}

  record Failure(@JsonProperty("Error") String error, @JsonProperty("Cause") String cause) {}

  record Done(Lock lock, Automation automation, Page page) {}

  record Lock(Boolean held, String owner, String leaseUntil) {}

  record Automation(Boolean suspended, List<Group> groups, List<String> alarmsDisabled, List<String> joined) {}

  record Group(String name, List<String> suspendedProcesses) {}

  record Page(Boolean on) {}

  record Results(Boolean allSucceeded, List<Result> results) {}

  record Result(String instanceId, Boolean succeeded, String error) {}

  record Serving(Boolean allMatch) {}

  /** Refuses a state whose fields have other types than these. */
  static void check(JsonNode state) {
    try {
      Json.MAPPER.treeToValue(state, UpgradeStateShape.class);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("state: " + e.getOriginalMessage()
          + (e instanceof JsonMappingException m ? " (" + m.getPathReference() + ")" : ""), e);
    }
  }
}
