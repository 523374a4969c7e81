package dev.connectha.inventory;

import static dev.connectha.model.FindingStatus.FAIL;
import static dev.connectha.model.FindingStatus.PASS;
import static dev.connectha.model.FindingStatus.WARN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ClusterState;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.DatabaseState;
import dev.connectha.model.EksPlacement;
import dev.connectha.model.FileSystemState;
import dev.connectha.model.Finding;
import dev.connectha.model.FindingStatus;
import dev.connectha.model.LoadBalancing;
import dev.connectha.model.Topology;
import dev.connectha.model.eks.ConnectConfigFacts;
import dev.connectha.model.eks.ConnectPod;
import dev.connectha.model.eks.EksPreflightFacts;
import dev.connectha.model.eks.NodeGroup;
import dev.connectha.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The checklist of the eks topology: each rule passing on a healthy cluster, and failing on the fault it is for. */
class EksChecklistTest {
  static final List<String> EKS_RULES = List.of("same-image-tag", "same-config", "unique-metrics-path",
      "off-host-execution", "sticky-sessions", "cross-zone", "multi-az-nodes", "replicas-spread", "efs-mount-targets",
      "rds-postgres", "rds-multi-az", "rds-subnet-group", "efs-encrypted");
  static final String AZ_A = "eu-west-1a";
  static final String AZ_B = "eu-west-1b";
  static final String AZ_C = "eu-west-1c";
  static final String TAG = "ubuntu2204-2024.08.0";
  static final String CONFIG_MAP = "connect-rstudio-connect-config";
  static final String CHECKSUM = "9c1f2e3d4c5b6a79881726354433221100ffeeddccbbaa998877665544332211";

  private final HaChecklist checklist = new HaChecklist();

  // a healthy eks cluster, changed field by field by each test
  int replicas = 2;
  int desired = 2;
  String templateTag = TAG;
  List<ConnectPod> pods = new ArrayList<>(List.of(pod("connect-0", AZ_A), pod("connect-1", AZ_B)));
  List<NodeGroup> nodeGroups = new ArrayList<>(List.of(new NodeGroup("workers", "ACTIVE", List.of(AZ_A, AZ_B))));
  ConnectConfigFacts config = new ConnectConfigFacts(true, true, null, "/var/lib/rstudio-connect", null, null,
      "/var/lib/connect-metrics");
  List<String> subnetGroupAzs = List.of(AZ_A, AZ_B, AZ_C);
  List<String> mountTargetAzs = List.of(AZ_A, AZ_B);
  boolean stickiness = true;

  static ConnectPod pod(String name, String zone) {
    return new ConnectPod(name, "Running", true, TAG, "node-" + zone, zone, CHECKSUM, List.of(CONFIG_MAP));
  }

  ClusterState state() {
    ClusterDocument doc = new ClusterDocument("prod", "arn:tg", "connect-db", null, "fs-0123abcd", null, Map.of(), null,
        null, null, desired, ConnectVersion.parse("2024.08.0"), null, null, null, null, null, null, null, null, null,
        Topology.EKS, new EksPlacement("prod-eks", "connect", "connect-rstudio-connect", null, "connect", null));
    return new ClusterState(doc, null, Instant.parse("2025-03-04T05:06:07Z"), List.of(),
        new LoadBalancing("arn:tg", List.of("arn:lb"), stickiness, "lb_cookie", "true", true, "/__ping__", List.of()),
        new DatabaseState("connect-db", "postgres", "16.4", true, "available", true, "db.example", subnetGroupAzs),
        new FileSystemState("fs-0123abcd", true, "available", mountTargetAzs), List.of());
  }

  EksPreflightFacts facts() {
    return new EksPreflightFacts("prod-eks/connect/connect-rstudio-connect", replicas, templateTag, pods, nodeGroups,
        CONFIG_MAP, config, "connect", 3);
  }

  ReadinessReport check() {
    ReadinessReport report = checklist.check(state(), List.of(), facts());
    assertEquals(EKS_RULES, report.findings().stream().map(Finding::rule).toList(), "the eks rules, in order, every time");
    return report;
  }

  /** Exactly {@code rule} has {@code status}; every other rule passes. */
  static void assertOnly(ReadinessReport report, String rule, FindingStatus status) {
    Map<String, FindingStatus> notPassing = new TreeMap<>();
    report.findings().stream().filter(f -> f.status() != PASS).forEach(f -> notPassing.put(f.rule(), f.status()));
    assertEquals(status == PASS ? Map.of() : Map.of(rule, status), notPassing, report::summary);
  }

  static Finding finding(ReadinessReport report, String rule) {
    return report.findings().stream().filter(f -> f.rule().equals(rule)).findFirst().orElseThrow();
  }

