package dev.connectha.traffic;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.ClusterName;

/**
 * @param cluster     the registered cluster's name
 * @param action      {@code suspend} or {@code resume}
 * @param paused      resume only: the suspend call's output, which says what to undo
 * @param executionId the Step Functions execution, used as the log correlation id
 */
public record PauseAutomationInput(String cluster, String action, PausedAutomation paused, String executionId) {
  public PauseAutomationInput {
    ClusterName.require(cluster);
    switch (action == null ? "" : action) {
      case "suspend" -> {
        if (paused != null) {
          throw new InvalidInputException("paused is resume's input; suspend takes none");
        }
      }
      case "resume" -> {
        if (paused == null) {
          throw new InvalidInputException("resume needs paused: the suspend call's output");
        }
        if (!paused.cluster().equals(cluster)) {
          throw new InvalidInputException("paused describes cluster '" + paused.cluster() + "', not '" + cluster + "'");
        }
      }
      default -> throw new InvalidInputException("action must be suspend or resume: "
          + (action == null ? "(missing)" : "'" + action + "'"));
    }
  }

  public boolean suspend() {
    return "suspend".equals(action);
  }
}
