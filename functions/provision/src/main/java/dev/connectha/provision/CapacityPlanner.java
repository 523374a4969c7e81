package dev.connectha.provision;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.Node;
import dev.connectha.ports.ClusterRegistry;
import dev.connectha.ports.FileSystems;
import dev.connectha.ports.NodeDirectory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.inject.Inject;

/**
 * ensure-capacity's plan: the nodes to launch, each into the zone with the fewest nodes at that
 * point (so a cluster grows balanced across its zones), or the nodes to retire, each the newest of
 * the zone with the most nodes at that point. Zones without a mount target of the cluster's file
 * system take no node. With {@code rebalance}, a cluster at its size whose zones differ by more
 * than one node also moves nodes: a launch into the emptiest zone and the retirement of the newest
 * node of the most crowded, as many times as it takes (the launches first: capacity never drops).
 * Read-only; provision-node and retire-node check each step again.
 */
public final class CapacityPlanner {
  private static final List<String> COUNTED = List.of("pending", "running");

  private final ClusterRegistry registry;
  private final NodeDirectory nodes;
  private final FileSystems fileSystems;

  @Inject
  public CapacityPlanner(ClusterRegistry registry, NodeDirectory nodes, FileSystems fileSystems) {
    this.registry = registry;
    this.nodes = nodes;
    this.fileSystems = fileSystems;
  }

  /**
   * @throws dev.connectha.errors.ClusterNotFoundException when the cluster is not registered
   * @throws InvalidInputException       when the size is below the cluster's {@code minHealthy}
   * @throws PreconditionFailedException when nodes must be launched and no zone has a subnet and a mount target
   */
  public CapacityPlan plan(PlanCapacityInput input) {
    ClusterDocument cluster = registry.load(input.cluster());
    int desired = input.desiredNodes() == null ? cluster.desiredNodes() : input.desiredNodes();
    if (desired < cluster.minHealthy()) {
      throw new InvalidInputException("desiredNodes " + desired + " is below cluster " + cluster.name() + "'s minHealthy "
          + cluster.minHealthy() + ": ensure-capacity never retires below it; nothing was changed");
    }
    List<Node> counted = nodes.nodesOf(cluster.name()).stream().filter(n -> COUNTED.contains(n.state())).toList();
    Map<String, List<Node>> byAz = new TreeMap<>();
    cluster.subnetsByAz().keySet().forEach(z -> byAz.put(z, new ArrayList<>()));
    counted.forEach(n -> byAz.computeIfAbsent(n.availabilityZone(), z -> new ArrayList<>()).add(n));
    Map<String, Integer> before = counts(byAz);
    List<CapacityPlan.Launch> launches = new ArrayList<>();
    List<String> retirements = new ArrayList<>();
    boolean rebalance = false;
    if (counted.size() < desired) {
      List<String> zones = launchZones(cluster);
      Map<String, Integer> now = new TreeMap<>(before);
      for (int i = 0; i < desired - counted.size(); i++) {
        String az = zones.stream().min(Comparator.<String, Integer>comparing(z -> now.getOrDefault(z, 0))
            .thenComparing(Comparator.naturalOrder())).orElseThrow();
        now.merge(az, 1, Integer::sum);
        launches.add(new CapacityPlan.Launch(az, i));
      }
    } else if (counted.size() == desired && input.rebalance()) {
      List<String> zones = launchZones(cluster);
      Map<String, List<Node>> movable = new TreeMap<>();
      Map<String, Integer> now = new TreeMap<>();
      zones.forEach(z -> {
        movable.put(z, new ArrayList<>(byAz.getOrDefault(z, List.of())));
        now.put(z, movable.get(z).size());
      });
      for (int i = 0; i < desired; i++) {
        // the most crowded zone (the first by name on a tie) and the emptiest (the first by name on a tie)
        String crowded = now.keySet().stream().reduce((a, b) -> now.get(b) > now.get(a) ? b : a).orElseThrow();
        String emptiest = now.keySet().stream().reduce((a, b) -> now.get(b) < now.get(a) ? b : a).orElseThrow();
        if (now.get(crowded) - now.get(emptiest) <= 1 || movable.get(crowded).isEmpty()) {
          break;
        }
        Node newest = newest(movable.get(crowded));
        movable.get(crowded).remove(newest);
        retirements.add(newest.instanceId());
        now.merge(crowded, -1, Integer::sum);
        now.merge(emptiest, 1, Integer::sum);
        launches.add(new CapacityPlan.Launch(emptiest, i));
      }
      rebalance = !launches.isEmpty();
    } else {
      Map<String, List<Node>> left = new TreeMap<>();
      byAz.forEach((z, list) -> left.put(z, new ArrayList<>(list)));
      for (int i = 0; i < counted.size() - desired; i++) {
        List<Node> crowded = left.values().stream().max(Comparator.comparingInt(List::size)).orElseThrow();
        Node newest = newest(crowded);
        crowded.remove(newest);
        retirements.add(newest.instanceId());
      }
    }
    Map<String, Integer> after = new TreeMap<>(before);
    launches.forEach(l -> after.merge(l.az(), 1, Integer::sum));
    counted.stream().filter(n -> retirements.contains(n.instanceId())).forEach(n -> after.merge(n.availabilityZone(), -1, Integer::sum));
    return new CapacityPlan(cluster.name(), desired, counted.size(), before, launches, retirements, after,
        rebalance ? desired : null);
  }

  /** The zones a node can go to: a subnet and a mount target. */
  private List<String> launchZones(ClusterDocument cluster) {
    List<String> mountable = fileSystems.describe(cluster.fileSystemId()).mountTargetAzs();
    List<String> zones = cluster.subnetsByAz().keySet().stream().filter(mountable::contains).sorted().toList();
    if (zones.isEmpty()) {
      throw new PreconditionFailedException("cluster " + cluster.name() + " has no zone to launch into: none of its subnetsByAz ("
          + String.join(", ", cluster.subnetsByAz().keySet()) + ") has a mount target of " + cluster.fileSystemId()
          + "; nothing was changed");
    }
    return zones;
  }

  private static Node newest(List<Node> nodes) {
    return nodes.stream().max(Comparator.comparing((Node n) -> n.launchedAt() == null ? Instant.EPOCH : n.launchedAt())
        .thenComparing(Node::instanceId)).orElseThrow();
  }

  private static Map<String, Integer> counts(Map<String, List<Node>> byAz) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    byAz.forEach((z, list) -> counts.put(z, list.size()));
    return counts;
  }
}
