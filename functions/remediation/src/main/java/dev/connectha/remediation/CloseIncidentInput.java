package dev.connectha.remediation;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.ClusterName;
import dev.connectha.model.remediation.Incident;
import java.util.Set;

/**
 * @param cluster     the cluster
 * @param incident    the incident the execution handled (its cluster is {@code cluster})
 * @param execution   the remediate execution's name: only the execution that handles an incident closes it
 * @param outcome     how it ended: one of {@link #OUTCOMES}
 * @param detail      optional: a sentence for the log
 * @param executionId the Step Functions execution, used as the log correlation id
 */
public record CloseIncidentInput(String cluster, Incident incident, String execution, String outcome, String detail,
    String executionId) {
  static final Set<String> OUTCOMES = Set.of("resolved", "restarted", "replaced", "escalated", "deferred", "failed");

  public CloseIncidentInput {
    ClusterName.require(cluster);
    if (incident == null) {
      throw new InvalidInputException("closing an incident needs the incident");
    }
    if (!incident.cluster().equals(cluster)) {
      throw new InvalidInputException("incident " + incident.key() + " is not of cluster " + cluster);
    }
    if (execution == null || execution.isBlank() || execution.length() > ExecutionNames.MAX) {
      throw new InvalidInputException("closing an incident needs the execution's name (1 to 80 characters)");
    }
    if (outcome == null || !OUTCOMES.contains(outcome)) {
      throw new InvalidInputException("outcome must be one of " + OUTCOMES + ": " + outcome);
    }
  }
}
