package dev.connectha.provision;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.UnsafeToProceedException;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.LoadBalancing;
import dev.connectha.model.Node;
import dev.connectha.model.TargetHealth;
import dev.connectha.ports.ClusterLocks;
import dev.connectha.ports.ClusterRegistry;
import dev.connectha.ports.NodeDirectory;
import dev.connectha.ports.NodeLauncher;
import dev.connectha.ports.TargetGroupSettings;
import java.util.List;
import java.util.stream.Collectors;
import javax.inject.Inject;

/**
 * The refusals of retire-node, all before anything changes: a node not of the cluster, the last
 * healthy node, retiring below the cluster's {@code minHealthy}, and a node the control plane did
 * not launch unless forced.
 */
public final class RetirePlanner {
  private final ClusterRegistry registry;
  private final NodeDirectory nodes;
  private final TargetGroupSettings targets;
  private final NodeLauncher launcher;

  private final ClusterLocks locks;

  @Inject
  public RetirePlanner(ClusterRegistry registry, NodeDirectory nodes, TargetGroupSettings targets, NodeLauncher launcher, ClusterLocks locks) {
    this.registry = registry;
    this.nodes = nodes;
    this.targets = targets;
    this.launcher = launcher;
    this.locks = locks;
  }

  /**
   * @throws dev.connectha.errors.ClusterNotFoundException when the cluster is not registered
   * @throws InvalidInputException     when the instance is not a node of the cluster (or is gone)
   * @throws UnsafeToProceedException  when it is the last healthy node, fewer than {@code minHealthy} would stay
   *                                   healthy, or the control plane did not launch it and {@code force} is not set
   */
  public RetirePlan plan(PlanRetireInput input) {
    ClusterDocument cluster = registry.load(input.cluster());
    CallersLock.require(locks, cluster.name(), input.lockHeldBy());
    List<Node> members = nodes.nodesOf(cluster.name()).stream()
        .filter(n -> !n.state().equals("terminated") && !n.state().equals("shutting-down")).toList();
    Node node = members.stream().filter(n -> n.instanceId().equals(input.instanceId())).findFirst().orElseThrow(() ->
        new InvalidInputException(input.instanceId() + " is not a node of cluster " + cluster.name() + " (its nodes: "
            + members.stream().map(n -> n.instanceId() + " " + n.state()).collect(Collectors.joining(", ")) + "); nothing was changed"));
    List<String> healthy = List.of();
    int drain = LoadBalancing.DEFAULT_DEREGISTRATION_DELAY;
    if (cluster.targetGroupArn() != null) {
      LoadBalancing group = targets.describe(cluster.targetGroupArn());
      healthy = group.targets().stream().filter(t -> "healthy".equals(t.state())).map(TargetHealth::instanceId)
          .filter(id -> members.stream().anyMatch(n -> n.instanceId().equals(id))).distinct().toList();
      drain = group.deregistrationDelaySeconds();
    }
    boolean isHealthy = healthy.contains(node.instanceId());
    int after = healthy.size() - (isHealthy ? 1 : 0);
    if (isHealthy && after == 0) {
      throw new UnsafeToProceedException(node.instanceId() + " is the last healthy node of cluster " + cluster.name()
          + ": retiring it would stop the service; provision another node first. Nothing was changed");
    }
    if (isHealthy && after < cluster.minHealthy()) { // an unhealthy node's going lowers nothing
      throw new UnsafeToProceedException("retiring " + node.instanceId() + " would leave " + after + " healthy node(s) in cluster "
          + cluster.name() + ", below its minHealthy " + cluster.minHealthy() + " (healthy now: " + String.join(", ", healthy)
          + "); nothing was changed");
    }
    if (input.keepHealthy() != null && after < input.keepHealthy()) {
      throw new UnsafeToProceedException("retiring " + node.instanceId() + " would leave " + after + " healthy node(s) in cluster "
          + cluster.name() + ", fewer than the " + input.keepHealthy() + " its caller keeps (a rebalance whose launch did not"
          + " serve moves nothing; healthy now: " + String.join(", ", healthy) + "); nothing was changed");
    }
    String launchedBy = launcher.launcherOf(node.instanceId());
    if (launchedBy == null && !input.force()) {
      throw new UnsafeToProceedException(node.instanceId() + " was not launched by connect-ha (it has no "
          + NodeLauncher.LAUNCHED_BY_TAG + " tag): set force to retire it anyway. Nothing was changed");
    }
    return new RetirePlan(cluster.name(), node.instanceId(), node.availabilityZone(), node.running(), isHealthy, after,
        cluster.minHealthy(), launchedBy, input.drainSeconds() == null ? drain : input.drainSeconds(),
        cluster.licenseKeySecretId() != null);
  }
}
