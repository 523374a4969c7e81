package dev.connectha.provision;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.ClusterName;

/**
 * @param cluster      the registered cluster
 * @param desiredNodes optional: the size to reach (0 to 100); absent: the cluster document's {@code desiredNodes}
 * @param executionId  the Step Functions execution, used as the log correlation id
 */
public record PlanCapacityInput(String cluster, Integer desiredNodes, String executionId) {
  static final int MAX_NODES = 100;

  public PlanCapacityInput {
    ClusterName.require(cluster);
    if (desiredNodes != null && (desiredNodes < 0 || desiredNodes > MAX_NODES)) {
      throw new InvalidInputException("desiredNodes must be between 0 and " + MAX_NODES + ": " + desiredNodes);
    }
  }
}
