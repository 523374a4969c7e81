package dev.connectha.traffic;

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
 *                    default 0: read once; at most {@link #MAX_WAIT} in one call), reading four
 *                    times per interval
 * @param executionId the Step Functions execution, used as the log correlation id
 */
public record CheckTargetsInput(String cluster, List<String> instanceIds, String expect, Integer waitSeconds,
    String executionId) {
  /** The longest wait of one call, inside the function's 60 s timeout. */
  public static final Duration MAX_WAIT = Duration.ofSeconds(45);

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

  /** The wait of this call: {@code waitSeconds}, at most {@link #MAX_WAIT}. */
  public Duration waitTime() {
    return Duration.ofSeconds(Math.min(waitSeconds, MAX_WAIT.toSeconds()));
  }
}