  static void assertMentions(Finding finding, String... parts) {
    String text = finding.summary() + " " + finding.evidence();
    for (String part : parts) {
      assertTrue(text.contains(part), () -> "expected '" + part + "' in: " + text);
    }
  }

  @Test
  void passesEveryEksRuleOnAHealthyCluster() {
    ReadinessReport report = check();
    assertOnly(report, null, PASS);
    assertEquals(PASS, report.verdict());
  }

  @Test
  void leavesTheEc2InstanceRulesOutForEks() {
    List<String> ids = checklist.ruleIds(Topology.EKS);
    assertEquals(EKS_RULES, ids);
    for (String ec2Only : List.of("nodes-running", "node-facts", "same-version", "postgres-database", "shared-data-dir",
        "clock-sync", "run-as-identity", "targets-healthy")) {
      assertTrue(!ids.contains(ec2Only), ec2Only + " is about EC2 instances");
    }
    assertThrows(InvalidInputException.class, () -> checklist.check(state(), List.of("clock-sync"), facts()));
  }

  @Test
  void failsEveryWorkloadRuleAsUncheckedWithoutTheWorkloadsFacts() {
    ReadinessReport report = checklist.check(state(), List.of(), null);
    for (String rule : List.of("same-image-tag", "same-config", "unique-metrics-path", "off-host-execution",
        "multi-az-nodes", "replicas-spread", "efs-mount-targets", "rds-subnet-group")) {
      assertEquals(FAIL, finding(report, rule).status(), rule);
      assertMentions(finding(report, rule), "unchecked");
    }
  }

  @Test
  void failsTheImageTagRuleWhenOnePodRunsAnotherTag() {
    pods.set(1, new ConnectPod("connect-1", "Running", true, "ubuntu2204-2024.09.0", "n", AZ_B, CHECKSUM,
        List.of(CONFIG_MAP)));
    ReadinessReport report = check();
    assertOnly(report, "same-image-tag", FAIL);
    assertMentions(finding(report, "same-image-tag"), "ubuntu2204-2024.09.0", "connect-1");
  }

  @Test
  void failsTheImageTagRuleWhenThePodsAreNotOnTheWorkloadsTag() {
    templateTag = "ubuntu2204-2024.09.0";
    assertOnly(check(), "same-image-tag", FAIL);
  }

  @Test
  void failsTheConfigRuleWhenAPodStartedOnAnotherConfiguration() {
    pods.set(0, new ConnectPod("connect-0", "Running", true, TAG, "n", AZ_A, "0000aaaa", List.of(CONFIG_MAP)));
    ReadinessReport report = check();
    assertOnly(report, "same-config", FAIL);
    assertMentions(finding(report, "same-config"), "different configurations", "connect-0");
  }

  @Test
  void failsTheConfigRuleWhenAPodMountsAnotherConfigMap() {
    pods.set(0, new ConnectPod("connect-0", "Running", true, TAG, "n", AZ_A, CHECKSUM, List.of("old-config")));
    ReadinessReport report = check();
    assertOnly(report, "same-config", FAIL);
    assertMentions(finding(report, "same-config"), "not from ConfigMap " + CONFIG_MAP, "connect-0");
  }

  @Test
  void warnsOnTheConfigRuleWhenNoPodCarriesTheChartsChecksum() {
    pods.replaceAll(p -> new ConnectPod(p.name(), p.phase(), p.ready(), p.imageTag(), p.node(), p.zone(), null,
        p.configMaps()));
    assertOnly(check(), "same-config", WARN);
  }

  @Test
  void failsTheMetricsRuleWhenEveryPodWritesUnderTheSharedDataDir() {
    config = new ConnectConfigFacts(true, true, null, "/var/lib/rstudio-connect", null, null,
        "/var/lib/rstudio-connect/metrics");
    ReadinessReport report = check();
    assertOnly(report, "unique-metrics-path", FAIL);
    assertMentions(finding(report, "unique-metrics-path"), "/var/lib/rstudio-connect/metrics", "shared storage");
  }

  @Test
  void failsTheMetricsRuleOnConnectsDefaultPath() {
    config = new ConnectConfigFacts(true, true, null, null, null, null, null);
    ReadinessReport report = check();
    assertOnly(report, "unique-metrics-path", FAIL);
    assertMentions(finding(report, "unique-metrics-path"), "/var/lib/rstudio-connect/metrics (default)");
  }

  @Test
  void passesTheMetricsRuleWhenMetricsGoToGraphiteOrAreOff() {
    config = new ConnectConfigFacts(true, true, null, null, null, true, null);
    assertOnly(check(), null, PASS);
    config = new ConnectConfigFacts(true, true, null, null, false, null, null);
    assertOnly(check(), null, PASS);
  }

