package dev.connectha.aws;

import java.time.Duration;
import java.util.List;

/** Runs the project's SSM documents on cluster nodes and collects each node's result. */
public interface NodeCommands {
  /** One node's outcome: SSM's status ({@code Success}, {@code Failed}, {@code TimedOut}, ...) and output. */
  record CommandResult(String instanceId, String status, String stdout, String stderr) {
    public boolean succeeded() {
      return "Success".equals(status);
    }
  }

  /**
   * Sends {@code document} to {@code instanceIds} and waits, polling every {@code poll}, until
   * every node has finished or {@code timeout} passed. Results are in the order of {@code instanceIds}.
   */
  List<CommandResult> run(String document, List<String> instanceIds, Duration poll, Duration timeout);
}
