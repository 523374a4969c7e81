package dev.connectha.inventory;

import static dev.connectha.model.Finding.fail;
import static dev.connectha.model.Finding.pass;
import static dev.connectha.model.Finding.warn;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.ClusterState;
import dev.connectha.model.DatabaseState;
import dev.connectha.model.FileSystemState;
import dev.connectha.model.Finding;
import dev.connectha.model.FindingStatus;
import dev.connectha.model.LoadBalancing;
import dev.connectha.model.Node;
import dev.connectha.model.NodeFacts;
import dev.connectha.model.NodeReport;
import dev.connectha.model.TargetHealth;
import dev.connectha.model.Topology;
import dev.connectha.model.eks.EksPreflightFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.inject.Inject;

/**
 * Posit Connect's HA checklist (DESIGN.md, "Posit's rules") as findings with evidence. Every
 * rule reads only the {@link ClusterState}: no AWS call happens here.
 */
public final class HaChecklist {
  /** Clock offsets above this warn; above {@link #CLOCK_FAIL_SECONDS} (or unsynchronised) fail. */
  static final double CLOCK_WARN_SECONDS = 0.1;
  static final double CLOCK_FAIL_SECONDS = 1.0;
  static final int MIN_POSTGRES_MAJOR = 15;
  private static final Pattern FS_ID = Pattern.compile("fs-[0-9a-f]+");

  /** A rule: its id (stable, what operators accept by name), title and check. */
  record Rule(String id, String title, Function<ClusterState, Finding> check) {}

  private final List<Rule> rules = List.of(
      new Rule("nodes-running", "Every node is running", this::nodesRunning),
      new Rule("node-facts", "Every running node reports its facts", this::nodeFacts),
      new Rule("same-version", "Every node runs the same Connect version", this::sameVersion),
      new Rule("same-config", "Every node has the same configuration", this::sameConfig),
      new Rule("postgres-database", "Every node uses the shared PostgreSQL database", this::postgresDatabase),
      new Rule("shared-data-dir", "Server.DataDir is the same shared EFS location on every node", this::sharedDataDir),
      new Rule("unique-metrics-path", "Metrics.DataPath is unique per node", this::uniqueMetricsPath),
      new Rule("sticky-sessions", "The load balancer uses cookie-based sticky sessions", this::stickySessions),
      new Rule("cross-zone", "Cross-zone load balancing is on", this::crossZone),
      new Rule("clock-sync", "Clocks are synchronised", this::clockSync),
      new Rule("run-as-identity", "Run-as accounts have the same UID/GID on every node", this::runAsIdentity),
      new Rule("multi-az-nodes", "Nodes run in at least two Availability Zones", this::multiAzNodes),
      new Rule("efs-mount-targets", "EFS has a mount target in every node's zone", this::efsMountTargets),
      new Rule("rds-postgres", "RDS runs PostgreSQL " + MIN_POSTGRES_MAJOR + " or newer and is available", this::rdsPostgres),
      new Rule("rds-multi-az", "RDS is Multi-AZ", this::rdsMultiAz),
      new Rule("efs-encrypted", "EFS is encrypted", this::efsEncrypted),
      new Rule("targets-healthy", "Every running node is healthy in the target group", this::targetsHealthy));

  @Inject
  public HaChecklist() {}

  /** The rules of the ec2 topology. */
  public List<String> ruleIds() {
    return rules.stream().map(Rule::id).toList();
  }

  /** The rules of {@code topology}. */
  public List<String> ruleIds(Topology topology) {
    return topology == Topology.EKS ? eksRules(null).stream().map(Rule::id).toList() : ruleIds();
  }

  /**
   * The eks topology's rules: the infrastructure rules as on EC2 (database, file system, load balancer), the
   * rules that read the nodes in their form for pods and node groups ({@link EksRules}), and off-host execution.
   * The rules about EC2 instances (node facts, clocks, run-as UIDs, target health per instance) do not apply:
   * they are left out, not passed.
   */
  private List<Rule> eksRules(EksPreflightFacts workload) {
    EksRules eks = new EksRules(workload);
    return List.of(
        eksRule("same-image-tag", eks::sameImageTag),
        eksRule("same-config", eks::sameConfig),
        eksRule("unique-metrics-path", eks::uniqueMetricsPath),
        eksRule("off-host-execution", eks::offHostExecution),
        rule("sticky-sessions"),
        rule("cross-zone"),
        eksRule("multi-az-nodes", eks::multiAzNodes),
        eksRule("replicas-spread", eks::replicasSpread),
        eksRule("efs-mount-targets", eks::efsMountTargets),
        rule("rds-postgres"),
        rule("rds-multi-az"),
        eksRule("rds-subnet-group", eks::rdsSubnetGroup),
        rule("efs-encrypted"));
  }

