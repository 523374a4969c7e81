package dev.connectha.inventory;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.ClusterName;

/**
 * @param cluster     the registered cluster's name
 * @param pollSeconds how often to poll SSM for node facts (default 5; 0 to 60)
 * @param executionId the Step Functions execution, used as the log correlation id
 */
public record DescribeClusterInput(String cluster, Integer pollSeconds, String executionId) {
  public DescribeClusterInput {
    ClusterName.require(cluster);
    if (pollSeconds == null) {
      pollSeconds = 5;
    }
    if (pollSeconds < 0 || pollSeconds > 60) {
      throw new InvalidInputException("pollSeconds must be between 0 and 60: " + pollSeconds);
    }
  }
}
