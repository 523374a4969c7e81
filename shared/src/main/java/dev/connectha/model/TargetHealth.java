package dev.connectha.model;

/** One registered target as the load balancer sees it. */
public record TargetHealth(String instanceId, String state, String reason) {
  public boolean healthy() {
    return "healthy".equals(state);
  }
}
