package dev.connectha.ports;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Runs the project's SSM documents on cluster nodes and collects each node's result. */
public interface NodeCommands {
  /** One node's outcome: SSM's status ({@code Success}, {@code Failed}, {@code TimedOut}, ...) and output. */
  record CommandResult(String instanceId, String status, String stdout, String stderr) {
    public boolean succeeded() {
      return "Success".equals(status);
    }
  }

  /**
   * Sends {@code document} with its {@code parameters} (SSM's {@code Parameters}: name to values;
   * empty for a document without parameters) to {@code instanceIds} and waits, polling every
   * {@code poll}, until every node has finished or {@code timeout} passed. Results are in the
   * order of {@code instanceIds}.
   */
  List<CommandResult> run(String document, Map<String, List<String>> parameters, List<String> instanceIds,
      Duration poll, Duration timeout);

  /** {@link #run(String, Map, List, Duration, Duration)} of a document without parameters. */
  default List<CommandResult> run(String document, List<String> instanceIds, Duration poll, Duration timeout) {
    return run(document, Map.of(), instanceIds, poll, timeout);
  }
}
