package dev.connectha.traffic;

import dev.connectha.model.ClusterName;
import dev.connectha.model.InstanceIds;
import java.util.List;

/**
 * @param cluster     the registered cluster's name
 * @param instanceIds the nodes to check; absent: every running node of the cluster
 * @param expect      {@code healthy} or {@code not-serving}
 * @param executionId the Step Functions execution, used as the log correlation id
 */
public record CheckTargetsInput(String cluster, List<String> instanceIds, String expect, String executionId) {
  public CheckTargetsInput {
    ClusterName.require(cluster);
    Expectation.of(expect);
    if (instanceIds != null) {
      instanceIds = InstanceIds.require("instanceIds", instanceIds);
    }
  }

  public Expectation expectation() {
    return Expectation.of(expect);
  }
}
