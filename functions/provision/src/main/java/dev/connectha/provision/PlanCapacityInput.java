package dev.connectha.provision;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.ClusterName;

/**
 * @param cluster      the registered cluster
 * @param desiredNodes optional: the size to reach (0 to 100); absent: the cluster document's {@code desiredNodes}
 * @param executionId  the Step Functions execution, used as the log correlation id
 * @param rebalance    true: at its size, a cluster whose zones differ by more than one node moves nodes (a launch in
 *                     the emptiest zone, then a retirement in the most crowded), as after a zone recovered
 */
public record PlanCapacityInput(String cluster, Integer desiredNodes, String executionId, Boolean rebalance) {
  static final int MAX_NODES = 100;

  public PlanCapacityInput {
    ClusterName.require(cluster);
    if (desiredNodes != null && (desiredNodes < 0 || desiredNodes > MAX_NODES)) {
      throw new InvalidInputException("desiredNodes must be between 0 and " + MAX_NODES + ": " + desiredNodes);
    }
    rebalance = Boolean.TRUE.equals(rebalance);
  }

  /** A plan to reach a size, without rebalancing. */
  public PlanCapacityInput(String cluster, Integer desiredNodes, String executionId) {
    this(cluster, desiredNodes, executionId, false);
  }
}