  private static Rule eksRule(String id, Function<ClusterState, Finding> check) {
    return new Rule(id, EksRules.TITLES.get(id), check);
  }

  /** An ec2 rule that reads only what both topologies have. */
  private Rule rule(String id) {
    return rules.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
  }

  public ReadinessReport check(ClusterState state) {
    return check(state, List.of());
  }

  public ReadinessReport check(ClusterState state, List<String> only) {
    return check(state, only, null);
  }

  /**
   * The checklist's rules named in {@code only} (every rule when it is empty) over {@code state}: the rules of its
   * topology, the eks ones over {@code workload} too (RunWorkloadCommand's {@code preflightFacts}; null for ec2).
   *
   * @throws InvalidInputException when {@code only} names a rule the checklist does not have
   */
  public ReadinessReport check(ClusterState state, List<String> only, EksPreflightFacts workload) {
    List<Rule> active = state.cluster().onEks() ? eksRules(workload) : rules;
    List<String> ids = active.stream().map(Rule::id).toList();
    List<String> unknown = only.stream().filter(id -> !ids.contains(id)).toList();
    if (!unknown.isEmpty()) {
      throw new InvalidInputException("rules: no such rule " + String.join(", ", unknown) + " (the rules: "
          + String.join(", ", ids) + ")");
    }
    List<Finding> findings = active.stream().filter(rule -> only.isEmpty() || only.contains(rule.id()))
        .map(rule -> rule.check().apply(state)).toList();
    FindingStatus verdict = findings.stream().map(Finding::status).reduce(FindingStatus.PASS, FindingStatus::worst);
    Map<FindingStatus, Long> counts = findings.stream()
        .collect(Collectors.groupingBy(Finding::status, Collectors.counting()));
    List<String> failedRules = findings.stream().filter(f -> f.status() == FindingStatus.FAIL).map(Finding::rule).toList();
    return new ReadinessReport(state.cluster().name(), verdict,
        counts.getOrDefault(FindingStatus.PASS, 0L).intValue(),
        counts.getOrDefault(FindingStatus.WARN, 0L).intValue(),
        counts.getOrDefault(FindingStatus.FAIL, 0L).intValue(),
        failedRules, failedRules, !failedRules.isEmpty(), findings, summary(state, verdict, findings));
  }

  static String summary(ClusterState state, FindingStatus verdict, List<Finding> findings) {
    StringBuilder text = new StringBuilder();
    long failed = findings.stream().filter(f -> f.status() == FindingStatus.FAIL).count();
    long warned = findings.stream().filter(f -> f.status() == FindingStatus.WARN).count();
    text.append("Preflight of Connect cluster '").append(state.cluster().name()).append("': ").append(verdict)
        .append(" (").append(findings.size() - failed - warned).append(" pass, ").append(warned).append(" warn, ")
        .append(failed).append(" fail) at ").append(state.describedAt()).append('\n');
    for (FindingStatus status : List.of(FindingStatus.FAIL, FindingStatus.WARN, FindingStatus.PASS)) {
      for (Finding f : findings) {
        if (f.status() != status) {
          continue;
        }
        text.append('\n').append(String.format("%-4s", f.status())).append(' ').append(f.rule()).append(": ")
            .append(f.summary());
        if (status != FindingStatus.PASS) {
          f.evidence().forEach(e -> text.append("\n       - ").append(e));
        }
      }
    }
    return text.append('\n').toString();
  }

  // ---- node rules ----------------------------------------------------------------------------

