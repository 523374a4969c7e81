package dev.connectha.nodes;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.ClusterName;
import dev.connectha.model.ConnectPackages;
import dev.connectha.model.ConnectVersion;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * @param cluster        the registered cluster's name
 * @param document       {@code stop}, {@code start}, {@code status}, {@code stage}, {@code install},
 *                       {@code bootstrap} (its parameters come from the cluster document) or {@code deactivate}
 *                       (the licence of a retiring node)
 * @param instanceIds    the nodes to run it on; absent: every running node of the cluster (required to bootstrap)
 * @param exceptInstanceIds only without {@code instanceIds} (optional): nodes to leave out of
 *                       "every running node", e.g. a node whose installed binary must not start
 * @param pollSeconds    the workflow's poll interval (default 5; 0 to 60); SSM is read four times as
 *                       often, at least every 250 ms
 * @param timeoutSeconds how long to wait for every node's result (default 300; 1 to 840, inside
 *                       the function's 900 s timeout)
 * @param executionId    the Step Functions execution, used as the log correlation id
 * @param version        {@code stage} and {@code install} (required there, refused elsewhere): the
 *                       Connect version to download or install, {@code YYYY.MM.PATCH}
 * @param packageSource  {@code stage} only (optional): where to download from; default the
 *                       cluster document's {@code packageSource}
 * @param expectVersion  {@code start} and {@code status} only (optional): a node that reports
 *                       another Connect version has not reached the goal
 * @param requireSuccess optional (default false): a node that did not reach the goal fails the call with
 *                       {@code UnsafeToProceedException} naming it and why, instead of a report that says so
 */
public record RunNodeCommandInput(
    String cluster,
    String document,
    List<String> instanceIds,
    Integer pollSeconds,
    Integer timeoutSeconds,
    String executionId,
    String version,
    String packageSource,
    String expectVersion,
    List<String> exceptInstanceIds,
    Boolean requireSuccess) {
  private static final Pattern INSTANCE_ID = Pattern.compile("i-(?:[0-9a-f]{8}|[0-9a-f]{17})");
  static final int MAX_TIMEOUT_SECONDS = 840;

  @JsonCreator
  public RunNodeCommandInput {
    ClusterName.require(cluster);
    NodeDocument action = NodeDocument.of(document);
    if (instanceIds != null) {
      if (instanceIds.isEmpty()) {
        throw new InvalidInputException("instanceIds is empty: name at least one node, or leave it out for every running node");
      }
      instanceIds = instanceIdsOf("instanceIds", instanceIds);
    }
    if (exceptInstanceIds != null) {
      if (instanceIds != null) {
        throw new InvalidInputException("exceptInstanceIds is only for every running node: leave out instanceIds, or"
            + " name only the nodes to run on");
      }
      exceptInstanceIds = instanceIdsOf("exceptInstanceIds", exceptInstanceIds);
    }
    if ((action == NodeDocument.BOOTSTRAP || action == NodeDocument.DEACTIVATE) && instanceIds == null) {
      throw new InvalidInputException("instanceIds is required to " + action.id() + ": it is for a launched or a retiring node,"
          + " never every node");
    }
    requireSuccess = Boolean.TRUE.equals(requireSuccess);
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
    boolean installs = action == NodeDocument.STAGE || action == NodeDocument.INSTALL;
    if (installs && version == null) {
      throw new InvalidInputException("version is required to " + action.id() + " (YYYY.MM.PATCH, e.g. 2024.10.0)");
    }
    if (!installs && version != null) {
      throw new InvalidInputException("version is only for stage and install"
          + (action == NodeDocument.START || action == NodeDocument.STATUS ? "; to check the running version, use expectVersion" : ""));
    }
    version = version == null ? null : versionOf("version", version);
    if (packageSource != null) {
      if (action != NodeDocument.STAGE) {
        throw new InvalidInputException("packageSource is only for stage");
      }
      packageSource = ConnectPackages.requireSource(packageSource);
    }
    if (expectVersion != null) {
      if (action != NodeDocument.START && action != NodeDocument.STATUS) {
        throw new InvalidInputException("expectVersion is only for start and status"
            + (installs ? "; " + action.id() + " checks the version it was given" : ""));
      }
      expectVersion = versionOf("expectVersion", expectVersion);
    }
  }

  /** The ids, each an EC2 instance id named once, or an {@link InvalidInputException} that names the field. */
  private static List<String> instanceIdsOf(String field, List<String> ids) {
    Set<String> seen = new HashSet<>();
    for (String id : ids) {
      if (id == null || !INSTANCE_ID.matcher(id).matches()) {
        throw new InvalidInputException("not an EC2 instance id in " + field + ": " + (id == null ? "null" : "'" + id + "'"));
      }
      if (!seen.add(id)) {
        throw new InvalidInputException("instance " + id + " is named twice in " + field);
      }
    }
    return List.copyOf(ids);
  }

  /** The version, normalised ({@code 2024.10.0}), or an {@link InvalidInputException} that names the field. */
  private static String versionOf(String field, String text) {
    try {
      return ConnectVersion.parse(text).toString();
    } catch (InvalidInputException e) {
      throw new InvalidInputException(field + ": " + e.getMessage());
    }
  }

  /** A stop, start or status without the upgrade's fields. */
  public RunNodeCommandInput(String cluster, String document, List<String> instanceIds, Integer pollSeconds,
      Integer timeoutSeconds, String executionId) {
    this(cluster, document, instanceIds, pollSeconds, timeoutSeconds, executionId, null, null, null, null, null);
  }

  public NodeDocument action() {
    return NodeDocument.of(document);
  }
}
