package dev.connectha.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.fakes.FakeClusterRegistry;
import dev.connectha.fakes.FakeDatabase;
import dev.connectha.fakes.FakeFileSystems;
import dev.connectha.fakes.FakeIncidents;
import dev.connectha.fakes.FakeNodeDirectory;
import dev.connectha.fakes.FakeNodeLauncher;
import dev.connectha.fakes.FakeTargetRegistrations;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.DatabaseState;
import dev.connectha.model.Node;
import dev.connectha.model.remediation.Incident;
import dev.connectha.model.remediation.IncidentKind;
import dev.connectha.remediation.Assessment.Replacement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * AssessIncident's rules, one by one, over the shared fakes: a cluster in two zones whose nodes
 * each test sets (state, target health, SSM agent, launcher) before it assesses an incident.
 */
class IncidentAssessorTest {
  static final String CLUSTER = "demo";
  static final String TARGET_GROUP = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/demo/0123456789abcdef";
  static final String FS = "fs-0123456789abcdef0";
  static final Instant NOW = Instant.parse("2026-11-30T18:00:00Z");
  static final String A = "us-east-1a";
  static final String B = "us-east-1b";
  static final Map<String, String> SUBNETS = Map.of(A, "subnet-0aaaaaaaaaaaaaaaa", B, "subnet-0bbbbbbbbbbbbbbbb");

  /** Every adapter call, in order, across all fakes; changes start with {@code change} (or are recordReplacements). */
  final List<String> calls = new ArrayList<>();
  final FakeClusterRegistry registry = new FakeClusterRegistry(calls, cluster(3, TARGET_GROUP));
  final FakeNodeDirectory nodes = new FakeNodeDirectory(calls, List.of());
  final FakeTargetRegistrations targets = new FakeTargetRegistrations(calls, 3939, List.of());
  final FakeNodeLauncher launcher = new FakeNodeLauncher(calls, SUBNETS);
  final FakeIncidents incidents = new FakeIncidents(calls);
  final FakeDatabase database = new FakeDatabase(calls,
      new DatabaseState("demo-db", "postgres", "15.4", true, "available", true, "demo-db.example"));
  final FakeFileSystems fileSystems = new FakeFileSystems(calls, new ArrayList<>());
  final IncidentAssessor assessor = new IncidentAssessor(registry, nodes, targets, launcher, incidents, database, fileSystems,
      Clock.fixed(NOW, ZoneOffset.UTC));

  IncidentAssessorTest() {
    fileSystems.add(new FakeFileSystems.FileSystem(FS, CLUSTER).withMountTargetsIn(A, B));
  }

  static ClusterDocument cluster(int desiredNodes, String targetGroup) {
    return new ClusterDocument(CLUSTER, targetGroup, "demo-db", null, FS, "lt-0123456789abcdef0", SUBNETS, "demo-vault",
        "arn:aws:iam::123456789012:role/demo-backup", "https://cdn.posit.co/connect", desiredNodes, ConnectVersion.parse("2024.08.0"));
  }

  /** A node connect-ha launched, in {@code az}, in EC2 state {@code state}, its target in {@code target} (null: not registered). */
  void node(String id, String az, String state, String target) {
    node(id, az, state, target, "arn:aws:states:us-east-1:123456789012:execution:connect-ha-provision-node:" + id);
  }

  void node(String id, String az, String state, String target, String launchedBy) {
    Node node = new Node(id, az, SUBNETS.get(az), state, "10.0.0.1");
    nodes.nodes.add(node);
    launcher.adopt(node, CLUSTER, launchedBy);
    if (target != null) {
      targets.state(id, target, target.equals("healthy") ? null : "Target.ResponseCodeMismatch");
    }
  }

  /** i-0000000a stopped in zone a, i-0000000b healthy beside it, i-0000000c healthy in zone b: 2 of 3 serve. */
  void aStoppedNodeBesideAHealthyOneInItsZone() {
    node("i-0000000a", A, "stopped", "unused");
    node("i-0000000b", A, "running", "healthy");
    node("i-0000000c", B, "running", "healthy");
  }

  static Incident incident(IncidentKind kind, String subject) {
    return new Incident(CLUSTER, kind, subject, NOW.minusSeconds(120));
  }

  Assessment assess(Incident incident) {
    return assessor.assess(new AssessIncidentInput(CLUSTER, incident, false, 2, false, "exec-1"));
  }

  List<String> changes() {
    return calls.stream().filter(c -> c.startsWith("change ") || c.startsWith("recordReplacements")).toList();
  }

  // ---- one node down -------------------------------------------------------------------------------

