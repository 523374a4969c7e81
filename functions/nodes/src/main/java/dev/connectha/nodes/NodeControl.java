package dev.connectha.nodes;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.connectha.ports.ClusterRegistry;
import dev.connectha.ports.LearnedStates;
import dev.connectha.ports.NodeCommands;
import dev.connectha.ports.NodeCommands.CommandResult;
import dev.connectha.ports.NodeDirectory;
import dev.connectha.config.Config;
import dev.connectha.config.Polling;
import dev.connectha.errors.ClusterNotFoundException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.errors.UnsafeToProceedException;
import dev.connectha.json.Json;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ClusterVersions;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.ConnectPackages;
import dev.connectha.model.Node;
import dev.connectha.model.RunAsAccount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.inject.Inject;

/**
 * Stops, starts, checks, stages or installs Connect on a cluster's nodes with the project's SSM
 * documents, and waits for every node's result.
 *
 * <p>Everything that can be checked is checked before a command is sent: the input (by
 * {@link RunNodeCommandInput}: the document, a well-formed {@code version}), the cluster's
 * registration ({@code ClusterNotFoundException}), the package source a stage downloads from (the
 * input's, else the cluster document's: a document without a usable one is a
 * {@link PreconditionFailedException}), and the nodes: an instance that is not a node of the
 * cluster, or a named node that is not running, is a {@link PreconditionFailedException}, and so
 * is a cluster without a running node to act on.
 *
 * <p>A node that fails the command does not fail the call. The result lists every node with its
 * SSM status, what the document reported and, when the node did not reach the document's goal,
 * why; {@code allSucceeded} sums it up. A node whose instance stops or terminates under the
 * command (SSM: {@code Failed}/{@code TimedOut} with StatusDetails {@code Undeliverable},
 * {@code Terminated} or {@code DeliveryTimedOut}) ends the wait for it at once and says so. The
 * callers decide: an upgrade must not go on while one node still runs, a remediation restarting
 * one node may, and a status check is a report.
 * Throwing on the first failed node would hide the others' state, which is what a rollback needs.
 *
 * <p>A start never starts an old binary against a migrated schema, whichever workflow asks: when the
 * learned schema version is ahead of the version the nodes were last seen on (a halted or running
 * upgrade), each target's installed version is read first ({@code <stack>-ConnectStatus}), and a
 * node older than the schema, or whose version cannot be read, is sent no start and reported
 * {@link #REFUSED} with the reason. Otherwise every node is known to be at the schema's version
 * (nodes are launched with it) and the start costs no extra round trip.
 */
public final class NodeControl {
  /** What the documents print (each prints a subset; a stage prints the package and its version). */
  record Printed(String serviceState, Boolean ping, String connectVersion, String staged, String version, Integer pingStatus) {}

  /** The reason given for a node SSM could not reach, or that went away under the command. */
  static final String NODE_LOST = "instance stopped or terminated during the command";

  /** The status of a node that was sent no start because its binary is older than the schema. */
  static final String REFUSED = "Refused";

  private final ClusterRegistry registry;
  private final NodeDirectory nodes;
  private final NodeCommands commands;
  private final LearnedStates learned;
  private final Config config;

  @Inject
  public NodeControl(ClusterRegistry registry, NodeDirectory nodes, NodeCommands commands, LearnedStates learned,
      Config config) {
    this.registry = registry;
    this.nodes = nodes;
    this.commands = commands;
    this.learned = learned;
    this.config = config;
  }

  public NodeCommandReport run(RunNodeCommandInput input) {
    NodeDocument document = input.action();
    ClusterDocument cluster = registry.load(input.cluster());
    Map<String, List<String>> parameters = parameters(document, input, cluster);
    List<String> targets = targets(cluster.name(), input.instanceIds(), input.exceptInstanceIds(), document);
    String documentName = document.documentName(config);
    String wanted = document == NodeDocument.STAGE || document == NodeDocument.INSTALL ? input.version() : input.expectVersion();
    Map<String, NodeResult> refused = document == NodeDocument.START ? oldBinaries(cluster, targets, input) : Map.of();
    List<String> sent = targets.stream().filter(id -> !refused.containsKey(id)).toList();
    Map<String, NodeResult> byId = new HashMap<>(refused);
    if (!sent.isEmpty()) {
      commands.run(documentName, parameters, sent, Polling.readInterval(input.pollSeconds()),
              Duration.ofSeconds(input.timeoutSeconds()))
          .forEach(r -> byId.put(r.instanceId(), result(document, r, input.timeoutSeconds(), wanted)));
    }
    List<NodeResult> results = targets.stream().map(byId::get).toList();
    List<String> running = document != NodeDocument.STATUS ? null : results.stream()
        .filter(r -> r.succeeded() && NodeDocument.running(r.serviceState())).map(NodeResult::instanceId).toList();
    List<String> refusals = results.stream().filter(r -> refused.containsKey(r.instanceId()))
        .map(r -> r.instanceId() + ": " + r.error()).toList();
    List<String> missed = results.stream().filter(r -> !r.succeeded()).map(r -> r.instanceId() + ": " + r.error()).toList();
    if (input.requireSuccess() && !missed.isEmpty()) {
      throw new UnsafeToProceedException(document.id() + " did not succeed on " + String.join("; ", missed));
    }
    return new NodeCommandReport(cluster.name(), document.id(), documentName, results,
        results.stream().allMatch(NodeResult::succeeded), running, refusals,
        results.stream().filter(r -> !refused.containsKey(r.instanceId())).allMatch(NodeResult::succeeded));
  }

