package dev.connectha.localcloud.twin;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Runs one command's script on one simulated node: writes the node's file tree and stub commands
 * ({@link NodeRoot}), runs the real script against them, then reads back what it changed and logs
 * the Connect starts and stops it made with the {@link UpgradeRule}. One script at a time, with the
 * nodes settled first: the metadata database is shared.
 */
final class CommandRunner {
  /**
   * How long the node-control scripts wait for Connect to stop or answer /__ping__ on the twin
   * (their own defaults are 60 and 120 s). Nothing changes on a simulated node while a script
   * waits, so waiting longer would only slow the tests.
   */
  static final String SCRIPT_WAIT_SECONDS = "2";

  private final Path workDir;
  private final PackageRepository packages;
  private final UpgradeRule upgradeRule;

  CommandRunner(Path workDir, PackageRepository packages, UpgradeRule upgradeRule) {
    this.workDir = workDir;
    this.packages = packages;
    this.upgradeRule = upgradeRule;
  }

  /** The run of {@code script} on {@code node}, done (as SSM reports it) at {@code done}. */
  CommandRun run(String commandId, String document, String script, SimNode node, Instant now, Instant done) {
    return upgradeRule.settled(() -> runScript(commandId, node.instanceId, document, script, node, now, done));
  }

  /** Runs {@code script} against the node's file tree, then reads back what it changed and logs its starts and stops. */
  private CommandRun runScript(String commandId, String instanceId, String document, String script, SimNode node,
      Instant now, Instant done) {
    Path dir = workDir.resolve(instanceId);
    Path bin = NodeRoot.write(dir, node, new NodeRoot.Cluster(packages, upgradeRule.schemaVersion()));
    try {
      NodeRoot.ScriptRun run = NodeRoot.run(dir, bin, script, Map.of("CONNECT_HA_STOP_TIMEOUT", SCRIPT_WAIT_SECONDS,
          "CONNECT_HA_START_TIMEOUT", SCRIPT_WAIT_SECONDS), Duration.ofSeconds(60));
      upgradeRule.record(node, NodeRoot.readBack(dir, node));
      if (run.timedOut()) {
        return new CommandRun(commandId, instanceId, document, "TimedOut", -1, "", "timed out", now, done);
      }
      return new CommandRun(commandId, instanceId, document, run.exit() == 0 ? "Success" : "Failed", run.exit(),
          run.stdout(), run.stderr(), now, done);
    } catch (IOException e) {
      return new CommandRun(commandId, instanceId, document, "Failed", -1, "", e.getMessage(), now, done);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new CommandRun(commandId, instanceId, document, "Cancelled", -1, "", "interrupted", now, done);
    }
  }
}
