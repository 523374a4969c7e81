package dev.connectha.traffic;

import dev.connectha.ports.NodeDirectory;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Checks that what a step names belongs to the cluster, before the step changes anything. */
final class Members {
  private Members() {}

  /** The cluster's target group; a cluster without one (a single server without ALB) has no traffic to change. */
  static String targetGroupOf(ClusterDocument cluster) {
    if (cluster.targetGroupArn() == null || cluster.targetGroupArn().isBlank()) {
      throw new PreconditionFailedException("cluster " + cluster.name() + " has no target group (targetGroupArn)");
    }
    return cluster.targetGroupArn();
  }

  /**
   * Throws {@link PreconditionFailedException} naming every instance of {@code named} that is not a
   * node of the cluster, or, when {@code mustRun}, not running.
   */
  static void require(String cluster, List<String> named, List<Node> members, boolean mustRun, String what) {
    Map<String, Node> byId = members.stream().collect(Collectors.toMap(Node::instanceId, Function.identity()));
    List<String> problems = new ArrayList<>();
    for (String id : named) {
      Node node = byId.get(id);
      if (node == null) {
        problems.add(id + " is not a node of cluster " + cluster);
      } else if (mustRun && !node.running()) {
        problems.add(id + " is " + node.state() + ", not running");
      }
    }
    if (!problems.isEmpty()) {
      throw new PreconditionFailedException(what + ": " + String.join("; ", problems) + " (nodes of " + cluster + ": "
          + describe(cluster, members) + ")");
    }
  }

  /** The running nodes; {@link PreconditionFailedException} when there is none. */
  static List<String> running(String cluster, List<Node> members) {
    List<String> running = members.stream().filter(Node::running).map(Node::instanceId).toList();
    if (running.isEmpty()) {
      throw new PreconditionFailedException("cluster " + cluster + " has no running node: " + describe(cluster, members));
    }
    return running;
  }

  private static String describe(String cluster, List<Node> members) {
    return members.isEmpty() ? "no instance carries the tag " + NodeDirectory.CLUSTER_TAG + "=" + cluster
        : members.stream().map(n -> n.instanceId() + " " + n.state()).collect(Collectors.joining(", "));
  }
}
