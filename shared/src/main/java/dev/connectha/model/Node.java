package dev.connectha.model;

/** An EC2 instance tagged {@code connect-ha:cluster=<name>}. */
public record Node(String instanceId, String availabilityZone, String subnetId, String state, String privateIp) {
  public boolean running() {
    return "running".equals(state);
  }
}