  private Finding nodesRunning(ClusterState s) {
    String id = "nodes-running";
    String title = title(id);
    List<String> evidence = s.nodes().stream().map(n -> n.instanceId() + " " + n.state() + " in " + n.availabilityZone())
        .toList();
    long running = s.nodes().stream().filter(Node::running).count();
    int desired = s.cluster().desiredNodes();
    if (running < desired) {
      return fail(id, title, running + " of " + desired + " desired nodes are running", evidence);
    }
    List<String> notRunning = s.nodes().stream().filter(n -> !n.running()).map(Node::instanceId).toList();
    if (!notRunning.isEmpty()) {
      return warn(id, title, running + " nodes running, but not " + notRunning, evidence);
    }
    return pass(id, title, running + " of " + desired + " desired nodes are running", evidence);
  }

  private Finding nodeFacts(ClusterState s) {
    String id = "node-facts";
    List<String> missing = s.nodeReports().stream().filter(r -> !r.ok())
        .map(r -> r.instanceId() + ": " + r.error()).toList();
    if (!missing.isEmpty()) {
      return fail(id, title(id), missing.size() + " node(s) did not report; their rules are unchecked", missing);
    }
    if (s.nodeReports().isEmpty()) {
      return fail(id, title(id), "no running node to ask", List.of());
    }
    return pass(id, title(id), s.nodeReports().size() + " node(s) reported", List.of());
  }

  private Finding sameVersion(ClusterState s) {
    String id = "same-version";
    Map<String, String> versions = perNode(s, f -> f.connectVersion() == null ? "not installed" : f.connectVersion());
    return sameEverywhere(id, versions, "Connect " + unique(versions), "nodes run different Connect versions");
  }

  private Finding sameConfig(ClusterState s) {
    String id = "same-config";
    Map<String, String> hashes = perNode(s, f -> f.configHash() == null ? "no config file" : f.configHash());
    return sameEverywhere(id, hashes, "one configuration (sha256 " + abbreviate(unique(hashes)) + ", Metrics.DataPath aside)",
        "configuration files differ between nodes");
  }

  private Finding postgresDatabase(ClusterState s) {
    String id = "postgres-database";
    Map<String, NodeFacts> facts = facts(s);
    if (facts.isEmpty()) {
      return noFacts(id);
    }
    List<String> evidence = new ArrayList<>();
    facts.forEach((node, f) -> evidence.add(node + ": Database.Provider=" + f.databaseProvider()
        + (f.postgresHost() == null ? "" : ", host " + f.postgresHost())));
    List<String> notPostgres = facts.entrySet().stream()
        .filter(e -> !"postgres".equalsIgnoreCase(e.getValue().databaseProvider())).map(Map.Entry::getKey).toList();
    if (!notPostgres.isEmpty()) {
      return fail(id, title(id), "not PostgreSQL on " + notPostgres + " (SQLite is not HA)", evidence);
    }
    Set<String> hosts = facts.values().stream().map(f -> String.valueOf(f.postgresHost())).collect(Collectors.toCollection(TreeSet::new));
    if (hosts.size() > 1) {
      return fail(id, title(id), "nodes point at different PostgreSQL hosts " + hosts, evidence);
    }
    DatabaseState db = s.database();
    String host = hosts.iterator().next();
    if (db != null && db.endpoint() != null && !db.endpoint().equalsIgnoreCase(host)) {
      return warn(id, title(id), "nodes use " + host + ", not the cluster database's endpoint " + db.endpoint(), evidence);
    }
    return pass(id, title(id), "every node uses PostgreSQL at " + host, evidence);
  }

  private Finding sharedDataDir(ClusterState s) {
    String id = "shared-data-dir";
    Map<String, NodeFacts> facts = facts(s);
    if (facts.isEmpty()) {
      return noFacts(id);
    }
    List<String> evidence = new ArrayList<>();
    facts.forEach((node, f) -> evidence.add(node + ": Server.DataDir=" + f.serverDataDir() + " on " + f.dataDirFsType()
        + " " + f.dataDirSource() + ", Database.Dir=" + f.databaseDir() + ", Server.LandingDir=" + f.landingDir()));
    for (var setting : List.<Map.Entry<String, Function<NodeFacts, String>>>of(
        Map.entry("Server.DataDir", NodeFacts::serverDataDir),
        Map.entry("Database.Dir", NodeFacts::databaseDir),
        Map.entry("Server.LandingDir", NodeFacts::landingDir))) {
      Set<String> values = facts.values().stream().map(f -> String.valueOf(setting.getValue().apply(f)))
          .collect(Collectors.toCollection(TreeSet::new));
      if (values.size() > 1) {
        return fail(id, title(id), setting.getKey() + " differs between nodes: " + values, evidence);
      }
    }
    List<String> local = facts.entrySet().stream().filter(e -> !e.getValue().onSharedFileSystem(e.getValue().dataDirFsType()))
        .map(Map.Entry::getKey).toList();
    if (!local.isEmpty()) {
      return fail(id, title(id), "Server.DataDir is not on a shared (NFS/EFS) mount on " + local, evidence);
    }
    String expected = s.cluster().fileSystemId();
    List<String> foreign = facts.entrySet().stream().filter(e -> {
      Matcher m = FS_ID.matcher(String.valueOf(e.getValue().dataDirSource()));
      return m.find() && !m.group().equals(expected);
    }).map(Map.Entry::getKey).toList();
    if (!foreign.isEmpty()) {
      return fail(id, title(id), "Server.DataDir is mounted from another file system than " + expected + " on " + foreign,
          evidence);
    }
    return pass(id, title(id), "Server.DataDir " + facts.values().iterator().next().serverDataDir()
        + " is on the shared file system on every node", evidence);
  }

