package dev.connectha.remediation;

import dev.connectha.model.ClusterName;

/**
 * @param cluster     the cluster whose remediation alarms to ensure; absent: every registered cluster
 * @param executionId the Step Functions execution (or the scheduler's run), used as the log correlation id
 */
public record EnsureClusterMonitoringInput(String cluster, String executionId) {
  public EnsureClusterMonitoringInput {
    if (cluster != null) {
      ClusterName.require(cluster);
    }
  }
}
