package dev.connectha.fakes;

import dev.connectha.errors.InsufficientCapacityException;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.NodeNotOnlineException;
import dev.connectha.errors.UnsafeToProceedException;
import dev.connectha.model.Node;
import dev.connectha.ports.NodeLauncher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Launches in memory as EC2 does for the port: one instance per client token and AZ (the AZ is
 * the subnet's, from the map it is given), running and online at once unless the instance is in
 * {@link #neverOnline}; no launch in an AZ of {@link #noCapacityIn}. Instances it did not launch
 * (a cluster's older nodes) are {@link #adopt adopted}. Launches, terminations and quarantines are
 * journalled as changes.
 */
public final class FakeNodeLauncher implements NodeLauncher {
  /** A launched instance and what it was launched with. */
  public record Launched(Node node, Launch launch) {}

  /** An instance that existed before this fake: its cluster and the execution that launched it (null: not connect-ha). */
  public record Adopted(Node node, String cluster, String launchedBy) {}

  /** Every instance launched, by id, in launch order; terminated ones keep their entry, state {@code terminated}. */
  public final Map<String, Launched> instances = new LinkedHashMap<>();
  /** Availability Zones without capacity: a launch there fails and launches nothing. */
  public final Set<String> noCapacityIn = new HashSet<>();
  /** Instances whose SSM agent never comes online. */
  public final Set<String> neverOnline = new HashSet<>();
  /** Instances this fake did not launch, by id. */
  public final Map<String, Adopted> adopted = new LinkedHashMap<>();
  /** The {@value NodeLauncher#NEEDS_OPERATOR_TAG} tag of each quarantined instance. */
  public final Map<String, String> needsOperator = new LinkedHashMap<>();
  /** The poll interval of every {@link #awaitOnline} call, in order. */
  public final List<Duration> awaitPolls = new ArrayList<>();
  /** The timeout of every {@link #awaitOnline} call, in order. */
  public final List<Duration> awaitTimeouts = new ArrayList<>();
  private final Map<String, String> subnetAzs;
  private final Map<String, String> tokens = new LinkedHashMap<>();
  private final List<String> calls;

  /** @param subnetAzs each subnet's Availability Zone */
  public FakeNodeLauncher(List<String> calls, Map<String, String> subnetAzs) {
    this.calls = calls;
    this.subnetAzs = Map.copyOf(subnetAzs);
  }

  @Override
  public String launch(Launch launch) {
    calls.add("change launcher.launch " + launch.subnetId());
    String az = subnetAzs.get(launch.subnetId());
    if (az == null) {
      throw new InvalidInputException("no subnet " + launch.subnetId());
    }
    String key = launch.clientToken().value() + "/" + az;
    String existing = tokens.get(key);
    if (existing != null) {
      return existing;
    }
    if (noCapacityIn.contains(az)) {
      throw new InsufficientCapacityException("no capacity in " + az, null);
    }
    String id = String.format("i-%017x", instances.size() + 1L);
    instances.put(id, new Launched(new Node(id, az, launch.subnetId(), "running", "10.0.0." + (instances.size() + 10)), launch));
    tokens.put(key, id);
    return id;
  }

  /** Makes an existing instance of {@code cluster} known, launched by {@code launchedBy} (null: not by connect-ha). */
  public void adopt(Node node, String cluster, String launchedBy) {
    adopted.put(node.instanceId(), new Adopted(node, cluster, launchedBy));
  }

  @Override
  public String launcherOf(String instanceId) {
    calls.add("launcher.launcherOf " + instanceId);
    Launched launched = instances.get(instanceId);
    if (launched == null) {
      Adopted existing = adopted.get(instanceId);
      return existing == null ? null : existing.launchedBy();
    }
    return launched.launch().launchedBy();
  }

  /** Running instances, launched or adopted, whose agent is not in {@link #neverOnline}. */
  @Override
  public Set<String> agentsOnline(Collection<String> instanceIds) {
    calls.add("launcher.agentsOnline " + instanceIds.stream().sorted().toList());
    return instanceIds.stream().filter(id -> !neverOnline.contains(id)).filter(id -> {
      Node node = node(id);
      return node != null && node.running();
    }).collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public void quarantine(String cluster, String instanceId, String reason) {
    calls.add("launcher.describe " + instanceId);
    Node node = node(instanceId);
    String of = instances.containsKey(instanceId) ? instances.get(instanceId).launch().cluster()
        : adopted.containsKey(instanceId) ? adopted.get(instanceId).cluster() : null;
    if (node == null || !cluster.equals(of) || node.state().equals("terminated") || node.state().equals("shutting-down")) {
      throw new InvalidInputException(instanceId + " is not a node of " + cluster + "; nothing was changed");
    }
    calls.add("change launcher.quarantine " + instanceId);
    needsOperator.put(instanceId, reason.length() > TAG_VALUE_MAX ? reason.substring(0, TAG_VALUE_MAX) : reason);
    Node stopped = new Node(node.instanceId(), node.availabilityZone(), node.subnetId(), "stopped", node.privateIp(), node.launchedAt());
    if (instances.containsKey(instanceId)) {
      instances.put(instanceId, new Launched(stopped, instances.get(instanceId).launch()));
    } else {
      Adopted a = adopted.get(instanceId);
      adopted.put(instanceId, new Adopted(stopped, a.cluster(), a.launchedBy()));
    }
  }

  /** The instance as this fake knows it, launched or adopted; null when unknown. */
  public Node node(String instanceId) {
    Launched launched = instances.get(instanceId);
    if (launched != null) {
      return launched.node();
    }
    Adopted existing = adopted.get(instanceId);
    return existing == null ? null : existing.node();
  }

  @Override
  public List<Node> launchedBy(String execution) {
    calls.add("launcher.launchedBy " + execution);
    return instances.values().stream().filter(l -> l.launch().launchedBy().equals(execution))
        .map(Launched::node).filter(n -> !n.state().equals("terminated"))
        .sorted(Comparator.comparing(Node::instanceId)).toList();
  }

  @Override
  public void terminate(String cluster, String instanceId) {
    calls.add("change launcher.terminate " + instanceId);
    Launched launched = instances.get(instanceId);
    Adopted existing = adopted.get(instanceId);
    if (launched == null && existing != null && !existing.node().state().equals("terminated")) {
      if (!existing.cluster().equals(cluster)) {
        throw new UnsafeToProceedException(instanceId + " is not a node of " + cluster);
      }
      Node n = existing.node();
      adopted.put(instanceId, new Adopted(new Node(n.instanceId(), n.availabilityZone(), n.subnetId(), "terminated",
          n.privateIp(), n.launchedAt()), existing.cluster(), existing.launchedBy()));
      return;
    }
    if (launched == null || launched.node().state().equals("terminated")) {
      return;
    }
    if (!launched.launch().cluster().equals(cluster)) {
      throw new UnsafeToProceedException(instanceId + " is not a node of " + cluster);
    }
    Node n = launched.node();
    instances.put(instanceId, new Launched(new Node(n.instanceId(), n.availabilityZone(), n.subnetId(), "terminated",
        n.privateIp()), launched.launch()));
  }

  @Override
  public Node awaitOnline(String instanceId, Duration poll, Duration timeout) {
    calls.add("launcher.awaitOnline " + instanceId);
    awaitPolls.add(poll);
    awaitTimeouts.add(timeout);
    Launched launched = instances.get(instanceId);
    if (launched == null || !launched.node().running()) {
      throw new NodeNotOnlineException(instanceId + " is not running");
    }
    if (neverOnline.contains(instanceId)) {
      throw new NodeNotOnlineException(instanceId + " runs but its SSM agent is not Online after " + timeout);
    }
    return launched.node();
  }

  /** The ids of the instances launched so far, terminated or not. */
  public List<String> launchedIds() {
    return new ArrayList<>(instances.keySet());
  }
}