  private Finding uniqueMetricsPath(ClusterState s) {
    String id = "unique-metrics-path";
    Map<String, NodeFacts> facts = facts(s);
    if (facts.isEmpty()) {
      return noFacts(id);
    }
    List<String> evidence = new ArrayList<>();
    facts.forEach((node, f) -> evidence.add(node + ": Metrics.DataPath=" + f.metricsDataPath() + " on " + f.metricsFsType()
        + (f.graphiteEnabled() ? ", Graphite on" : "")));
    Map<String, List<String>> sharedPaths = new TreeMap<>();
    facts.forEach((node, f) -> {
      if (!f.graphiteEnabled() && f.onSharedFileSystem(f.metricsFsType())) {
        sharedPaths.computeIfAbsent(String.valueOf(f.metricsDataPath()), p -> new ArrayList<>()).add(node);
      }
    });
    List<String> clashes = sharedPaths.entrySet().stream().filter(e -> e.getValue().size() > 1)
        .map(e -> e.getKey() + " used by " + e.getValue()).toList();
    if (!clashes.isEmpty()) {
      return fail(id, title(id), "nodes write metrics to the same shared path: " + String.join("; ", clashes), evidence);
    }
    return pass(id, title(id), "each node has its own metrics location (or Graphite)", evidence);
  }

  private Finding clockSync(ClusterState s) {
    String id = "clock-sync";
    Map<String, NodeFacts> facts = facts(s);
    if (facts.isEmpty()) {
      return noFacts(id);
    }
    List<String> evidence = new ArrayList<>();
    facts.forEach((node, f) -> evidence.add(node + ": " + f.clockSource() + (f.clockSynchronized() ? " synchronised" : " NOT synchronised")
        + (f.clockOffsetSeconds() == null ? "" : ", offset " + f.clockOffsetSeconds() + " s")));
    List<String> bad = facts.entrySet().stream().filter(e -> !e.getValue().clockSynchronized()
        || Math.abs(offset(e.getValue())) > CLOCK_FAIL_SECONDS).map(Map.Entry::getKey).toList();
    if (!bad.isEmpty()) {
      return fail(id, title(id), "clock not synchronised (or off by more than " + CLOCK_FAIL_SECONDS + " s) on " + bad, evidence);
    }
    List<String> drifting = facts.entrySet().stream().filter(e -> Math.abs(offset(e.getValue())) > CLOCK_WARN_SECONDS)
        .map(Map.Entry::getKey).toList();
    if (!drifting.isEmpty()) {
      return warn(id, title(id), "clock offset above " + CLOCK_WARN_SECONDS + " s on " + drifting, evidence);
    }
    return pass(id, title(id), "every clock is synchronised within " + CLOCK_WARN_SECONDS + " s", evidence);
  }

  private static double offset(NodeFacts f) {
    return f.clockOffsetSeconds() == null ? 0 : f.clockOffsetSeconds();
  }

