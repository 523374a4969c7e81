package dev.connectha.traffic;

import dev.connectha.ports.ClusterRegistry;
import dev.connectha.ports.NodeDirectory;
import dev.connectha.ports.TargetRegistrations;
import dev.connectha.ports.TargetRegistrations.Registration;
import dev.connectha.ports.TargetRegistrations.TargetGroup;
import dev.connectha.config.Polling;
import dev.connectha.errors.ClusterNotFoundException;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.Node;
import dev.connectha.model.TargetHealth;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.inject.Inject;

/**
 * Registers and deregisters a cluster's nodes in its target group, and reports whether they are
 * serving.
 *
 * <p>Both steps check what they are given before they change anything: the cluster's registration
 * ({@code ClusterNotFoundException}), its target group, and that every named instance is a node of
 * the cluster (and, to be registered, running): otherwise {@code PreconditionFailedException}, and
 * nothing changed. Changes are idempotent: a node already registered (at the group's port, not
 * draining) is not registered again, a node not registered is not deregistered, so a retried step
 * does what is left and reports the same targets.
 */
public final class TargetControl {
  /** Most serving first: the state that stands for an instance registered more than once. */
  private static final List<String> SERVING_ORDER =
      List.of("healthy", "initial", "unavailable", "unhealthy", "draining", "unused");

  private final ClusterRegistry registry;
  private final NodeDirectory nodes;
  private final TargetRegistrations groups;
  private final Polling.Sleeper sleeper;

  @Inject
  public TargetControl(ClusterRegistry registry, NodeDirectory nodes, TargetRegistrations groups, Polling.Sleeper sleeper) {
    this.registry = registry;
    this.nodes = nodes;
    this.groups = groups;
    this.sleeper = sleeper;
  }

  public TargetsReport change(ChangeTargetsInput input) {
    ClusterDocument cluster = registry.load(input.cluster());
    String targetGroupArn = Members.targetGroupOf(cluster);
    Members.require(cluster.name(), input.instanceIds(), nodes.nodesOf(cluster.name()), input.register(),
        "nothing " + input.action() + "ed");
    List<String> changed;
    if (input.register()) {
      TargetGroup group = groups.describe(targetGroupArn);
      Set<String> registered = new HashSet<>();
      groups.registrations(targetGroupArn).stream()
          .filter(r -> r.port() == group.port() && !"draining".equals(r.state()))
          .forEach(r -> registered.add(r.instanceId()));
      changed = input.instanceIds().stream().filter(id -> !registered.contains(id)).toList();
      if (!changed.isEmpty()) {
        groups.register(targetGroupArn, changed, group.port());
      }
    } else {
      List<Registration> leaving = groups.registrations(targetGroupArn).stream()
          .filter(r -> input.instanceIds().contains(r.instanceId()) && !"draining".equals(r.state()))
          .toList();
      changed = leaving.stream().map(Registration::instanceId).distinct().toList();
      if (!leaving.isEmpty()) {
        groups.deregister(targetGroupArn, leaving);
      }
    }
    List<TargetHealth> after = byInstance(groups.registrations(targetGroupArn)).values().stream()
        .sorted(Comparator.comparing(TargetHealth::instanceId)).toList();
    return new TargetsReport(cluster.name(), input.action(), targetGroupArn, changed, after);
  }

  /**
   * Whether the nodes are as expected; when they are not, reads the target group again four times
   * per {@code waitSeconds} until they are or the wait is over (a node's health ends a step of the
   * rolling upgrade, the first one's while the cluster is down).
   */
  public TargetCheck check(CheckTargetsInput input) {
    ClusterDocument cluster = registry.load(input.cluster());
    String targetGroupArn = Members.targetGroupOf(cluster);
    List<Node> members = nodes.nodesOf(cluster.name());
    List<String> checked;
    if (input.instanceIds() == null) {
      checked = Members.running(cluster.name(), members);
    } else {
      Members.require(cluster.name(), input.instanceIds(), members, false, "nothing checked");
      checked = input.instanceIds();
    }
    Expectation expectation = input.expectation();
    return Polling.readUntil(() -> {
      Map<String, TargetHealth> health = byInstance(groups.registrations(targetGroupArn));
      List<TargetHealth> targets = checked.stream()
          .map(id -> health.getOrDefault(id, new TargetHealth(id, "unused", "Target.NotRegistered")))
          .toList();
      return new TargetCheck(cluster.name(), expectation.id(), targets.stream().allMatch(t -> expectation.matches(t.state())),
          targets);
    }, TargetCheck::allMatch, input.waitTime(), Polling.readInterval(input.waitSeconds()), sleeper);
  }

  /** One state per instance: the most serving of its registrations. */
  private static Map<String, TargetHealth> byInstance(List<Registration> registrations) {
    Map<String, TargetHealth> health = new LinkedHashMap<>();
    for (Registration r : registrations) {
      health.merge(r.instanceId(), r.health(), (a, b) -> rank(b.state()) < rank(a.state()) ? b : a);
    }
    return health;
  }

  private static int rank(String state) {
    int i = SERVING_ORDER.indexOf(state);
    return i < 0 ? SERVING_ORDER.size() : i;
  }

  /** SnapStart priming: one harmless read (a cluster that cannot exist) through the SDK. */
  void prime() {
    try {
      registry.load("connect-ha-snapstart-priming");
    } catch (ClusterNotFoundException expected) {
      // the point was to load the client, not to find a cluster
    }
  }
}
