package dev.connectha.fakes;

import dev.connectha.errors.InsufficientCapacityException;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.NodeNotOnlineException;
import dev.connectha.errors.UnsafeToProceedException;
import dev.connectha.model.Node;
import dev.connectha.ports.NodeLauncher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Launches in memory as EC2 does for the port: one instance per client token and AZ (the AZ is
 * the subnet's, from the map it is given), running and online at once unless the instance is in
 * {@link #neverOnline}; no launch in an AZ of {@link #noCapacityIn}. Launches and terminations are
 * journalled as changes.
 */
public final class FakeNodeLauncher implements NodeLauncher {
  /** A launched instance and what it was launched with. */
  public record Launched(Node node, Launch launch) {}

  /** Every instance launched, by id, in launch order; terminated ones keep their entry, state {@code terminated}. */
  public final Map<String, Launched> instances = new LinkedHashMap<>();
  /** Availability Zones without capacity: a launch there fails and launches nothing. */
  public final Set<String> noCapacityIn = new HashSet<>();
  /** Instances whose SSM agent never comes online. */
  public final Set<String> neverOnline = new HashSet<>();
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

  @Override
  public String launcherOf(String instanceId) {
    calls.add("launcher.launcherOf " + instanceId);
    Launched launched = instances.get(instanceId);
    return launched == null ? null : launched.launch().launchedBy();
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
