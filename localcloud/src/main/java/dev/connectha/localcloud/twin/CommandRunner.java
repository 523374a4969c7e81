package dev.connectha.localcloud.twin;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.ssm.model.CommandInvocationStatus;

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

  /** Runs {@code script} on {@code node} now: how the invocation ends, as SSM reports it. */
  CommandOutcome run(String script, SimNode node) {
    return upgradeRule.settled(() -> runScript(script, node));
  }

  /** Runs {@code script} against the node's file tree, then reads back what it changed and logs its starts and stops. */
  private CommandOutcome runScript(String script, SimNode node) {
    Path dir = workDir.resolve(node.instanceId);
    Path bin = NodeRoot.write(dir, node, new NodeRoot.Cluster(packages, upgradeRule.schemaVersion()));
    try {
      NodeRoot.ScriptRun run = NodeRoot.run(dir, bin, script, Map.of("CONNECT_HA_STOP_TIMEOUT", SCRIPT_WAIT_SECONDS,
          "CONNECT_HA_START_TIMEOUT", SCRIPT_WAIT_SECONDS), Duration.ofSeconds(60));
      upgradeRule.record(node, NodeRoot.readBack(dir, node));
      if (run.timedOut()) {
        return CommandOutcome.timedOut();
      }
      return CommandOutcome.of(run.exit() == 0 ? CommandInvocationStatus.SUCCESS : CommandInvocationStatus.FAILED,
          run.exit(), run.stdout(), run.stderr());
    } catch (IOException e) {
      return CommandOutcome.of(CommandInvocationStatus.FAILED, -1, "", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CommandOutcome.of(CommandInvocationStatus.CANCELLED, -1, "", "interrupted");
    }
  }

  /** The node's EC2 instance stopped or terminated: its Connect went down with it (logged as a stop). */
  void died(SimNode node, String how) {
    upgradeRule.settled(() -> {
      if (node.serviceActive) {
        node.journal.add("rstudio-connect: stopped: the instance was " + how);
      }
      node.serviceActive = false;
      node.serviceFailed = false;
      upgradeRule.settle();
      return null;
    });
  }
}
