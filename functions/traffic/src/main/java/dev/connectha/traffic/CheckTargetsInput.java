package dev.connectha.traffic;

import dev.connectha.config.Polling;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.ClusterName;
import dev.connectha.model.InstanceIds;
import java.time.Duration;
import java.util.List;

/**
 * @param cluster     the registered cluster's name
 * @param instanceIds the nodes to check; absent: every running node of the cluster
 * @param expect      {@code healthy} or {@code not-serving}
 * @param waitSeconds how long to wait for the nodes to be as expected before answering (0 to 60,
 *                    default 0: read once; at most {@link Polling#MAX_WAIT_PER_CALL} in one call), reading four
 *                    times per interval
 * @param executionId the Step Functions execution, used as the log correlation id
 */
public record CheckTargetsInput(String cluster, List<String> instanceIds, String expect, Integer waitSeconds,
    String executionId) {
  public CheckTargetsInput {
    ClusterName.require(cluster);
    Expectation.of(expect);
    if (instanceIds != null) {
      instanceIds = InstanceIds.require("instanceIds", instanceIds);
    }
    if (waitSeconds == null) {
      waitSeconds = 0;
    }
    if (waitSeconds < 0 || waitSeconds > 60) {
      throw new InvalidInputException("waitSeconds must be between 0 and 60: " + waitSeconds);
    }
  }

  public Expectation expectation() {
    return Expectation.of(expect);
  }

  /** The wait of this call: {@code waitSeconds}, at most {@link Polling#MAX_WAIT_PER_CALL}. */
  public Duration waitTime() {
    return Polling.waitOf(waitSeconds);
  }
}