  @Test
  void connectDownOnALiveNodeIsRestartedNotReplaced() {
    node("i-0000000a", A, "running", "unhealthy");
    node("i-0000000b", B, "running", "healthy");
    node("i-0000000c", B, "running", "healthy");

    Assessment assessment = assess(incident(IncidentKind.NODE_UNHEALTHY, A));

    assertEquals("restart", assessment.action());
    assertEquals(List.of("i-0000000a"), assessment.restart());
    assertEquals(List.of(), assessment.replacements());
    assertEquals(2, assessment.healthy());
    assertEquals(3, assessment.desiredNodes());
    assertEquals(null, assessment.impairedAz(), "a zone whose node runs and answers SSM is not impaired");
    assertEquals(List.of(), changes(), "a restart is not a replacement: the breaker counts nothing");
  }

  @Test
  void aNodeWhoseRestartFailedIsReplacedInItsOwnZone() {
    node("i-0000000a", A, "running", "unhealthy");
    node("i-0000000b", B, "running", "healthy");
    node("i-0000000c", B, "running", "healthy");

    Assessment assessment = assessor.assess(new AssessIncidentInput(CLUSTER, incident(IncidentKind.NODE_UNHEALTHY, A), true, 2,
        false, "exec-1"));

    assertEquals("replace", assessment.action());
    assertEquals(List.of(), assessment.restart());
    assertEquals(List.of(new Replacement("i-0000000a", A, List.of(), "terminate", true)), assessment.replacements());
    assertEquals(List.of("recordReplacements demo 1"), changes());
  }

  @Test
  void aStoppedNodeIsReplacedInItsZoneWhenTheZoneHasAnotherHealthyNode() {
    aStoppedNodeBesideAHealthyOneInItsZone();

    Assessment assessment = assess(incident(IncidentKind.NODE_DEAD, "i-0000000a"));

    assertEquals("replace", assessment.action());
    assertEquals(List.of(new Replacement("i-0000000a", A, List.of(), "terminate", true, true)), assessment.replacements());
    assertEquals(null, assessment.impairedAz());
    assertTrue(assessment.reason().contains("i-0000000a (stopped)"), assessment.reason());
  }

  @Test
  void aRunningNodeWhoseSsmAgentIsOfflineIsDeadAndReplaced() {
    node("i-0000000a", A, "running", "unhealthy");
    node("i-0000000b", A, "running", "healthy");
    node("i-0000000c", B, "running", "healthy");
    launcher.neverOnline.add("i-0000000a");

    Assessment assessment = assess(incident(IncidentKind.NODE_DEAD, "i-0000000a"));

    assertEquals("replace", assessment.action());
    assertEquals(List.of(), assessment.restart());
    assertEquals(List.of(new Replacement("i-0000000a", A, List.of(), "terminate", true, true)), assessment.replacements());
    assertTrue(assessment.reason().contains("SSM agent offline"), assessment.reason());
  }

  @Test
  void theAgentStatusOfEveryRunningNodeIsReadInOneCall() {
    node("i-0000000a", A, "running", "unhealthy");
    node("i-0000000b", A, "stopped", "unused");
    node("i-0000000c", B, "running", "healthy");

    assess(incident(IncidentKind.NODE_UNHEALTHY, A));

    assertEquals(List.of("launcher.agentsOnline [i-0000000a, i-0000000c]"),
        calls.stream().filter(c -> c.startsWith("launcher.agentsOnline")).toList());
  }

  // ---- a zone down ---------------------------------------------------------------------------------

  @Test
  void everyNodeOfOneZoneFailedWhileTheOtherServesIsReplacedOutsideThatZone() {
    registry.documents.put(CLUSTER, cluster(4, TARGET_GROUP));
    node("i-0000000a", A, "running", "healthy");
    node("i-0000000b", A, "running", "healthy");
    node("i-0000000c", B, "stopped", "unused");
    node("i-0000000d", B, "running", "unhealthy");
    launcher.neverOnline.add("i-0000000d");

    Assessment assessment = assess(incident(IncidentKind.NODE_UNHEALTHY, B));

    assertEquals("replace", assessment.action());
    assertEquals(B, assessment.impairedAz());
    assertEquals(List.of(new Replacement("i-0000000c", null, List.of(B), "terminate", true, true),
        new Replacement("i-0000000d", null, List.of(B), "terminate", true, true)), assessment.replacements());
    assertEquals(List.of("recordReplacements demo 2"), changes());
  }

  @Test
  void anAzImpairedIncidentWhoseFailingNodesAreLiveRestartsThemFirst() {
    node("i-0000000a", A, "running", "healthy");
    node("i-0000000b", A, "running", "healthy");
    node("i-0000000c", B, "running", "unhealthy");

    Assessment assessment = assess(incident(IncidentKind.AZ_IMPAIRED, B));

    assertEquals("restart", assessment.action(), "the zone's one node runs and answers SSM: only its Connect is down");
    assertEquals(List.of("i-0000000c"), assessment.restart());
    assertEquals(null, assessment.impairedAz());
  }

