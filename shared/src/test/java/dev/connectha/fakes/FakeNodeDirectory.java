package dev.connectha.fakes;

import dev.connectha.model.Node;
import dev.connectha.ports.NodeDirectory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The cluster's instances: {@link #nodes}, whatever the cluster asked for. */
public final class FakeNodeDirectory implements NodeDirectory {
  public List<Node> nodes;
  /** Instance id → its cluster tag, for {@link #clusterOf} (an instance absent here has no tag). */
  public final Map<String, String> clusterTags = new HashMap<>();
  /** Availability Zone id → name, for {@link #zoneName}. */
  public final Map<String, String> zoneNames = new HashMap<>();
  private final List<String> calls;

  public FakeNodeDirectory(List<String> calls, List<Node> nodes) {
    this.calls = calls;
    this.nodes = new ArrayList<>(nodes);
  }

  @Override
  public List<Node> nodesOf(String cluster) {
    calls.add("nodes.nodesOf " + cluster);
    return List.copyOf(nodes);
  }

  /**
   * The tagged instance's cluster, with its AZ from {@link #nodes} (null when it is not among them).
   */
  @Override
  public Optional<Membership> clusterOf(String instanceId) {
    calls.add("nodes.clusterOf " + instanceId);
    return Optional.ofNullable(clusterTags.get(instanceId)).map(cluster -> new Membership(instanceId, cluster,
        nodes.stream().filter(n -> n.instanceId().equals(instanceId)).map(Node::availabilityZone).findFirst()
            .orElse(null)));
  }

  /** The clusters (by {@link #clusterTags}) of the {@link #nodes} in the zone that are not terminated. */
  @Override
  public List<Membership> clustersIn(String zoneName) {
    calls.add("nodes.clustersIn " + zoneName);
    Map<String, Membership> byCluster = new TreeMap<>();
    nodes.stream().filter(n -> zoneName.equals(n.availabilityZone()) && clusterTags.containsKey(n.instanceId()))
        .filter(n -> !"terminated".equals(n.state()) && !"shutting-down".equals(n.state()))
        .sorted(Comparator.comparing(Node::instanceId))
        .forEach(n -> byCluster.putIfAbsent(clusterTags.get(n.instanceId()),
            new Membership(n.instanceId(), clusterTags.get(n.instanceId()), zoneName)));
    return List.copyOf(byCluster.values());
  }

  @Override
  public Optional<String> zoneName(String zoneId) {
    calls.add("nodes.zoneName " + zoneId);
    return Optional.ofNullable(zoneNames.get(zoneId));
  }

  @Override
  public Optional<String> zoneId(String zoneName) {
    calls.add("nodes.zoneId " + zoneName);
    return zoneNames.entrySet().stream().filter(e -> e.getKey() != null && zoneName.equals(e.getValue()))
        .map(Map.Entry::getKey).findFirst();
  }
}
