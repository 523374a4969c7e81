package dev.connectha.traffic;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.ClusterName;

/**
 * @param cluster     the registered cluster's name
 * @param action      {@code on} or {@code off}
 * @param executionId the Step Functions execution, used as the log correlation id
 */
public record MaintenancePageInput(String cluster, String action, String executionId) {
  public MaintenancePageInput {
    ClusterName.require(cluster);
    if (!"on".equals(action) && !"off".equals(action)) {
      throw new InvalidInputException("action must be on or off: " + (action == null ? "(missing)" : "'" + action + "'"));
    }
  }

  public boolean on() {
    return "on".equals(action);
  }
}
