package dev.connectha.provision;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.ClusterName;
import dev.connectha.ports.NodeLauncher;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * @param cluster        the cluster whose node this is
 * @param action         {@code launch} (one instance from the plan), {@code await} (until it runs and its
 *                       SSM agent is Online) or {@code remove} (deregister and terminate every node this
 *                       execution launched) or {@code terminate} (the one node {@code instanceId}, retire-node's last step)
 *                       or {@code quarantine} (stop the node {@code instanceId}, not terminate it, and tag it
 *                       {@code connect-ha:needs-operator=<reason>}: remediation's retirement of a node connect-ha did not launch)
 * @param executionId    the execution that launches: its {@code connect-ha:launched-by} tag and, with the
 *                       zone, its client token; {@code remove} finds its nodes by it (required)
 * @param az             {@code launch}: the zone (its client token is per zone)
 * @param subnetId       {@code launch}: that zone's subnet
 * @param launchTemplate {@code launch}: the cluster's launch template, id or name
 * @param instanceId     {@code await}: the launched instance; {@code terminate} and {@code quarantine}: the node
 * @param pollSeconds    {@code await}: how often to look (default 5; 0 to 60; EC2 and SSM are read four times per interval, at least every 250 ms)
 * @param timeoutSeconds {@code await}: how long a boot may take (default 600; 1 to 840, inside the function's 900 s)
 * @param reason         {@code quarantine}: why, the value of its needs-operator tag (cut to 256 characters; default: a
 *                       sentence naming the execution)
 */
public record LaunchNodeInput(String cluster, String action, String executionId, String az, String subnetId,
    String launchTemplate, String instanceId, Integer pollSeconds, Integer timeoutSeconds, String reason) {
  static final Set<String> ACTIONS = Set.of("launch", "await", "remove", "terminate", "quarantine");
  private static final Pattern INSTANCE_ID = Pattern.compile("i-(?:[0-9a-f]{8}|[0-9a-f]{17})");

  public LaunchNodeInput {
    ClusterName.require(cluster);
    if (action == null || !ACTIONS.contains(action)) {
      throw new InvalidInputException("action must be launch, await, remove, terminate or quarantine: " + (action == null ? "(missing)" : "'" + action + "'"));
    }
    if (executionId == null || executionId.isBlank() || executionId.length() > 256) {
      throw new InvalidInputException("executionId (the launching execution, at most 256 characters) is required");
    }
    if (action.equals("launch")) {
      PlanProvisionInput.zone("az", az);
      if (subnetId == null || !subnetId.matches("subnet-[0-9a-f]{8,17}")) {
        throw new InvalidInputException("subnetId: not a subnet id: " + subnetId);
      }
      if (launchTemplate == null || launchTemplate.isBlank()) {
        throw new InvalidInputException("launchTemplate is required to launch");
      }
    }
    if ((action.equals("await") || action.equals("terminate") || action.equals("quarantine")) && (instanceId == null || !INSTANCE_ID.matcher(instanceId).matches())) {
      throw new InvalidInputException("instanceId: not an EC2 instance id: " + instanceId);
    }
    pollSeconds = pollSeconds == null ? 5 : pollSeconds;
    if (pollSeconds < 0 || pollSeconds > 60) {
      throw new InvalidInputException("pollSeconds must be between 0 and 60: " + pollSeconds);
    }
    timeoutSeconds = timeoutSeconds == null ? 600 : timeoutSeconds;
    if (timeoutSeconds < 1 || timeoutSeconds > 840) {
      throw new InvalidInputException("timeoutSeconds must be between 1 and 840: " + timeoutSeconds);
    }
    if (action.equals("quarantine")) {
      reason = reason == null || reason.isBlank() ? "failed; stopped for an operator by " + executionId : reason.strip();
      reason = reason.length() > NodeLauncher.TAG_VALUE_MAX ? reason.substring(0, NodeLauncher.TAG_VALUE_MAX) : reason;
    }
  }

  /** An input of an action that takes no reason. */
  public LaunchNodeInput(String cluster, String action, String executionId, String az, String subnetId,
      String launchTemplate, String instanceId, Integer pollSeconds, Integer timeoutSeconds) {
    this(cluster, action, executionId, az, subnetId, launchTemplate, instanceId, pollSeconds, timeoutSeconds, null);
  }
}
