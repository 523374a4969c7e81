package dev.connectha.model;

import java.time.Instant;

/**
 * An EC2 instance tagged {@code connect-ha:cluster=<name>}.
 *
 * @param launchedAt when EC2 launched it (null when not known): ensure-capacity retires the newest first
 */
public record Node(String instanceId, String availabilityZone, String subnetId, String state, String privateIp,
    Instant launchedAt) {
  /** A node whose launch time is not known. */
  public Node(String instanceId, String availabilityZone, String subnetId, String state, String privateIp) {
    this(instanceId, availabilityZone, subnetId, state, privateIp, null);
  }

  public boolean running() {
    return "running".equals(state);
  }
}
