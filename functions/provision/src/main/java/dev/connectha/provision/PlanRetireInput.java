package dev.connectha.provision;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.ClusterName;
import java.util.regex.Pattern;

/**
 * @param cluster      the cluster the node belongs to
 * @param instanceId   the node to retire
 * @param force        retire a node the control plane did not launch (default false: refused)
 * @param drainSeconds optional: how long to let the deregistered node finish its requests (0 to 3600); absent: the
 *                     target group's deregistration delay
 * @param executionId  the Step Functions execution, used as the log correlation id
 * @param lockHeldBy   optional: the caller's execution, which must hold the cluster's lock now
 * @param keepHealthy  optional: refuse unless at least this many nodes stay healthy (ensure-capacity's rebalance: the
 *                     node's replacement must serve before it goes)
 */
public record PlanRetireInput(String cluster, String instanceId, Boolean force, Integer drainSeconds, String executionId,
    String lockHeldBy, Integer keepHealthy) {
  private static final Pattern INSTANCE_ID = Pattern.compile("i-(?:[0-9a-f]{8}|[0-9a-f]{17})");

  public PlanRetireInput {
    ClusterName.require(cluster);
    if (instanceId == null || !INSTANCE_ID.matcher(instanceId).matches()) {
      throw new InvalidInputException("instanceId: not an EC2 instance id: " + (instanceId == null ? "(missing)" : "'" + instanceId + "'"));
    }
    force = Boolean.TRUE.equals(force);
    if (drainSeconds != null && (drainSeconds < 0 || drainSeconds > 3600)) {
      throw new InvalidInputException("drainSeconds must be between 0 and 3600: " + drainSeconds);
    }
    if (keepHealthy != null && (keepHealthy < 1 || keepHealthy > PlanCapacityInput.MAX_NODES)) {
      throw new InvalidInputException("keepHealthy must be between 1 and " + PlanCapacityInput.MAX_NODES + ": " + keepHealthy);
    }
  }

  /** An input without a floor of the caller's. */
  public PlanRetireInput(String cluster, String instanceId, Boolean force, Integer drainSeconds, String executionId,
      String lockHeldBy) {
    this(cluster, instanceId, force, drainSeconds, executionId, lockHeldBy, null);
  }

  /** An input without a caller's lock. */
  public PlanRetireInput(String cluster, String instanceId, Boolean force, Integer drainSeconds, String executionId) {
    this(cluster, instanceId, force, drainSeconds, executionId, null, null);
  }
}
