package dev.connectha.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.connectha.config.DocumentKind;
import dev.connectha.ports.ClusterRegistry;
import dev.connectha.ports.Database;
import dev.connectha.ports.FileSystems;
import dev.connectha.ports.LearnedStates;
import dev.connectha.ports.NodeCommands;
import dev.connectha.ports.NodeCommands.CommandResult;
import dev.connectha.ports.NodeDirectory;
import dev.connectha.ports.TargetGroupSettings;
import dev.connectha.config.Config;
import dev.connectha.errors.ClusterNotFoundException;
import dev.connectha.json.Json;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ClusterState;
import dev.connectha.model.Node;
import dev.connectha.model.NodeFacts;
import dev.connectha.model.NodeReport;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.inject.Inject;

/**
 * Reads the cluster document and its learned versions, and observes the cluster: nodes, target group, database,
 * files, node facts. For the eks topology it looks for no instance and runs no command: Connect's pods are
 * RunWorkloadCommand's to read.
 */
public final class ClusterDescriber {
  private final ClusterRegistry registry;
  private final LearnedStates learned;
  private final NodeDirectory nodes;
  private final TargetGroupSettings targetGroup;
  private final Database database;
  private final FileSystems fileSystems;
  private final NodeCommands commands;
  private final Config config;
  private final Clock clock;

  @Inject
  public ClusterDescriber(ClusterRegistry registry, LearnedStates learned, NodeDirectory nodes, TargetGroupSettings targetGroup, Database database,
      FileSystems fileSystems, NodeCommands commands, Config config, Clock clock) {
    this.registry = registry;
    this.learned = learned;
    this.nodes = nodes;
    this.targetGroup = targetGroup;
    this.database = database;
    this.fileSystems = fileSystems;
    this.commands = commands;
    this.config = config;
    this.clock = clock;
  }

  public ClusterState describe(DescribeClusterInput input) {
    ClusterDocument cluster = registry.load(input.cluster());
    // eks: Connect runs as pods, which RunWorkloadCommand reads; there are no instances to find or ask
    List<Node> members = cluster.onEks() ? List.of() : nodes.nodesOf(cluster.name());
    List<String> running = members.stream().filter(Node::running).map(Node::instanceId).toList();
    List<NodeReport> reports = cluster.onEks() ? List.of()
        : commands.run(config.documentName(DocumentKind.NODE_FACTS), running,
            Duration.ofSeconds(Math.max(1, input.pollSeconds())), config.commandTimeout())
        .stream().map(ClusterDescriber::report).toList();
    return new ClusterState(
        cluster,
        learned.versionsOf(cluster),
        clock.instant(),
        members,
        cluster.targetGroupArn() == null ? null : targetGroup.describe(cluster.targetGroupArn()),
        database.describe(cluster),
        fileSystems.describe(cluster.fileSystemId()),
        reports);
  }

  /** SnapStart priming: one harmless read (a cluster that cannot exist) through the SDK. */
  void prime() {
    try {
      registry.load("connect-ha-snapstart-priming");
    } catch (ClusterNotFoundException expected) {
      // the point was to load the client, not to find a cluster
    }
  }

  static NodeReport report(CommandResult result) {
    if (!result.succeeded()) {
      return new NodeReport(result.instanceId(), result.status(), null,
          "node facts command " + result.status() + ": " + tail(result.stderr()));
    }
    NodeFacts facts;
    try {
      // SSM leaves StandardOutputContent out when the script printed nothing; "null" parses to null.
      facts = result.stdout() == null ? null : Json.MAPPER.readValue(result.stdout(), NodeFacts.class);
    } catch (JsonProcessingException e) {
      return new NodeReport(result.instanceId(), result.status(), null,
          "node facts are not valid JSON: " + e.getOriginalMessage());
    }
    if (facts == null) {
      return new NodeReport(result.instanceId(), result.status(), null, "node facts command printed no facts");
    }
    return new NodeReport(result.instanceId(), result.status(), facts, null);
  }

  private static String tail(String text) {
    if (text == null || text.isBlank()) {
      return "(no output)";
    }
    String stripped = text.strip();
    return stripped.length() > 300 ? "..." + stripped.substring(stripped.length() - 300) : stripped;
  }
}
