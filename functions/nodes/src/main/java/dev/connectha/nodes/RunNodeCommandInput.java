package dev.connectha.nodes;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.ClusterName;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * @param cluster        the registered cluster's name
 * @param document       {@code stop}, {@code start} or {@code status}
 * @param instanceIds    the nodes to run it on; absent: every running node of the cluster
 * @param pollSeconds    how often to poll SSM for results (default 5; 0 to 60)
 * @param timeoutSeconds how long to wait for every node's result (default 300; 1 to 840, inside
 *                       the function's 900 s timeout)
 * @param executionId    the Step Functions execution, used as the log correlation id
 */
public record RunNodeCommandInput(
    String cluster,
    String document,
    List<String> instanceIds,
    Integer pollSeconds,
    Integer timeoutSeconds,
    String executionId) {
  private static final Pattern INSTANCE_ID = Pattern.compile("i-(?:[0-9a-f]{8}|[0-9a-f]{17})");
  static final int MAX_TIMEOUT_SECONDS = 840;

  public RunNodeCommandInput {
    ClusterName.require(cluster);
    NodeDocument.of(document);
    if (instanceIds != null) {
      if (instanceIds.isEmpty()) {
        throw new InvalidInputException("instanceIds is empty: name at least one node, or leave it out for every running node");
      }
      Set<String> seen = new HashSet<>();
      for (String id : instanceIds) {
        if (id == null || !INSTANCE_ID.matcher(id).matches()) {
          throw new InvalidInputException("not an EC2 instance id: " + (id == null ? "null" : "'" + id + "'"));
        }
        if (!seen.add(id)) {
          throw new InvalidInputException("instance " + id + " is named twice");
        }
      }
      instanceIds = List.copyOf(instanceIds);
    }
    if (pollSeconds == null) {
      pollSeconds = 5;
    }
    if (pollSeconds < 0 || pollSeconds > 60) {
      throw new InvalidInputException("pollSeconds must be between 0 and 60: " + pollSeconds);
    }
    if (timeoutSeconds == null) {
      timeoutSeconds = 300;
    }
    if (timeoutSeconds < 1 || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
      throw new InvalidInputException("timeoutSeconds must be between 1 and " + MAX_TIMEOUT_SECONDS + ": " + timeoutSeconds);
    }
  }

  public NodeDocument action() {
    return NodeDocument.of(document);
  }
}