  @Test
  void warnsOnTheMetricsRuleForASingleReplicaOnTheSharedPath() {
    config = new ConnectConfigFacts(true, true, null, null, null, null, null);
    replicas = 1;
    desired = 1;
    pods = new ArrayList<>(List.of(pod("connect-0", AZ_A)));
    ReadinessReport report = check();
    assertEquals(WARN, finding(report, "unique-metrics-path").status());
  }

  @Test
  void failsOffHostExecutionWhenTheLauncherIsNotOnKubernetes() {
    config = new ConnectConfigFacts(true, false, null, "/var/lib/rstudio-connect", null, null, "/var/lib/connect-metrics");
    ReadinessReport report = check();
    assertOnly(report, "off-host-execution", FAIL);
    assertMentions(finding(report, "off-host-execution"), "Launcher.Kubernetes=false");
    config = new ConnectConfigFacts(null, null, null, "/var/lib/rstudio-connect", null, null, "/var/lib/connect-metrics");
    assertOnly(check(), "off-host-execution", FAIL);
  }

  @Test
  void passesOffHostExecutionWithTheDirectKubernetesRunner() {
    config = new ConnectConfigFacts(null, null, true, "/var/lib/rstudio-connect", null, null, "/var/lib/connect-metrics");
    assertOnly(check(), null, PASS);
  }

  @Test
  void failsMultiAzNodesWhenEveryNodeGroupIsInOneZone() {
    nodeGroups = List.of(new NodeGroup("workers", "ACTIVE", List.of(AZ_A)), new NodeGroup("more", "ACTIVE", List.of(AZ_A)));
    pods = new ArrayList<>(List.of(pod("connect-0", AZ_A), pod("connect-1", AZ_A)));
    ReadinessReport report = check();
    assertEquals(FAIL, finding(report, "multi-az-nodes").status(), report::summary);
    assertEquals(FAIL, finding(report, "replicas-spread").status(), report::summary);
    assertMentions(finding(report, "multi-az-nodes"), "node group workers", AZ_A);
  }

  @Test
  void failsReplicasSpreadWhenEveryPodIsInOneZoneThoughWorkersSpanTwo() {
    pods = new ArrayList<>(List.of(pod("connect-0", AZ_B), pod("connect-1", AZ_B)));
    ReadinessReport report = check();
    assertOnly(report, "replicas-spread", FAIL);
    assertMentions(finding(report, "replicas-spread"), "connect-0: " + AZ_B, "connect-1: " + AZ_B);
  }

  @Test
  void warnsOnMultiAzNodesWithoutManagedNodeGroupsAndUsesThePodsZones() {
    nodeGroups = List.of();
    ReadinessReport report = check();
    assertOnly(report, "multi-az-nodes", WARN);
    assertMentions(finding(report, "efs-mount-targets"), "worker zones [" + AZ_A + ", " + AZ_B + "]");
  }

  @Test
  void failsEfsMountTargetsWhenAWorkerZoneHasNone() {
    nodeGroups = List.of(new NodeGroup("workers", "ACTIVE", List.of(AZ_A, AZ_B, AZ_C)));
    ReadinessReport report = check();
    assertOnly(report, "efs-mount-targets", FAIL);
    assertMentions(finding(report, "efs-mount-targets"), "no mount target in [" + AZ_C + "]");
  }

  @Test
  void failsTheSubnetGroupRuleWhenAWorkerZoneIsNotInIt() {
    subnetGroupAzs = List.of(AZ_A, AZ_C);
    ReadinessReport report = check();
    assertOnly(report, "rds-subnet-group", FAIL);
    assertMentions(finding(report, "rds-subnet-group"), "no subnet in [" + AZ_B + "]");
  }

  @Test
  void warnsOnTheSubnetGroupRuleWhenTheSubnetGroupIsUnknown() {
    subnetGroupAzs = List.of();
    assertOnly(check(), "rds-subnet-group", WARN);
  }

  @Test
  void theEksSampleEventPassesThroughTheHandler() throws Exception {
    String event = Files.readString(Path.of("../../events/CheckHaReadinessFunction.eks.json"));
    CheckHaReadinessInput input = Json.MAPPER.readValue(event, CheckHaReadinessInput.class);
    ReadinessReport report = new CheckHaReadinessHandler(checklist, "ConnectHa").handle(input);
    assertEquals(EKS_RULES, report.findings().stream().map(Finding::rule).toList());
    assertEquals(PASS, report.verdict(), report::summary);
  }

  @Test
  void reusesTheLoadBalancerRulesForEks() {
    stickiness = false;
    assertOnly(check(), "sticky-sessions", FAIL);
  }
}
