package dev.connectha.locks;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.ClusterName;
import java.time.Duration;

/**
 * @param cluster      the cluster to lock or unlock
 * @param owner        who holds it: the Step Functions execution ARN ({@code $$.Execution.Id})
 * @param workflow     what holds it, for whoever is refused (e.g. {@code backup}); acquire only
 * @param leaseSeconds how long the lock lasts unless released or renewed (default 3600; 60 to 86400); acquire only
 * @param executionId  the execution, used as the log correlation id
 */
public record LockInput(String cluster, String owner, String workflow, Integer leaseSeconds, String executionId) {
  public LockInput {
    ClusterName.require(cluster);
    if (owner == null || owner.isBlank() || owner.length() > 2048) {
      throw new InvalidInputException("owner (the execution ARN) is required");
    }
    if (workflow == null || workflow.isBlank()) {
      workflow = "unnamed";
    }
    if (leaseSeconds == null) {
      leaseSeconds = 3600;
    }
    if (leaseSeconds < 60 || leaseSeconds > 86_400) {
      throw new InvalidInputException("leaseSeconds must be between 60 and 86400: " + leaseSeconds);
    }
  }

  public Duration lease() {
    return Duration.ofSeconds(leaseSeconds);
  }
}
