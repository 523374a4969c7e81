package dev.connectha.remediation;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.ClusterName;
import dev.connectha.model.remediation.Incident;

/**
 * @param cluster                the cluster the incident is about
 * @param incident               the incident the remediate workflow handles (its cluster must be {@code cluster})
 * @param restartFailed          true once restarting Connect did not bring the node back: replace it instead (default false)
 * @param maxReplacementsPerHour the circuit breaker: more replacements than this within an hour escalate instead (default 2; 0 to 20)
 * @param replaceForeignNodes    terminate a failed node connect-ha did not launch, instead of quarantining it (default false)
 * @param executionId            the Step Functions execution, used as the log correlation id
 */
public record AssessIncidentInput(String cluster, Incident incident, Boolean restartFailed, Integer maxReplacementsPerHour,
    Boolean replaceForeignNodes, String executionId) {
  /** The circuit breaker's default: two replacements an hour, then an operator decides. */
  public static final int DEFAULT_MAX_REPLACEMENTS_PER_HOUR = 2;
  private static final int MAX_REPLACEMENTS_PER_HOUR = 20;

  public AssessIncidentInput {
    ClusterName.require(cluster);
    if (incident == null) {
      throw new InvalidInputException("incident {cluster, kind, subject, since} is required");
    }
    if (!incident.cluster().equals(cluster)) {
      throw new InvalidInputException("incident.cluster '" + incident.cluster() + "' is not the cluster assessed, '" + cluster + "'");
    }
    restartFailed = Boolean.TRUE.equals(restartFailed);
    replaceForeignNodes = Boolean.TRUE.equals(replaceForeignNodes);
    maxReplacementsPerHour = maxReplacementsPerHour == null ? DEFAULT_MAX_REPLACEMENTS_PER_HOUR : maxReplacementsPerHour;
    if (maxReplacementsPerHour < 0 || maxReplacementsPerHour > MAX_REPLACEMENTS_PER_HOUR) {
      throw new InvalidInputException("maxReplacementsPerHour must be between 0 and " + MAX_REPLACEMENTS_PER_HOUR + ": "
          + maxReplacementsPerHour);
    }
  }
}
