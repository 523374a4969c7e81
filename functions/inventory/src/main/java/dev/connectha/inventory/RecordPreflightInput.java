package dev.connectha.inventory;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.ClusterName;
import dev.connectha.model.FindingStatus;
import java.util.List;

/**
 * What the preflight workflow hands RecordPreflight: CheckHaReadiness's report, as much of it as drift needs.
 *
 * @param cluster     the checked cluster's name
 * @param verdict     the report's verdict
 * @param failedRules the ids of the rules that failed (none when it passed)
 * @param summary     the report's readable summary, which the drift lines are added to
 * @param executionId the preflight execution: recorded with the result, and the log correlation id
 */
public record RecordPreflightInput(String cluster, FindingStatus verdict, List<String> failedRules, String summary,
    String executionId) {
  public RecordPreflightInput {
    ClusterName.require(cluster);
    if (verdict == null || failedRules == null || summary == null) {
      throw new InvalidInputException("RecordPreflight needs the report's verdict, failedRules and summary");
    }
    failedRules = List.copyOf(failedRules);
  }
}
