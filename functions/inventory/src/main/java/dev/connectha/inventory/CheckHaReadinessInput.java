package dev.connectha.inventory;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.ClusterState;

/**
 * @param state       DescribeCluster's output
 * @param executionId the Step Functions execution, used as the log correlation id
 */
public record CheckHaReadinessInput(ClusterState state, String executionId) {
  public CheckHaReadinessInput {
    if (state == null || state.cluster() == null) {
      throw new InvalidInputException("state (DescribeCluster's output) is required");
    }
  }
}
