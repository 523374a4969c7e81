package dev.connectha.ports;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs the project's SSM documents on cluster nodes and collects each node's result. */
public interface NodeCommands {
  /**
   * One node's outcome: SSM's status ({@code Success}, {@code Failed}, {@code TimedOut}, ...), its
   * finer StatusDetails ({@code Undeliverable}, {@code Terminated}, {@code ExecutionTimedOut}, ...)
   * and output.
   */
  record CommandResult(String instanceId, String status, String statusDetails, String stdout, String stderr) {
    /** The StatusDetails SSM gives a node that was gone, or went away, before the command could finish there. */
    public static final Set<String> NODE_LOST = Set.of("Undeliverable", "Terminated", "DeliveryTimedOut");

    /** A result whose StatusDetails say no more than its status. */
    public CommandResult(String instanceId, String status, String stdout, String stderr) {
      this(instanceId, status, status, stdout, stderr);
    }

    public boolean succeeded() {
      return "Success".equals(status);
    }

    /** The command ended because the node could not be reached, or stopped or terminated under it. */
    public boolean nodeLost() {
      return ("Failed".equals(status) || "TimedOut".equals(status)) && NODE_LOST.contains(statusDetails);
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
