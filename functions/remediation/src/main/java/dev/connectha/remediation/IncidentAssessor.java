package dev.connectha.remediation;

import static dev.connectha.remediation.Assessment.Replacement.QUARANTINE;
import static dev.connectha.remediation.Assessment.Replacement.RETIRE_NONE;
import static dev.connectha.remediation.Assessment.Replacement.TERMINATE;

import dev.connectha.errors.ConnectHaException;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.DatabaseState;
import dev.connectha.model.FileSystemState;
import dev.connectha.model.Node;
import dev.connectha.model.remediation.Incident;
import dev.connectha.model.remediation.IncidentKind;
import dev.connectha.ports.ClusterRegistry;
import dev.connectha.ports.Database;
import dev.connectha.ports.FileSystems;
import dev.connectha.ports.Incidents;
import dev.connectha.ports.NodeDirectory;
import dev.connectha.ports.NodeLauncher;
import dev.connectha.ports.TargetRegistrations;
import dev.connectha.ports.TargetRegistrations.Registration;
import dev.connectha.remediation.Assessment.Replacement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.inject.Inject;

/**
 * Classifies an incident from the cluster's live state, never from the event that reported it:
 * the target group's health, the nodes' EC2 state and SSM agent status, who launched them, and,
 * when everything is down, the database and the file system. Read-only but for the circuit
 * breaker's count of the replacements it plans (the workflow holds the cluster's lock, so the
 * read-then-write is safe).
 *
 * <ul>
 *   <li>No node serves and the cluster has several: everything is down, the nodes are not the
 *       likely cause: escalate with the database and file system findings, replace nothing.</li>
 *   <li>As many healthy nodes as desired and no registered node failing: none (resolved; how an
 *       incident an upgrade caused closes).</li>
 *   <li>A failing node whose instance runs with its SSM agent Online: restart Connect on it (replace
 *       it once a restart failed). A stopped, terminated or unreachable one: replace it.</li>
 *   <li>An impaired zone (named by the incident, or every node there dead while others serve): its
 *       failing nodes are replaced elsewhere.</li>
 *   <li>More replacements within an hour than the limit: escalate instead (the circuit breaker).</li>
 * </ul>
 */
public final class IncidentAssessor {
  /** EC2 states of an instance that is going or gone: nothing to stop or terminate. */
  private static final Set<String> GONE = Set.of("shutting-down", "terminated");
  private static final Duration BREAKER_WINDOW = Duration.ofHours(1);

  private final ClusterRegistry registry;
  private final NodeDirectory nodes;
  private final TargetRegistrations targets;
  private final NodeLauncher launcher;
  private final Incidents incidents;
  private final Database database;
  private final FileSystems fileSystems;
  private final Clock clock;

  @Inject
  public IncidentAssessor(ClusterRegistry registry, NodeDirectory nodes, TargetRegistrations targets, NodeLauncher launcher,
      Incidents incidents, Database database, FileSystems fileSystems, Clock clock) {
    this.registry = registry;
    this.nodes = nodes;
    this.targets = targets;
    this.launcher = launcher;
    this.incidents = incidents;
    this.database = database;
    this.fileSystems = fileSystems;
    this.clock = clock;
  }

  /** The live state of the cluster's nodes as the assessment reads it. */
  private record Live(List<Node> members, Set<String> healthy, Set<String> online, Map<String, List<Registration>> registered) {
    boolean live(Node node) {
      return node.running() && online.contains(node.instanceId());
    }

    boolean registeredNode(Node node) {
      return registered.containsKey(node.instanceId());
    }
  }