  private Finding runAsIdentity(ClusterState s) {
    String id = "run-as-identity";
    Map<String, NodeFacts> facts = facts(s);
    if (facts.isEmpty()) {
      return noFacts(id);
    }
    Map<String, String> identities = new TreeMap<>();
    facts.forEach((node, f) -> identities.put(node, f.runAsUser() + "=" + f.runAsUid() + ":" + f.runAsGid()
        + (Objects.equals(f.appsRunAsUser(), f.runAsUser()) ? ""
            : ", " + f.appsRunAsUser() + "=" + f.appsRunAsUid() + ":" + f.appsRunAsGid())));
    List<String> missing = facts.entrySet().stream()
        .filter(e -> e.getValue().runAsUid() == null || e.getValue().appsRunAsUid() == null).map(Map.Entry::getKey).toList();
    if (!missing.isEmpty()) {
      return fail(id, title(id), "run-as account missing on " + missing, evidence(identities));
    }
    return sameEverywhere(id, identities, "UID/GID " + unique(identities), "UID/GID differ between nodes");
  }

  // ---- infrastructure rules ------------------------------------------------------------------

  private Finding stickySessions(ClusterState s) {
    String id = "sticky-sessions";
    LoadBalancing lb = s.loadBalancing();
    if (lb == null) {
      return noLoadBalancer(s, id);
    }
    List<String> evidence = List.of(lb.targetGroupArn() + ": stickiness.enabled=" + lb.stickinessEnabled()
        + ", stickiness.type=" + lb.stickinessType());
    boolean cookie = "lb_cookie".equals(lb.stickinessType()) || "app_cookie".equals(lb.stickinessType());
    if (!lb.stickinessEnabled() || !cookie) {
      return fail(id, title(id), "sticky sessions are off or not cookie-based (Shiny needs them)", evidence);
    }
    return pass(id, title(id), "cookie stickiness (" + lb.stickinessType() + ") is on", evidence);
  }

  private Finding crossZone(ClusterState s) {
    String id = "cross-zone";
    LoadBalancing lb = s.loadBalancing();
    if (lb == null) {
      return noLoadBalancer(s, id);
    }
    List<String> evidence = List.of(lb.targetGroupArn() + ": load_balancing.cross_zone.enabled=" + lb.crossZone()
        + ", load balancer cross-zone=" + lb.loadBalancerCrossZone());
    if (!lb.crossZoneOn()) {
      return fail(id, title(id), "cross-zone load balancing is off: sticky sessions break across zones", evidence);
    }
    return pass(id, title(id), "cross-zone load balancing is on", evidence);
  }

  private Finding multiAzNodes(ClusterState s) {
    String id = "multi-az-nodes";
    Map<String, String> zones = new TreeMap<>();
    s.nodes().stream().filter(Node::running).forEach(n -> zones.put(n.instanceId(), n.availabilityZone()));
    Set<String> distinct = new TreeSet<>(zones.values());
    if (distinct.size() >= 2) {
      return pass(id, title(id), "nodes in " + distinct, evidence(zones));
    }
    if (s.cluster().desiredNodes() == 1) {
      return warn(id, title(id), "single-server topology: one zone " + distinct + " (not HA)", evidence(zones));
    }
    return fail(id, title(id), "all running nodes are in " + distinct + ": one zone failure stops Connect", evidence(zones));
  }

  private Finding efsMountTargets(ClusterState s) {
    String id = "efs-mount-targets";
    FileSystemState fs = s.fileSystem();
    Set<String> nodeZones = s.nodes().stream().map(Node::availabilityZone).collect(Collectors.toCollection(TreeSet::new));
    nodeZones.addAll(s.cluster().subnetsByAz().keySet());
    List<String> evidence = List.of(fs.id() + " mount targets in " + fs.mountTargetAzs(), "zones in use " + nodeZones);
    Set<String> missing = new TreeSet<>(nodeZones);
    missing.removeAll(fs.mountTargetAzs());
    if (!missing.isEmpty()) {
      return fail(id, title(id), "no mount target in " + missing, evidence);
    }
    return pass(id, title(id), "a mount target in each of " + nodeZones, evidence);
  }

  private Finding rdsPostgres(ClusterState s) {
    String id = "rds-postgres";
    DatabaseState db = s.database();
    List<String> evidence = List.of(db.id() + ": " + db.engine() + " " + db.engineVersion() + ", status " + db.status());
    if (!db.postgres()) {
      return fail(id, title(id), "engine is " + db.engine() + ", not PostgreSQL", evidence);
    }
    if (db.majorVersion() < MIN_POSTGRES_MAJOR) {
      return fail(id, title(id), "PostgreSQL " + db.engineVersion() + " is older than " + MIN_POSTGRES_MAJOR, evidence);
    }
    if (!"available".equals(db.status())) {
      return fail(id, title(id), "database status is " + db.status(), evidence);
    }
    return pass(id, title(id), "PostgreSQL " + db.engineVersion() + ", available", evidence);
  }