  @Test
  void anAzImpairedIncidentNamesTheZoneAndReplacesItsFailingNodesElsewhereOnceARestartFailed() {
    node("i-0000000a", A, "running", "healthy");
    node("i-0000000b", A, "running", "healthy");
    node("i-0000000c", B, "running", "unhealthy");

    Assessment assessment = assessor.assess(new AssessIncidentInput(CLUSTER, incident(IncidentKind.AZ_IMPAIRED, B), true, 2, false,
        "exec-1"));

    assertEquals("replace", assessment.action());
    assertEquals(B, assessment.impairedAz());
    assertEquals(List.of(), assessment.restart());
    assertEquals(List.of(new Replacement("i-0000000c", null, List.of(B), "terminate", true)), assessment.replacements());
  }

  // ---- everything down -----------------------------------------------------------------------------

  @Test
  void everythingDownEscalatesWithDatabaseAndFileSystemFindingsAndReplacesNothing() {
    node("i-0000000a", A, "running", "unhealthy");
    node("i-0000000b", B, "running", "unhealthy");
    node("i-0000000c", B, "stopped", "unused");

    Assessment assessment = assess(incident(IncidentKind.CLUSTER_DOWN, Incident.WHOLE_CLUSTER));

    assertEquals("escalate", assessment.action());
    assertTrue(assessment.reason().startsWith("everything down"), assessment.reason());
    assertEquals(0, assessment.healthy());
    assertEquals(List.of(), assessment.replacements());
    assertEquals(List.of(), assessment.restart());
    assertEquals("database demo-db: available, Multi-AZ", assessment.findings().get(0));
    assertEquals("file system " + FS + ": available, mount targets in us-east-1a, us-east-1b", assessment.findings().get(1));
    assertEquals(5, assessment.findings().size(), "the database, the file system and each of the three nodes");
    assertTrue(calls.contains("database.describe demo-db"));
    assertEquals(List.of(), changes());
  }

  @Test
  void everythingDownSaysWhenTheDatabaseIsFailingOver() {
    database.state = new DatabaseState("demo-db", "postgres", "15.4", true, "failing-over", true, "demo-db.example");
    node("i-0000000a", A, "running", "unhealthy");
    node("i-0000000b", B, "running", "unhealthy");

    Assessment assessment = assess(incident(IncidentKind.CLUSTER_DOWN, Incident.WHOLE_CLUSTER));

    assertEquals("database demo-db: failing-over, Multi-AZ (not available: Connect cannot serve until it is)",
        assessment.findings().get(0));
  }

  @Test
  void theDatabaseIsNotReadWhileSomeNodeServes() {
    node("i-0000000a", A, "running", "unhealthy");
    node("i-0000000b", B, "running", "healthy");

    Assessment assessment = assess(incident(IncidentKind.NODE_UNHEALTHY, A));

    assertEquals(List.of(), assessment.findings());
    assertTrue(calls.stream().noneMatch(c -> c.startsWith("database.") || c.startsWith("efs.")), calls.toString());
  }

  // ---- resolved ------------------------------------------------------------------------------------

  @Test
  void everyNodeHealthyAgainAfterTheUpgradeIsResolvedWithNoAction() {
    node("i-0000000a", A, "running", "healthy");
    node("i-0000000b", A, "running", "healthy");
    node("i-0000000c", B, "running", "healthy");

    Assessment assessment = assess(incident(IncidentKind.NODE_DEAD, "i-0000000a"));

    assertEquals("none", assessment.action());
    assertEquals("resolved: 3 of 3 serve", assessment.reason());
    assertEquals(List.of(), assessment.restart());
    assertEquals(List.of(), assessment.replacements());
    assertEquals(List.of(), changes());
  }

  @Test
  void aFailedNodeThatIsNoLongerRegisteredLeavesAFullClusterResolved() {
    node("i-0000000a", A, "stopped", null);
    node("i-0000000b", A, "running", "healthy");
    node("i-0000000c", B, "running", "healthy");
    node("i-0000000d", B, "running", "healthy");

    Assessment assessment = assess(incident(IncidentKind.NODE_DEAD, "i-0000000a"));

    assertEquals("none", assessment.action());
  }

  // ---- circuit breaker -----------------------------------------------------------------------------

  /** The cluster replaced a node {@code ago} before now, once per duration; then a stopped node is assessed. */
  Assessment assessAStoppedNodeReplacedBefore(Duration... ago) {
    for (Duration before : ago) {
      incidents.recordReplacements(CLUSTER, 1, NOW.minus(before));
    }
    calls.clear();
    aStoppedNodeBesideAHealthyOneInItsZone();
    return assess(incident(IncidentKind.NODE_DEAD, "i-0000000a"));
  }