  public Assessment assess(AssessIncidentInput input) {
    ClusterDocument cluster = registry.load(input.cluster());
    Incident incident = input.incident();
    Live live = live(cluster);
    List<Node> failed = failed(cluster, incident, live);
    int healthy = live.healthy().size();
    int desired = cluster.desiredNodes();
    Instant now = clock.instant();
    int lastHour = incidents.replacementsSince(cluster.name(), now.minus(BREAKER_WINDOW)).size();
    int max = input.maxReplacementsPerHour();
    Set<String> impaired = impairedAzs(incident, live, failed, input.restartFailed());
    String impairedAz = impaired.contains(incident.subject()) ? incident.subject() : impaired.stream().findFirst().orElse(null);
    boolean single = desired == 1;

    if (healthy == 0 && live.members().isEmpty() && failed.isEmpty()) {
      return new Assessment(Assessment.ESCALATE, "cluster " + cluster.name() + " has no node at all (0 of " + desired
          + " serve): nothing to restart or replace; an operator must provision it", 0, desired, List.of(), List.of(), impairedAz,
          List.of(), lastHour, max);
    }
    if (healthy == 0 && !single) {
      return new Assessment(Assessment.ESCALATE, "everything down: no node of cluster " + cluster.name() + " serves (0 of "
          + desired + " healthy, " + failed.size() + " failing); the nodes are not the likely cause, so none is replaced: see the"
          + " database and file system findings", 0, desired, List.of(), List.of(), impairedAz, findings(cluster, failed, live),
          lastHour, max);
    }
    if (healthy >= desired && failed.stream().noneMatch(live::registeredNode)) {
      return new Assessment(Assessment.NONE, "resolved: " + healthy + " of " + desired + " serve", healthy, desired, List.of(),
          List.of(), impairedAz, List.of(), lastHour, max);
    }
    if (failed.isEmpty()) {
      return new Assessment(Assessment.NONE, "no node is failing: " + healthy + " of " + desired
          + " serve; nothing to restart or replace (ensure-capacity restores the size)", healthy, desired, List.of(), List.of(),
          impairedAz, List.of(), lastHour, max);
    }

    List<String> restart = new ArrayList<>();
    List<Replacement> replacements = new ArrayList<>();
    List<String> why = new ArrayList<>();
    List<String> avoid = List.copyOf(impaired);
    for (Node node : failed) {
      String az = node.availabilityZone();
      if (az != null && impaired.contains(az)) {
        replacements.add(new Replacement(node.instanceId(), null, avoid, retire(node, input), true,
            !live.online().contains(node.instanceId())));
        why.add("replace " + node.instanceId() + " (" + state(node, live) + ") outside impaired " + az);
      } else if (live.live(node) && !input.restartFailed()) {
        restart.add(node.instanceId());
        why.add("restart Connect on " + node.instanceId() + " (its instance runs and its SSM agent is online)");
      } else {
        String target = az != null && cluster.subnetsByAz().containsKey(az) ? az : null;
        replacements.add(new Replacement(node.instanceId(), target, avoid, retire(node, input), true,
            !live.online().contains(node.instanceId())));
        why.add("replace " + node.instanceId() + " (" + (live.live(node) ? "a restart did not bring Connect back"
            : state(node, live)) + ")" + (target == null ? "" : " in " + target));
      }
    }
    String downtime = single ? "; a single-server cluster: downtime until it serves again is expected" : "";
    String impairment = impaired.isEmpty() ? "" : String.join(", ", impaired) + " impaired; ";
    if (!replacements.isEmpty()) {
      if (lastHour + replacements.size() > max) {
        return new Assessment(Assessment.ESCALATE, "circuit breaker: " + lastHour + " replacement(s) of cluster " + cluster.name()
            + " in the last hour and " + replacements.size() + " more needed would exceed maxReplacementsPerHour " + max
            + " (" + String.join("; ", why) + "): an operator decides", healthy, desired, List.of(), List.of(), impairedAz,
            List.of(), lastHour, max);
      }
      incidents.recordReplacements(cluster.name(), replacements.size(), now);
      return new Assessment(Assessment.REPLACE, impairment + String.join("; ", why) + " (" + healthy + " of " + desired
          + " serve)" + downtime, healthy, desired, restart, replacements, impairedAz, List.of(), lastHour, max);
    }
    return new Assessment(Assessment.RESTART, String.join("; ", why) + " (" + healthy + " of " + desired + " serve)" + downtime,
        healthy, desired, restart, List.of(), impairedAz, List.of(), lastHour, max);
  }

  /**
   * The cluster's nodes (not gone), which of them serve, and which running ones SSM reaches: with
   * a target group, healthy is what the load balancer says; without one (a single server without
   * ALB), a running node whose agent is online counts as serving.
   */
  private Live live(ClusterDocument cluster) {
    List<Node> members = nodes.nodesOf(cluster.name()).stream().filter(n -> !GONE.contains(n.state())).toList();
    List<String> running = members.stream().filter(Node::running).map(Node::instanceId).toList();
    Set<String> online = running.isEmpty() ? Set.of() : launcher.agentsOnline(running);
    Set<String> ids = members.stream().map(Node::instanceId).collect(Collectors.toSet());
    Map<String, List<Registration>> registered = new LinkedHashMap<>();
    Set<String> healthy;
    if (cluster.targetGroupArn() != null) {
      targets.registrations(cluster.targetGroupArn()).stream().filter(r -> ids.contains(r.instanceId()))
          .forEach(r -> registered.computeIfAbsent(r.instanceId(), id -> new ArrayList<>()).add(r));
      healthy = registered.entrySet().stream().filter(e -> e.getValue().stream().anyMatch(r -> "healthy".equals(r.state())))
          .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
    } else {
      healthy = members.stream().filter(n -> n.running() && online.contains(n.instanceId())).map(Node::instanceId)
          .collect(Collectors.toCollection(TreeSet::new));
    }
    return new Live(members, healthy, online, registered);
  }

