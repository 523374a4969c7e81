package dev.connectha.traffic;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.ClusterName;
import dev.connectha.model.InstanceIds;
import java.util.List;

/**
 * @param cluster     the registered cluster's name
 * @param action      {@code register} or {@code deregister}
 * @param instanceIds the nodes to register or deregister (required; each a node of the cluster)
 * @param executionId the Step Functions execution, used as the log correlation id
 */
public record ChangeTargetsInput(String cluster, String action, List<String> instanceIds, String executionId) {
  public static final String REGISTER = "register";
  public static final String DEREGISTER = "deregister";

  public ChangeTargetsInput {
    ClusterName.require(cluster);
    if (!REGISTER.equals(action) && !DEREGISTER.equals(action)) {
      throw new InvalidInputException("action must be register or deregister: "
          + (action == null ? "(missing)" : "'" + action + "'"));
    }
    instanceIds = InstanceIds.require("instanceIds", instanceIds);
  }

  public boolean register() {
    return REGISTER.equals(action);
  }
}