  @Test
  void theThirdReplacementWithinAnHourEscalatesAndReplacesNothing() {
    Assessment assessment = assessAStoppedNodeReplacedBefore(Duration.ofMinutes(50), Duration.ofMinutes(10));

    assertEquals("escalate", assessment.action());
    assertTrue(assessment.reason().startsWith("circuit breaker: "), assessment.reason());
    assertEquals(List.of(), assessment.replacements());
    assertEquals(2, assessment.replacementsLastHour());
    assertEquals(2, assessment.maxReplacementsPerHour());
    assertEquals(List.of(), changes());
    assertEquals(2, incidents.replacements.get(CLUSTER).size());
  }

  @Test
  void replacementsOlderThanAnHourDoNotCountAndThisOneIsRecorded() {
    Assessment assessment = assessAStoppedNodeReplacedBefore(Duration.ofMinutes(61), Duration.ofMinutes(61), Duration.ofMinutes(5));

    assertEquals("replace", assessment.action());
    assertEquals(1, assessment.replacementsLastHour());
    assertEquals(List.of("recordReplacements demo 1"), changes());
    assertEquals(List.of(NOW.minus(Duration.ofMinutes(5)), NOW), incidents.replacementsSince(CLUSTER, NOW.minus(Duration.ofHours(1))));
  }

  // ---- how a failed node is retired ------------------------------------------------------------------

  @Test
  void aNodeConnectHaDidNotLaunchIsQuarantinedUnlessForeignNodesMayBeReplaced() {
    node("i-0000000a", A, "stopped", "unused", null);
    node("i-0000000b", A, "running", "healthy");
    node("i-0000000c", B, "running", "healthy");

    Assessment quarantined = assess(incident(IncidentKind.NODE_DEAD, "i-0000000a"));
    Assessment terminated = assessor.assess(new AssessIncidentInput(CLUSTER, incident(IncidentKind.NODE_DEAD, "i-0000000a"),
        false, 5, true, "exec-2"));

    assertEquals(List.of(new Replacement("i-0000000a", A, List.of(), "quarantine", true, true)), quarantined.replacements());
    assertEquals(List.of(new Replacement("i-0000000a", A, List.of(), "terminate", true, true)), terminated.replacements());
  }

  @Test
  void aTerminatedNodeIsReplacedAndRetiredWithNothing() {
    node("i-0000000b", A, "running", "healthy");
    node("i-0000000c", B, "running", "healthy");

    Assessment assessment = assess(incident(IncidentKind.NODE_DEAD, "i-0000000a"));

    assertEquals("replace", assessment.action());
    assertEquals(List.of(new Replacement("i-0000000a", null, List.of(), "none", true, true)), assessment.replacements());
    assertTrue(calls.stream().noneMatch(c -> c.startsWith("launcher.launcherOf")), "a gone node needs no launcher: " + calls);
  }

  // ---- single server -------------------------------------------------------------------------------

  @Test
  void aSingleServersDeadNodeIsReplacedAndTheReasonSaysTheDowntimeIsExpected() {
    registry.documents.put(CLUSTER, cluster(1, TARGET_GROUP));
    node("i-0000000a", A, "stopped", "unused");

    Assessment assessment = assess(incident(IncidentKind.NODE_DEAD, "i-0000000a"));

    assertEquals("replace", assessment.action());
    assertEquals(List.of(new Replacement("i-0000000a", A, List.of(), "terminate", true, true)), assessment.replacements());
    assertTrue(assessment.reason().contains("downtime until it serves again is expected"), assessment.reason());
    assertTrue(calls.stream().noneMatch(c -> c.startsWith("database.")), "one server down is not everything down: " + calls);
  }

  @Test
  void aSingleServerWithoutLoadBalancerServesWhileItRunsWithItsAgentOnline() {
    registry.documents.put(CLUSTER, cluster(1, null));
    node("i-0000000a", A, "running", null);

    Assessment assessment = assess(incident(IncidentKind.NODE_DEAD, "i-0000000a"));

    assertEquals("none", assessment.action());
    assertEquals(1, assessment.healthy());
    assertTrue(calls.stream().noneMatch(c -> c.startsWith("read registrations")), calls.toString());
  }

  @Test
  void aSingleServerWithoutLoadBalancerWhoseAgentIsOfflineIsReplaced() {
    registry.documents.put(CLUSTER, cluster(1, null));
    node("i-0000000a", A, "running", null);
    launcher.neverOnline.add("i-0000000a");

    Assessment assessment = assess(incident(IncidentKind.NODE_DEAD, "i-0000000a"));

    assertEquals("replace", assessment.action());
    assertEquals(0, assessment.healthy());
    assertEquals(List.of(new Replacement("i-0000000a", A, List.of(), "terminate", true, true)), assessment.replacements());
  }
}