  /**
   * The failing nodes, by id: registered ones that are not healthy (nor only draining: someone is
   * retiring them), or without a target group every node that does not serve; and the incident's
   * instance when it does not serve, even gone (then with no zone).
   */
  private static List<Node> failed(ClusterDocument cluster, Incident incident, Live live) {
    Map<String, Node> failed = new TreeMap<>();
    for (Node node : live.members()) {
      if (node.state().equals("pending") || live.healthy().contains(node.instanceId())) {
        continue;
      }
      List<Registration> registrations = live.registered().get(node.instanceId());
      boolean failing = cluster.targetGroupArn() == null
          || registrations != null && registrations.stream().anyMatch(r -> !"draining".equals(r.state()));
      if (failing || node.instanceId().equals(incident.subject())) {
        failed.put(node.instanceId(), node);
      }
    }
    String subject = incident.subject();
    if (subject.startsWith("i-") && !live.healthy().contains(subject) && !failed.containsKey(subject)
        && live.members().stream().noneMatch(n -> n.instanceId().equals(subject))) {
      failed.put(subject, new Node(subject, null, null, "terminated", null));
    }
    return List.copyOf(failed.values());
  }

  /**
   * The impaired zones: each zone with nodes where every node is failing and none is live (its
   * instance running, its agent online) while nodes elsewhere serve, and the one an az-impaired
   * incident names unless its failing nodes are live and not yet restarted. A zone whose nodes run
   * and answer SSM works, whatever Connect does there: the per-AZ "no healthy host" alarm of a zone
   * with one node fires when that node's Connect crashes, and a restart is the repair.
   */
  private static Set<String> impairedAzs(Incident incident, Live live, List<Node> failed, boolean restartFailed) {
    Set<String> impaired = new TreeSet<>();
    if (incident.kind() == IncidentKind.AZ_IMPAIRED && (restartFailed || failed.stream()
        .filter(n -> incident.subject().equals(n.availabilityZone())).noneMatch(live::live))) {
      impaired.add(incident.subject());
    }
    if (live.healthy().isEmpty()) {
      return impaired;
    }
    Set<String> failing = failed.stream().map(Node::instanceId).collect(Collectors.toSet());
    Map<String, List<Node>> byAz = new TreeMap<>();
    live.members().stream().filter(n -> live.healthy().contains(n.instanceId()) || failing.contains(n.instanceId()))
        .forEach(n -> byAz.computeIfAbsent(n.availabilityZone(), z -> new ArrayList<>()).add(n));
    byAz.forEach((az, inAz) -> {
      if (inAz.stream().allMatch(n -> failing.contains(n.instanceId()) && !live.live(n))) {
        impaired.add(az);
      }
    });
    return impaired;
  }

  /** {@code none} for a node going or gone, {@code terminate} for one connect-ha launched (or any, when allowed), else {@code quarantine}. */
  private String retire(Node node, AssessIncidentInput input) {
    if (GONE.contains(node.state())) {
      return RETIRE_NONE;
    }
    return input.replaceForeignNodes() || launcher.launcherOf(node.instanceId()) != null ? TERMINATE : QUARANTINE;
  }

  private static String state(Node node, Live live) {
    if (node.availabilityZone() == null) {
      return "gone";
    }
    return node.running() ? (live.online().contains(node.instanceId()) ? "running, target unhealthy" : "running, SSM agent offline")
        : node.state();
  }

  /** What an operator checks first when every node is down: the database, the file system, each node. */
  private List<String> findings(ClusterDocument cluster, List<Node> failed, Live live) {
    List<String> findings = new ArrayList<>();
    String db = cluster.dbClusterId() != null ? cluster.dbClusterId() : cluster.dbInstanceId();
    if (db != null) {
      try {
        DatabaseState state = database.describe(cluster);
        findings.add("database " + state.id() + ": " + state.status() + ", " + (state.multiAz() ? "Multi-AZ" : "single-AZ")
            + ("available".equals(state.status()) ? "" : " (not available: Connect cannot serve until it is)"));
      } catch (ConnectHaException e) {
        findings.add("database " + db + ": could not be described: " + e.getMessage());
      }
    }
    if (cluster.fileSystemId() != null) {
      try {
        FileSystemState fs = fileSystems.describe(cluster.fileSystemId());
        Set<String> nodeAzs = failed.stream().map(Node::availabilityZone).filter(z -> z != null)
            .collect(Collectors.toCollection(TreeSet::new));
        nodeAzs.removeAll(fs.mountTargetAzs());
        findings.add("file system " + fs.id() + ": " + fs.lifecycleState() + ", mount targets in "
            + (fs.mountTargetAzs().isEmpty() ? "no zone" : String.join(", ", fs.mountTargetAzs().stream().sorted().toList()))
            + (nodeAzs.isEmpty() ? "" : "; none in " + String.join(", ", nodeAzs) + " where nodes run"));
      } catch (ConnectHaException e) {
        findings.add("file system " + cluster.fileSystemId() + ": could not be described: " + e.getMessage());
      }
    }
    failed.stream().sorted(Comparator.comparing(Node::instanceId)).forEach(n -> findings.add("node " + n.instanceId()
        + (n.availabilityZone() == null ? "" : " in " + n.availabilityZone()) + ": " + state(n, live)
        + live.registered().getOrDefault(n.instanceId(), List.of()).stream().filter(r -> r.reason() != null)
            .map(r -> ", target " + r.state() + " (" + r.reason() + ")").findFirst().orElse("")));
    return findings;
  }
}