  private Finding rdsMultiAz(ClusterState s) {
    String id = "rds-multi-az";
    DatabaseState db = s.database();
    List<String> evidence = List.of(db.id() + ": MultiAZ=" + db.multiAz());
    if (db.multiAz()) {
      return pass(id, title(id), "Multi-AZ", evidence);
    }
    if (s.cluster().desiredNodes() == 1) {
      return warn(id, title(id), "single-AZ database in a single-server topology", evidence);
    }
    return fail(id, title(id), "the database is single-AZ: a zone failure stops every node", evidence);
  }

  private Finding efsEncrypted(ClusterState s) {
    String id = "efs-encrypted";
    FileSystemState fs = s.fileSystem();
    List<String> evidence = List.of(fs.id() + ": Encrypted=" + fs.encrypted() + ", " + fs.lifecycleState());
    return fs.encrypted() ? pass(id, title(id), "encrypted at rest", evidence)
        : fail(id, title(id), "the file system is not encrypted at rest", evidence);
  }

  private Finding targetsHealthy(ClusterState s) {
    String id = "targets-healthy";
    LoadBalancing lb = s.loadBalancing();
    if (lb == null) {
      return noLoadBalancer(s, id);
    }
    Map<String, TargetHealth> byNode = lb.targets().stream()
        .collect(Collectors.toMap(TargetHealth::instanceId, t -> t, (a, b) -> a, TreeMap::new));
    List<String> evidence = new ArrayList<>();
    List<String> bad = new ArrayList<>();
    for (Node node : s.nodes().stream().filter(Node::running).toList()) {
      TargetHealth t = byNode.get(node.instanceId());
      evidence.add(node.instanceId() + ": " + (t == null ? "not registered" : t.state()
          + (t.reason() == null ? "" : " (" + t.reason() + ")")));
      if (t == null || !t.healthy()) {
        bad.add(node.instanceId());
      }
    }
    if (!bad.isEmpty()) {
      return fail(id, title(id), "not healthy in the target group: " + bad, evidence);
    }
    return pass(id, title(id), "every running node is healthy", evidence);
  }

  // ---- helpers -------------------------------------------------------------------------------

  private String title(String id) {
    return rules.stream().filter(r -> r.id().equals(id)).findFirst().map(Rule::title).orElse(id);
  }

  private static Map<String, NodeFacts> facts(ClusterState s) {
    Map<String, NodeFacts> facts = new TreeMap<>();
    for (NodeReport r : s.nodeReports()) {
      if (r.ok()) {
        facts.put(r.instanceId(), r.facts());
      }
    }
    return facts;
  }

  private static Map<String, String> perNode(ClusterState s, Function<NodeFacts, String> value) {
    Map<String, String> values = new TreeMap<>();
    facts(s).forEach((node, f) -> values.put(node, value.apply(f)));
    return values;
  }

  private Finding sameEverywhere(String id, Map<String, String> perNode, String sameSummary, String differentSummary) {
    if (perNode.isEmpty()) {
      return noFacts(id);
    }
    if (new TreeSet<>(perNode.values()).size() > 1) {
      return fail(id, title(id), differentSummary, evidence(perNode));
    }
    return pass(id, title(id), sameSummary + " on " + perNode.size() + " node(s)", evidence(perNode));
  }

  private Finding noFacts(String id) {
    return fail(id, title(id), "no node reported facts: unchecked", List.of());
  }

  private Finding noLoadBalancer(ClusterState s, String id) {
    if (s.cluster().desiredNodes() == 1) {
      return warn(id, title(id), "no load balancer registered (single server)", List.of());
    }
    return fail(id, title(id), "no target group registered for a cluster of " + s.cluster().desiredNodes() + " nodes",
        List.of());
  }

  private static String unique(Map<String, String> perNode) {
    return perNode.values().stream().findFirst().orElse("?");
  }

  private static String abbreviate(String hash) {
    return hash.length() > 12 ? hash.substring(0, 12) : hash;
  }

  private static List<String> evidence(Map<String, String> perNode) {
    return perNode.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList();
  }
}
