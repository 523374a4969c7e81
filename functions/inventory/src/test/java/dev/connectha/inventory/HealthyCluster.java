package dev.connectha.inventory;

import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ClusterState;
import dev.connectha.model.ClusterVersions;
import java.util.Optional;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.DatabaseState;
import dev.connectha.model.FileSystemState;
import dev.connectha.model.LoadBalancing;
import dev.connectha.model.Node;
import dev.connectha.model.NodeFacts;
import dev.connectha.model.NodeReport;
import dev.connectha.model.TargetHealth;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Test fixture: a {@link ClusterState} that passes every rule of Posit's HA checklist — two running
 * nodes in two zones behind a cookie-sticky, cross-zone target group, on one Multi-AZ PostgreSQL
 * 16 database and one encrypted EFS file system with a mount target in each zone. Each
 * {@code with...} method breaks (or changes) one thing; {@link #build()} makes the state.
 */
final class HealthyCluster {
  static final String NAME = "prod";
  static final String NODE_A = "i-0aaaaaaaaaaaaaaaa";
  static final String NODE_B = "i-0bbbbbbbbbbbbbbbb";
  static final String NODE_C = "i-0cccccccccccccccc";
  static final String AZ_A = "eu-west-1a";
  static final String AZ_B = "eu-west-1b";
  static final String AZ_C = "eu-west-1c";
  static final String FS_ID = "fs-0123abcd";
  static final String DB_ID = "connect-db";
  static final String DB_ENDPOINT = "connect-db.c9akciq32.eu-west-1.rds.amazonaws.com";
  static final String TARGET_GROUP = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/connect/0123456789abcdef";
  static final String LOAD_BALANCER = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/connect/0123456789abcdef";
  static final String VERSION = "2024.08.0";
  static final String CONFIG_HASH = "3f2a9c1d7e6b5a4f3e2d1c0b9a8f7e6d5c4b3a29182736455463728190abcdef";
  static final Instant DESCRIBED_AT = Instant.parse("2025-03-04T05:06:07Z");

  /** One node's facts, healthy by default; tests change fields in place. */
  static final class Facts {
    String connectVersion = VERSION;
    String serviceState = "active";
    String configHash = CONFIG_HASH;
    String databaseProvider = "postgres";
    String postgresHost = DB_ENDPOINT;
    String serverDataDir = "/mnt/connect/data";
    String databaseDir = "/mnt/connect/data/db";
    String landingDir = "/mnt/connect/data/landing";
    String dataDirFsType = "nfs4";
    String dataDirSource = FS_ID + ".efs.eu-west-1.amazonaws.com:/";
    String metricsDataPath;
    String metricsFsType = "nfs4";
    boolean graphiteEnabled = false;
    String runAsUser = "rstudio-connect";
    Integer runAsUid = 999;
    Integer runAsGid = 998;
    String appsRunAsUser = "rstudio-connect";
    Integer appsRunAsUid = 999;
    Integer appsRunAsGid = 998;
    String clockSource = "chrony";
    boolean clockSynchronized = true;
    Double clockOffsetSeconds = 0.0004;

    /** Metrics on EFS, but under a path of its own: Posit's "unique per node". */
    Facts(String instanceId) {
      metricsDataPath = "/mnt/connect/metrics/" + instanceId;
    }

    NodeFacts build() {
      return new NodeFacts(connectVersion, serviceState, configHash, databaseProvider, postgresHost, serverDataDir,
          databaseDir, landingDir, dataDirFsType, dataDirSource, metricsDataPath, metricsFsType, graphiteEnabled,
          runAsUser, runAsUid, runAsGid, appsRunAsUser, appsRunAsUid, appsRunAsGid, clockSource, clockSynchronized,
          clockOffsetSeconds);
    }
  }

  private String targetGroupArn = TARGET_GROUP;
  private int desiredNodes = 2;
  private Map<String, String> subnetsByAz = new LinkedHashMap<>(Map.of(AZ_A, "subnet-0a", AZ_B, "subnet-0b"));
  private final List<Node> nodes = new ArrayList<>(List.of(node(NODE_A, AZ_A), node(NODE_B, AZ_B)));
  private final Map<String, NodeReport> reports = new LinkedHashMap<>();
  private boolean stickinessEnabled = true;
  private String stickinessType = "lb_cookie";
  private String crossZone = "use_load_balancer_configuration";
  private boolean loadBalancerCrossZone = true;
  private List<TargetHealth> targets = new ArrayList<>(List.of(healthy(NODE_A), healthy(NODE_B)));
  private DatabaseState database = new DatabaseState(DB_ID, "postgres", "16.4", true, "available", true, DB_ENDPOINT);
  private FileSystemState fileSystem = new FileSystemState(FS_ID, true, "available", List.of(AZ_A, AZ_B));

  private HealthyCluster() {
    nodes.forEach(n -> reports.put(n.instanceId(), reportOf(n.instanceId(), new Facts(n.instanceId()).build())));
  }

  /** Two running nodes in two zones: every rule passes. */
  static HealthyCluster twoNodes() {
    return new HealthyCluster();
  }

  /**
   * Posit's single-server topology: one node, no load balancer, a single-AZ database. Not HA,
   * so the rules that need a second node or zone warn instead of failing.
   */
  static HealthyCluster singleServer() {
    HealthyCluster c = new HealthyCluster();
    c.desiredNodes = 1;
    c.subnetsByAz = new LinkedHashMap<>(Map.of(AZ_A, "subnet-0a"));
    c.withNodes(node(NODE_A, AZ_A)).withoutLoadBalancer();
    c.database = new DatabaseState(DB_ID, "postgres", "16.4", false, "available", true, DB_ENDPOINT);
    return c;
  }

  static Node node(String instanceId, String az) {
    return new Node(instanceId, az, "subnet-" + az, "running", "10.0.0." + (Math.floorMod(instanceId.hashCode(), 250) + 1));
  }

  static Node stopped(String instanceId, String az) {
    return new Node(instanceId, az, "subnet-" + az, "stopped", null);
  }

  static TargetHealth healthy(String instanceId) {
    return new TargetHealth(instanceId, "healthy", null);
  }

  static NodeReport reportOf(String instanceId, NodeFacts facts) {
    return new NodeReport(instanceId, "Success", facts, null);
  }

  // ---- cluster document ---------------------------------------------------------------------

  HealthyCluster withDesiredNodes(int desired) {
    this.desiredNodes = desired;
    return this;
  }

  HealthyCluster withSubnet(String az, String subnet) {
    subnetsByAz.put(az, subnet);
    return this;
  }

  // ---- nodes and their facts ----------------------------------------------------------------

  /** Replaces the nodes; every running one reports healthy facts (as DescribeCluster asks only those). */
  HealthyCluster withNodes(Node... replacement) {
    nodes.clear();
    reports.clear();
    if (targets != null) {
      targets.clear();
    }
    Arrays.stream(replacement).forEach(this::withNode);
    return this;
  }

  /** Adds a node; a running one reports healthy facts and is a healthy target. */
  HealthyCluster withNode(Node node) {
    nodes.add(node);
    if (node.running()) {
      reports.put(node.instanceId(), reportOf(node.instanceId(), new Facts(node.instanceId()).build()));
      if (targets != null) {
        targets.add(healthy(node.instanceId()));
      }
    }
    return this;
  }

  /** Changes one node's facts, starting from the healthy ones. */
  HealthyCluster withFacts(String instanceId, Consumer<Facts> change) {
    Facts facts = new Facts(instanceId);
    change.accept(facts);
    reports.put(instanceId, reportOf(instanceId, facts.build()));
    return this;
  }

  /** Changes every reporting node's facts the same way. */
  HealthyCluster withEveryNodesFacts(Consumer<Facts> change) {
    List.copyOf(reports.keySet()).forEach(id -> withFacts(id, change));
    return this;
  }

  /** The node-facts command failed on this node: a report without facts. */
  HealthyCluster withFailedFacts(String instanceId, String status, String error) {
    reports.put(instanceId, new NodeReport(instanceId, status, null, error));
    return this;
  }

  HealthyCluster withoutReports() {
    reports.clear();
    return this;
  }

  // ---- load balancing -----------------------------------------------------------------------

  HealthyCluster withoutLoadBalancer() {
    targetGroupArn = null;
    targets = null;
    return this;
  }

  HealthyCluster withStickiness(boolean enabled, String type) {
    stickinessEnabled = enabled;
    stickinessType = type;
    return this;
  }

  HealthyCluster withCrossZone(String targetGroupSetting, boolean loadBalancerSetting) {
    crossZone = targetGroupSetting;
    loadBalancerCrossZone = loadBalancerSetting;
    return this;
  }

  HealthyCluster withTargets(TargetHealth... replacement) {
    targets = new ArrayList<>(List.of(replacement));
    return this;
  }

  // ---- database and file system -------------------------------------------------------------

  HealthyCluster withDatabase(String engine, String engineVersion, boolean multiAz, String status) {
    database = new DatabaseState(DB_ID, engine, engineVersion, multiAz, status, true, DB_ENDPOINT);
    return this;
  }

  HealthyCluster withDatabaseEndpoint(String endpoint) {
    database = new DatabaseState(database.id(), database.engine(), database.engineVersion(), database.multiAz(),
        database.status(), database.storageEncrypted(), endpoint);
    return this;
  }

  HealthyCluster withFileSystem(boolean encrypted, String... mountTargetAzs) {
    fileSystem = new FileSystemState(FS_ID, encrypted, "available", List.of(mountTargetAzs));
    return this;
  }

  // ---- the state ----------------------------------------------------------------------------

  ClusterDocument document() {
    return new ClusterDocument(NAME, targetGroupArn, DB_ID, null, FS_ID, "lt-0123456789abcdef0", subnetsByAz,
        "connect-ha-prod", "arn:aws:iam::123456789012:role/connect-ha-backup", "https://cdn.posit.co/connect",
        desiredNodes, ConnectVersion.parse(VERSION));
  }

  ClusterState build() {
    LoadBalancing lb = targetGroupArn == null ? null : new LoadBalancing(targetGroupArn, List.of(LOAD_BALANCER),
        stickinessEnabled, stickinessType, crossZone, loadBalancerCrossZone, "/__ping__", targets);
    return new ClusterState(document(), ClusterVersions.of(document(), Optional.empty()), DESCRIBED_AT, nodes, lb, database, fileSystem, List.copyOf(reports.values()));
  }
}