  /**
   * The targets a start must not reach, each with why: when the schema is ahead of the version the
   * nodes were last seen on, a node whose installed version is older than the schema's (or cannot be
   * read). Empty, with nothing read, when the schema is not ahead.
   */
  private Map<String, NodeResult> oldBinaries(ClusterDocument cluster, List<String> targets, RunNodeCommandInput input) {
    ClusterVersions versions = learned.versionsOf(cluster);
    ConnectVersion schema = versions.schemaVersion();
    if (!schema.isNewerThan(versions.nodesVersion())) {
      return Map.of();
    }
    Map<String, NodeResult> refused = new LinkedHashMap<>();
    for (CommandResult read : commands.run(NodeDocument.STATUS.documentName(config), Map.of(), targets,
        Polling.readInterval(input.pollSeconds()), Duration.ofSeconds(input.timeoutSeconds()))) {
      NodeResult status = result(NodeDocument.STATUS, read, input.timeoutSeconds(), null);
      String why = refusal(status, schema);
      if (why != null) {
        refused.put(status.instanceId(), NodeResult.missed(status.instanceId(), REFUSED, status.serviceState(),
            status.ping(), status.connectVersion(), null, why));
      }
    }
    return refused;
  }

  /** Why a node with this status must not be started against a schema at {@code schema}; null when it may. */
  private static String refusal(NodeResult status, ConnectVersion schema) {
    String never = ": never start an old binary against a migrated schema";
    if (!status.succeeded()) {
      return "its installed version could not be read (" + status.error() + "), the schema is at " + schema
          + ": not started" + never;
    }
    if (status.connectVersion() == null) {
      return "no Connect is installed, the schema is at " + schema + ": not started";
    }
    ConnectVersion installed;
    try {
      installed = ConnectVersion.parse(status.connectVersion());
    } catch (RuntimeException e) {
      return "its installed version '" + status.connectVersion() + "' is not a Connect version, the schema is at "
          + schema + ": not started" + never;
    }
    return schema.isNewerThan(installed)
        ? "installed " + installed + " is older than the schema's " + schema + never : null;
  }

  /** The SSM document's parameters: a stage's version and package source, an install's version. */
  private static Map<String, List<String>> parameters(NodeDocument document, RunNodeCommandInput input,
      ClusterDocument cluster) {
    return switch (document) {
      case STAGE -> {
        String source = input.packageSource();
        if (source == null) {
          if (!ConnectPackages.validSource(cluster.packageSource())) {
            throw new PreconditionFailedException("nothing sent: cluster " + cluster.name()
                + " has no usable packageSource to stage from (" + (cluster.packageSource() == null ? "none"
                    : "'" + cluster.packageSource() + "'") + "); register one, or pass packageSource");
          }
          source = ConnectPackages.requireSource(cluster.packageSource());
        }
        yield Map.of("version", List.of(input.version()), "packageSource", List.of(source));
      }
      case INSTALL -> Map.of("version", List.of(input.version()));
      case BOOTSTRAP -> bootstrapParameters(cluster);
      default -> Map.of();
    };
  }

