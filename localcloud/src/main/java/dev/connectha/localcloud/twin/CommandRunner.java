package dev.connectha.localcloud.twin;

import dev.connectha.config.DocumentKind;
import dev.connectha.localcloud.AwsClients;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.ssm.model.CommandInvocationStatus;

/**
 * Runs one command's script on one simulated node: writes the node's file tree and stub commands
 * ({@link NodeRoot}), runs the real script against them, then reads back what it changed and logs
 * the Connect starts and stops it made with the {@link UpgradeRule}. One script at a time, with the
 * nodes settled first: the metadata database is shared. The BootstrapNode document, which prepares a
 * launched node before Connect is on it, runs against the node's {@link BareNode} layout instead.
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
  private final AwsClients aws;
  private final NodeFaults faults;

  CommandRunner(Path workDir, PackageRepository packages, UpgradeRule upgradeRule, AwsClients aws, NodeFaults faults) {
    this.workDir = workDir;
    this.packages = packages;
    this.upgradeRule = upgradeRule;
    this.aws = aws;
    this.faults = faults;
  }

  /**
   * Runs {@code document}'s {@code script} on {@code node} now: how the invocation ends, as SSM reports it.
   * The document's kind, whatever its stack's prefix, tells how: the one that prepares a launched node
   * ({@link DocumentKind#BOOTSTRAP_NODE}) runs against the node's {@link BareNode} layout.
   */
  CommandOutcome run(String document, String script, SimNode node) {
    boolean bootstrap = DocumentKind.ofName(document).filter(DocumentKind.BOOTSTRAP_NODE::equals).isPresent();
    return upgradeRule.settled(() -> bootstrap ? bootstrap(script, node) : runScript(script, node));
  }

  /**
   * Runs the bootstrap against the node's {@link BareNode} layout, its {@code aws} stub answering
   * from the local cloud's SSM parameters and Secrets Manager secrets as they are now, then reads
   * back what it did.
   */
  private CommandOutcome bootstrap(String script, SimNode node) {
    Path parent = workDir.resolve(node.instanceId);
    return attempt(() -> {
      NodeRoot.delete(parent);
      BareNode bare = BareNode.of(parent, node, aws.region(), parameters(), secrets());
      NodeRoot.ScriptRun run = NodeRoot.run(bare.dir, bare.bin, script, bare.environment(), Duration.ofSeconds(60));
      bare.readBack(node);
      return run;
    });
  }

  /** Every SSM parameter, decrypted, by name. */
  private Map<String, String> parameters() {
    Map<String, String> values = new LinkedHashMap<>();
    aws.ssm.describeParametersPaginator(b -> b.maxResults(50)).stream().flatMap(r -> r.parameters().stream()).forEach(p ->
        values.put(p.name(), aws.ssm.getParameter(b -> b.name(p.name()).withDecryption(true)).parameter().value()));
    return values;
  }

  /** Every readable secret's SecretString, by name and by ARN. */
  private Map<String, String> secrets() {
    Map<String, String> values = new LinkedHashMap<>();
    aws.secretsManager.listSecretsPaginator(b -> b.maxResults(100)).stream().flatMap(r -> r.secretList().stream()).forEach(s -> {
      if (s.deletedDate() == null) {
        String value = aws.secretsManager.getSecretValue(b -> b.secretId(s.arn())).secretString();
        if (value != null) {
          values.put(s.name(), value);
          values.put(s.arn(), value);
        }
      }
    });
    return values;
  }

  /** A script run on a node's file tree, and what is read back after it. */
  private interface Attempt {
    NodeRoot.ScriptRun run() throws IOException, InterruptedException;
  }

  /** How the invocation of {@code attempt} ends, as SSM reports it (Failed when the node's tree cannot be used). */
  private static CommandOutcome attempt(Attempt attempt) {
    try {
      NodeRoot.ScriptRun run = attempt.run();
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

  /** Runs {@code script} against the node's file tree, then reads back what it changed and logs its starts and stops. */
  private CommandOutcome runScript(String script, SimNode node) {
    Path dir = workDir.resolve(node.instanceId);
    Path bin = NodeRoot.write(dir, node, new NodeRoot.Cluster(packages, upgradeRule.schemaVersion(), faults.licenseExpired()));
    return attempt(() -> {
      NodeRoot.ScriptRun run = NodeRoot.run(dir, bin, script, Map.of("CONNECT_HA_STOP_TIMEOUT", SCRIPT_WAIT_SECONDS,
          "CONNECT_HA_START_TIMEOUT", SCRIPT_WAIT_SECONDS), Duration.ofSeconds(60));
      upgradeRule.record(node, NodeRoot.readBack(dir, node));
      return run;
    });
  }

  /**
   * Connect crashed on {@code node}: the service failed (systemd shows {@code failed}), nothing
   * answers {@code /__ping__}; a start brings it back (logged as a stop).
   */
  void crashed(SimNode node) {
    upgradeRule.settled(() -> {
      if (node.serviceActive) {
        node.journal.add("rstudio-connect.service: Main process exited, code=killed, status=9/KILL");
        node.journal.add("rstudio-connect.service: Failed with result 'signal'.");
      }
      node.serviceActive = false;
      node.serviceFailed = true;
      upgradeRule.settle();
      return null;
    });
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