  /**
   * The BootstrapNode document's parameters, all from the cluster document: the secrets' ids, never
   * their values (the node reads those itself).
   */
  private static Map<String, List<String>> bootstrapParameters(ClusterDocument cluster) {
    List<String> missing = cluster.missingForProvisioning();
    if (!missing.isEmpty()) {
      throw new PreconditionFailedException("nothing sent: cluster " + cluster.name() + " cannot bootstrap a node without "
          + String.join(", ", missing) + " in its cluster document");
    }
    Map<String, List<String>> p = new LinkedHashMap<>();
    p.put("fileSystemId", List.of(cluster.fileSystemId()));
    p.put("dataDir", List.of(cluster.dataDir()));
    p.put("configParameter", List.of(cluster.configParameter()));
    p.put("dbPasswordSecretId", List.of(cluster.dbPasswordSecretId()));
    p.put("licenseKeySecretId", List.of(cluster.licenseKeySecretId() == null ? "" : cluster.licenseKeySecretId()));
    p.put("connectUid", List.of(cluster.connectUid().toString()));
    p.put("connectGid", List.of(cluster.connectGid().toString()));
    p.put("runAsAccounts", List.of(cluster.runAsAccounts().stream().map(RunAsAccount::asParameter)
        .collect(Collectors.joining(" "))));
    return p;
  }

  /**
   * The nodes to send to: the named ones, each a running node of the cluster, else every running
   * node but the {@code excepted}.
   */
  private List<String> targets(String cluster, List<String> named, List<String> excepted, NodeDocument document) {
    List<Node> members = nodes.nodesOf(cluster);
    if (named == null) {
      List<String> running = members.stream().filter(Node::running).map(Node::instanceId)
          .filter(id -> excepted == null || !excepted.contains(id)).toList();
      if (running.isEmpty()) {
        throw new PreconditionFailedException("cluster " + cluster + " has no running node to " + document.id()
            + (excepted == null || excepted.isEmpty() ? "" : " but " + String.join(", ", excepted))
            + (members.isEmpty() ? ": no instance carries the tag " + NodeDirectory.CLUSTER_TAG + "=" + cluster
                : ": " + members.stream().map(n -> n.instanceId() + " " + n.state()).collect(Collectors.joining(", "))));
      }
      return running;
    }
    Map<String, Node> byId = members.stream().collect(Collectors.toMap(Node::instanceId, Function.identity()));
    List<String> problems = new ArrayList<>();
    for (String id : named) {
      Node node = byId.get(id);
      if (node == null) {
        problems.add(id + " is not a node of cluster " + cluster);
      } else if (!node.running()) {
        problems.add(id + " is " + node.state() + ", not running");
      }
    }
    if (!problems.isEmpty()) {
      throw new PreconditionFailedException("nothing sent: " + String.join("; ", problems) + " (nodes of " + cluster + ": "
          + (members.isEmpty() ? "none" : members.stream().map(n -> n.instanceId() + " " + n.state())
              .collect(Collectors.joining(", "))) + ")");
    }
    return named;
  }

  static NodeResult result(NodeDocument document, CommandResult command, int timeoutSeconds, String wantedVersion) {
    String id = command.instanceId();
    if ("InProgress".equals(command.status()) || "Pending".equals(command.status()) || "Delayed".equals(command.status())) {
      return NodeResult.missed(id, command.status(),
          document.id() + " still " + command.status() + " after " + timeoutSeconds + " s");
    }
    if (command.nodeLost()) {
      return NodeResult.missed(id, command.status(), document.id() + " " + command.status() + " ("
          + command.statusDetails() + "): " + NODE_LOST + " (" + tail(command.stderr()) + ")");
    }
    if (!command.succeeded()) {
      return NodeResult.missed(id, command.status(), document.id() + " " + command.status() + ": " + tail(command.stderr()));
    }
    Printed printed;
    try {
      printed = command.stdout() == null || command.stdout().isBlank() ? null
          : Json.MAPPER.readValue(command.stdout(), Printed.class);
    } catch (JsonProcessingException e) {
      return NodeResult.missed(id, command.status(), document.id() + " printed no valid JSON: " + e.getOriginalMessage());
    }
    if (printed == null) {
      return NodeResult.missed(id, command.status(), document.id() + " printed nothing");
    }
    String missed = document.missedGoal(printed, wantedVersion);
    return (missed == null
        ? NodeResult.reached(id, command.status(), printed.serviceState(), printed.ping(), printed.connectVersion(),
            printed.staged())
        : NodeResult.missed(id, command.status(), printed.serviceState(), printed.ping(), printed.connectVersion(),
            printed.staged(), missed)).withPingStatus(printed.pingStatus());
  }

  /** SnapStart priming: one harmless read (a cluster that cannot exist) through the SDK. */
  void prime() {
    try {
      registry.load("connect-ha-snapstart-priming");
    } catch (ClusterNotFoundException expected) {
      // the point was to load the client, not to find a cluster
    }
  }

  private static String tail(String text) {
    if (text == null || text.isBlank()) {
      return "(no output)";
    }
    String stripped = text.strip();
    return stripped.length() > 500 ? "..." + stripped.substring(stripped.length() - 500) : stripped;
  }
}
