package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.aws.DynamoDbClusterLocks;
import dev.connectha.config.Config;
import dev.connectha.config.DocumentKind;
import dev.connectha.errors.ErrorNames;
import dev.connectha.json.Json;
import dev.connectha.localcloud.twin.SimNode;
import dev.connectha.localcloud.twin.Twin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * statemachines/rolling-upgrade.asl.json on the local cloud. Every test checks the invariants:
 * no old-version Connect runs after the first new-version start (the twin's tracker), the lock is
 * free, automation is restored, and a summary was published.
 */
@ExtendWith(LocalCloudExtension.class)
class RollingUpgradeIT {
  private static final String FROM = "2024.08.0";
  private static final String TO = "2024.10.0";
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private final LocalCloud cloud;
  private DynamoDbClusterLocks locks;

  RollingUpgradeIT(LocalCloud cloud) {
    this.cloud = cloud;
  }

  private void cluster(int nodes) {
    Twin.Spec d = Twin.Spec.defaults();
    cloud.reset(new Twin.Spec(d.cluster(), nodes, nodes == 1 ? d.zones().subList(0, 1) : d.zones(), FROM).withAutoScalingGroup());
    locks = new RealAdapters(Config.from(cloud.environmentOf("AcquireLockFunction"))).clusterLocks(Clock.systemUTC());
  }

  private LocalCloud.Execution upgrade(String target, String options) {
    return cloud.run("RollingUpgradeStateMachine", "{\"cluster\":\"demo\",\"targetVersion\":\"" + target
        + "\",\"options\":{\"pollSeconds\":1" + options + "}}", "rolling-upgrade-demo-" + UUID.randomUUID(), TIMEOUT);
  }

  /** What the upgrade published (the summary first); reading takes them off the queue. */
  private List<String> published() {
    return cloud.notifications().stream().filter(m -> m.contains("olling upgrade")).toList();
  }

  /** The invariants of every run; returns what was published (the summary first). */
  private List<String> assertInvariants(LocalCloud.Execution run) {
    return assertInvariants(run, published());
  }

  /** The invariants of every run, {@code published} read already. */
  private List<String> assertInvariants(LocalCloud.Execution run, List<String> published) {
    assertEquals(List.of(), cloud.twin().upgradeViolations(), "an old binary ran after the migration");
    assertTrue(locks.holder("demo").isEmpty(), () -> "lock still held: " + locks.holder("demo"));
    assertTrue(cloud.twin().automationRestored(), "Auto Scaling processes or alarm actions not restored");
    assertFalse(published.isEmpty(), "no summary published");
    return published;
  }

  private void assertEveryNodeServes(String version) {
    for (SimNode node : cloud.twin().nodes()) {
      assertTrue(node.serviceActive, node.instanceId + " is not running");
      assertEquals(version, node.connectVersion, node.instanceId);
    }
  }

  @ParameterizedTest(name = "{0} node(s)")
  @ValueSource(ints = {1, 2, 5})
  void upgradesEveryNodeInPositsOrderAndRecordsTheVersion(int nodes) throws Exception {
    cluster(nodes);

    LocalCloud.Execution run = upgrade(TO, "");

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    assertEveryNodeServes(TO);
    String summary = assertInvariants(run).get(0);
    var learned = Json.MAPPER.readTree(cloud.clients().ssm.getParameter(b -> b.name("/connect-ha/learned/demo"))
        .parameter().value());
    assertEquals(TO, learned.at("/schemaVersion/version").asText(), learned.toString());
    assertEquals(TO, learned.at("/nodesVersion/version").asText(), learned.toString());
    var doc = Json.MAPPER.readTree(cloud.clients().ssm.getParameter(b -> b.name("/connect-ha/clusters/demo"))
        .parameter().value());
    assertEquals(FROM, doc.path("connectVersion").asText(), "the stack's document keeps the registered version");
    assertFalse(run.output().path("restorePoint").path("setId").asText().equals("none"));
    assertTrue(run.output().path("downtimeSeconds").asDouble() > 0);
    assertTrue(summary.contains("UPGRADED") && summary.contains("Downtime:"), summary);
  }

  @Test
  void stopsEveryNodeBeforeUpgradingTheFirstAndTakesTheRestorePointWhileStopped() {
    cluster(2);

    LocalCloud.Execution run = upgrade(TO, "");

    List<String> states = run.history().stream().filter(e -> e.stateEnteredEventDetails() != null)
        .map(e -> e.stateEnteredEventDetails().name()).toList();
    assertTrue(states.indexOf("StageEveryNode") < states.indexOf("StopEveryNode"), states.toString());
    assertTrue(states.indexOf("StopEveryNode") < states.indexOf("TakeColdRestorePoint"), states.toString());
    assertTrue(states.indexOf("TakeColdRestorePoint") < states.indexOf("UpgradeFirstNode"), states.toString());
    // the first node's install-node execution ends when it is healthy, then the rest
    assertTrue(states.indexOf("UpgradeFirstNode") < states.indexOf("IsFirstNodeServing?"), states.toString());
    assertTrue(states.indexOf("IsFirstNodeServing?") < states.indexOf("UpgradeTheRest"), states.toString());
    assertInvariants(run);
  }

  @Test
  void withAMaintenancePageTheListenerAnswers503OnlyDuringTheDowntime() {
    cluster(2);

    LocalCloud.Execution run = upgrade(TO, ",\"maintenancePage\":true,\"restorePoint\":\"skip\"");

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    List<String> states = run.history().stream().filter(e -> e.stateEnteredEventDetails() != null)
        .map(e -> e.stateEnteredEventDetails().name()).toList();
    assertTrue(states.indexOf("MaintenancePageOn") < states.indexOf("StopEveryNode"), states.toString());
    assertTrue(states.indexOf("IsFirstNodeServing?") < states.indexOf("MaintenancePageOff"), states.toString());
    assertTrue(cloud.twin().maintenanceRules().isEmpty(), "the maintenance page is still on");
    assertInvariants(run);
  }

  // ---- bad input: named errors before any node is touched -------------------------------------

  static Stream<Arguments> badInputs() {
    return Stream.of(
        Arguments.of("malformed version", "{\"cluster\":\"demo\",\"targetVersion\":\"2024.10\"}", ErrorNames.INVALID_INPUT),
        Arguments.of("older version", "{\"cluster\":\"demo\",\"targetVersion\":\"2024.06.0\"}", ErrorNames.INVALID_INPUT),
        Arguments.of("unknown cluster", "{\"cluster\":\"nope\",\"targetVersion\":\"2024.10.0\"}", ErrorNames.CLUSTER_NOT_FOUND),
        Arguments.of("no target", "{\"cluster\":\"demo\"}", ErrorNames.INVALID_INPUT),
        Arguments.of("unpublished package", "{\"cluster\":\"demo\",\"targetVersion\":\"2025.01.0\"}", ErrorNames.PRECONDITION_FAILED),
        Arguments.of("bad option", "{\"cluster\":\"demo\",\"targetVersion\":\"2024.10.0\",\"options\":{\"restorePoint\":\"warm\"}}",
            ErrorNames.INVALID_INPUT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void badInputIsANamedErrorBeforeAnyNodeIsTouched(String what, String input, String error) {
    cluster(2);

    LocalCloud.Execution run = cloud.run("RollingUpgradeStateMachine", input, "rolling-upgrade-demo-" + UUID.randomUUID(),
        TIMEOUT);

    assertEquals(error, run.error(), what);
    assertNothingTouched();
    assertInvariants(run);
  }

  @Test
  void mixedVersionsAreRefusedUnlessTheInputConvergesThem() {
    cluster(2);
    cloud.twin().node(1).connectVersion = "2024.09.1";

    assertEquals(ErrorNames.PRECONDITION_FAILED, upgrade(TO, "").error());
    assertNothingTouched();

    LocalCloud.Execution run = upgrade(TO, ",\"convergeMixedVersions\":true");
    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    assertEveryNodeServes(TO);
    assertInvariants(run);
  }

  @Test
  void aClusterLockedByAnotherWorkflowIsRefusedBeforeAnyNodeIsTouched() {
    cluster(2);
    locks.acquire("demo", "arn:aws:states:us-east-1:123456789012:execution:connect-ha-backup:b1", "backup",
        Duration.ofMinutes(30));

    LocalCloud.Execution run = upgrade(TO, "");

    assertEquals(ErrorNames.CLUSTER_LOCKED, run.error());
    for (SimNode node : cloud.twin().nodes()) {
      assertTrue(node.serviceActive && FROM.equals(node.connectVersion), node.instanceId + " was touched");
    }
    assertEquals("backup", locks.holder("demo").orElseThrow().workflow(), "the other workflow's lock must stay");
    assertTrue(cloud.notifications().get(0).contains("backup"));
  }

  @Test
  void failingPreflightFindingsBlockUnlessAcceptedByName() {
    cluster(2);
    cloud.twin().apply(dev.connectha.localcloud.twin.Violation.CLOCK_UNSYNCHRONISED);

    LocalCloud.Execution refused = upgrade(TO, "");
    assertEquals(ErrorNames.PRECONDITION_FAILED, refused.error());
    assertTrue(refused.cause().contains("clock-sync"), refused.cause());
    assertNothingTouched();

    LocalCloud.Execution run = upgrade(TO, ",\"acceptFindings\":[\"clock-sync\"]");
    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
  }

  private void assertNothingTouched() {
    for (SimNode node : cloud.twin().nodes()) {
      assertTrue(node.serviceActive, node.instanceId + " was stopped");
      assertFalse(TO.equals(node.connectVersion), node.instanceId + " was upgraded");
    }
    assertTrue(locks.holder("demo").isEmpty());
  }

  // ---- the fault matrix ------------------------------------------------------------------------

  /**
   * Every Task state that calls a function, with the invocation of that function it is (skip); the
   * node steps are install-node.asl.json's, run for the first node, then for the second.
   */
  static Stream<Arguments> tasks() {
    return Stream.of(
        // before any node changes: the cluster keeps serving the old version
        Arguments.of("CheckUpgrade", "ValidateUpgrade", 0, "nothing"),
        Arguments.of("AcquireLock", "AcquireLock", 0, "nothing"),
        Arguments.of("DescribeCluster", "DescribeCluster", 0, "nothing"),
        Arguments.of("CheckReadiness", "CheckHaReadiness", 0, "nothing"),
        Arguments.of("SuspendAutomation", "PauseAutomation", 0, "old"),
        Arguments.of("StageEveryNode", "RunNodeCommand", 0, "old"),
        Arguments.of("EnsureFirstNodeRegistered", "ChangeTargets", 0, "old"),
        Arguments.of("StopEveryNode", "RunNodeCommand", 1, "old"),
        Arguments.of("TakeColdRestorePoint", "StartBackupSet", 0, "old"),
        Arguments.of("InstallNode (first node)", "RunNodeCommand", 2, "old"),
        // after the first new-version start: never back; halt with the upgraded nodes serving
        Arguments.of("StartNode (first node)", "RunNodeCommand", 3, "halted"),
        Arguments.of("RecordSchemaVersion", "RecordClusterVersion", 0, "halted"),
        Arguments.of("CheckNodeHealthy (first node)", "CheckTargets", 0, "halted"),
        Arguments.of("InstallNode (second node)", "RunNodeCommand", 4, "halted"),
        Arguments.of("StartNode (second node)", "RunNodeCommand", 5, "halted"),
        // a node whose register or health check failed, but which serves on the target anyway,
        // passes the final verification: the upgrade completes
        Arguments.of("RegisterNode (second node)", "ChangeTargets", 1, "verified"),
        Arguments.of("CheckNodeHealthy (second node)", "CheckTargets", 1, "verified"),
        Arguments.of("VerifyEveryNodeServing", "CheckTargets", 2, "halted"),
        Arguments.of("VerifyEveryNodeOnTarget", "RunNodeCommand", 6, "halted"),
        Arguments.of("RecordVersion", "RecordClusterVersion", 1, "halted"),
        // an undo step that fails does not change what happened to the nodes: the report says what it left
        Arguments.of("ResumeAutomation", "PauseAutomation", 1, "upgraded, automation not resumed"),
        Arguments.of("ReleaseLock", "ReleaseLock", 0, "upgraded, lock still held"),
        Arguments.of("SummarizeUpgrade", "SummarizeUpgrade", 0, "upgraded"));
  }

  @ParameterizedTest(name = "{0} fails for good")
  @MethodSource("tasks")
  void aPermanentFailureAtAnyTaskEndsInItsDocumentedStateWithTheInvariantsHolding(String state, String function, int skip,
      String end) {
    cluster(2);
    // a terminal error is not retried by the state machine, and a retry budget of 0 does not retry
    // forward: one failure is permanent for that state (later calls of the same function work)
    cloud.gateway().injectFunctionError("connect-ha-" + function, ErrorNames.UNSAFE_TO_PROCEED, skip, 1);

    LocalCloud.Execution run = upgrade(TO, ",\"retryBudget\":0");

    assertEquals(end.equals("verified") ? "SUCCEEDED" : "FAILED", run.status(), state);
    List<String> published = published();
    if (end.startsWith("upgraded, ")) {
      assertWhatTheUnwindLeftIsReportedAndClearedByTheReportsCommands(run, end, published.get(0));
    }
    assertInvariants(run, published);
    switch (end) {
      case "verified" -> assertEveryNodeServes(TO);
      case "nothing" -> assertNothingTouched();
      case "old" -> assertEveryNodeServes(FROM);
      case "halted" -> assertTrue(cloud.twin().nodes().stream().noneMatch(n -> n.serviceActive && FROM.equals(n.connectVersion)),
          "an old-version node serves after a halt");
      case "upgraded", "upgraded, automation not resumed", "upgraded, lock still held" -> assertEveryNodeServes(TO);
      default -> throw new IllegalArgumentException(end);
    }
    // the schema's recorded version follows the first start: backups and future launches read it
    if (end.equals("nothing") || end.equals("old")) {
      assertTrue(learnedSchemaVersion().isEmpty(), state + ": the schema was never migrated, nothing may be recorded");
    } else if (!state.equals("RecordSchemaVersion")) {
      assertEquals(Optional.of(TO), learnedSchemaVersion(), state + ": a start went out, the schema is the target's");
    }
  }

  /**
   * The verdict stays UPGRADED and the report says what the failed undo step left, with the commands
   * that clear it; those commands (run here through the SDK, as the report words them) clear it.
   */
  private void assertWhatTheUnwindLeftIsReportedAndClearedByTheReportsCommands(LocalCloud.Execution run, String end,
      String summary) {
    assertTrue(summary.contains("UPGRADED (") && !summary.contains("HALTED"), summary);
    if (end.endsWith("lock still held")) {
      var held = locks.holder("demo").orElseThrow();
      assertEquals(run.arn(), held.owner());
      assertTrue(summary.contains("the cluster lock is still held by " + run.arn() + " until " + held.leaseUntil()
          + "; it expires by itself then, or clear it now with:"), summary);
      String table = cloud.environmentOf("AcquireLockFunction").get("LOCK_TABLE_NAME");
      assertTrue(summary.contains("aws dynamodb delete-item --table-name " + table + " --key '{\"cluster\":{\"S\":\"demo\"}}'"
          + " --condition-expression '#o = :o'"), summary);
      assertTrue(summary.contains("backups and other workflows on this cluster are refused"), summary);
      cloud.clients().dynamodb.deleteItem(b -> b.tableName(table)
          .key(Map.of("cluster", AttributeValue.fromS("demo"))).conditionExpression("#o = :o")
          .expressionAttributeNames(Map.of("#o", "owner")).expressionAttributeValues(Map.of(":o", AttributeValue.fromS(run.arn()))));
    } else {
      assertFalse(cloud.twin().automationRestored(), "the resume failed: automation is still suspended");
      String group = cloud.twin().autoScalingGroupName();
      String alarm = cloud.twin().remediationAlarmName();
      assertTrue(summary.contains("aws autoscaling resume-processes --auto-scaling-group-name " + group
          + " --scaling-processes HealthCheck ReplaceUnhealthy AZRebalance Launch"), summary);
      assertTrue(summary.contains("aws cloudwatch enable-alarm-actions --alarm-names " + alarm), summary);
      cloud.clients().autoScaling.resumeProcesses(b -> b.autoScalingGroupName(group)
          .scalingProcesses("HealthCheck", "ReplaceUnhealthy", "AZRebalance", "Launch"));
      cloud.clients().cloudwatch.enableAlarmActions(b -> b.alarmNames(alarm));
    }
  }

  // ---- Auto Scaling during the upgrade ---------------------------------------------------------

  /** The upgrade, run while {@code during} is called every 100 ms until it ends. */
  private LocalCloud.Execution upgradeWhile(Runnable during) throws Exception {
    CompletableFuture<LocalCloud.Execution> running = CompletableFuture.supplyAsync(() -> upgrade(TO, ""));
    while (!running.isDone()) {
      during.run();
      Thread.sleep(100);
    }
    return running.get();
  }

  private Set<String> suspendedProcesses() {
    return cloud.clients().autoScaling.describeAutoScalingGroups(b -> b.autoScalingGroupNames(cloud.twin().autoScalingGroupName()))
        .autoScalingGroups().get(0).suspendedProcesses().stream().map(p -> p.processName()).collect(Collectors.toSet());
  }

  @Test
  void autoScalingLaunchIsSuspendedWhileTheUpgradeRunsAndResumedAfter() throws Exception {
    cluster(2);
    Set<String> seen = ConcurrentHashMap.newKeySet();

    LocalCloud.Execution run = upgradeWhile(() -> seen.addAll(suspendedProcesses()));

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    assertTrue(seen.contains("Launch"), "Launch never seen suspended: " + seen);
    assertEquals(Set.of(), suspendedProcesses());
    assertInvariants(run);
  }

  /** The schema's version as the control plane learned it; empty when it never recorded one. */
  private Optional<String> learnedSchemaVersion() {
    try {
      return Optional.of(Json.MAPPER.readTree(cloud.clients().ssm
          .getParameter(b -> b.name("/connect-ha/learned/demo")).parameter().value()).at("/schemaVersion/version").asText());
    } catch (ParameterNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0} fails once")
  @MethodSource("tasks")
  void aTransientFailureAtAnyTaskIsRetriedAndTheUpgradeCompletes(String state, String function, int skip, String end) {
    cluster(2);
    cloud.gateway().injectFunctionError("connect-ha-" + function, ErrorNames.AWS_THROTTLED, skip, 1);

    LocalCloud.Execution run = upgrade(TO, "");

    assertTrue(run.succeeded(), () -> state + ": " + run.error() + ": " + run.cause());
    assertEveryNodeServes(TO);
    assertInvariants(run);
  }

  /**
   * The recovery's Task states (no node started the new version: the first node's install failed on
   * the twin), each with the RunNodeCommand call it is after stage, stop and that install. A first
   * node that cannot be put back is left stopped alone; the others serve the old version again.
   */
  @ParameterizedTest(name = "{0} fails for good")
  @CsvSource({"StageOldVersionOnFirstNode, 3, first left stopped", "InstallOldVersionOnFirstNode, 4, first left stopped",
      "StartEveryNodeOnOldVersion, 5, every node stopped"})
  void aRecoveryStepThatFailsStillRollsBackAndLeavesStoppedOnlyTheNodesItCouldNotBringBack(String state, int skip,
      String end) {
    cluster(2);
    cloud.twin().nodes().forEach(n -> cloud.twin().failNextCommand(DocumentKind.INSTALL_CONNECT, n.instanceId,
        "dpkg: error processing package"));
    cloud.gateway().injectFunctionError("connect-ha-RunNodeCommand", ErrorNames.UNSAFE_TO_PROCEED, skip, 1);

    LocalCloud.Execution run = upgrade(TO, ",\"retryBudget\":0");

    assertEquals("FAILED", run.status(), state);
    String summary = assertInvariants(run).get(0);
    assertTrue(summary.contains("ROLLED BACK") && summary.contains("No node ever started " + TO), summary);
    assertTrue(learnedSchemaVersion().isEmpty(), "the schema was never migrated, nothing may be recorded");
    List<SimNode> stopped = cloud.twin().nodes().stream().filter(n -> !n.serviceActive).toList();
    if (end.equals("first left stopped")) {
      assertEquals(1, stopped.size(), "only the first node stays stopped");
      assertTrue(summary.contains(stopped.get(0).instanceId + "  LEFT STOPPED"), summary);
      cloud.twin().nodes().stream().filter(n -> n.serviceActive).forEach(n -> assertEquals(FROM, n.connectVersion));
    } else {
      assertEquals(cloud.twin().nodes().size(), stopped.size(), "the start on the old version failed everywhere");
      assertTrue(summary.contains("start it on " + FROM), summary);
    }
  }

  @Test
  void aNodeThatFailsOnceAfterTheMigrationIsRetriedForwardWithinTheBudget() {
    cluster(2);
    cloud.twin().failNextCommand(DocumentKind.START_CONNECT, cloud.twin().node(1).instanceId, "rstudio-connect failed to start");

    LocalCloud.Execution run = upgrade(TO, ",\"retryBudget\":1");

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    assertEveryNodeServes(TO);
    assertInvariants(run);
  }

  @Test
  void aNodeThatFailsBeyondTheRetryBudgetIsLeftStoppedAndTheReportNamesItAndTheRestorePoint() {
    cluster(2);
    SimNode stuck = cloud.twin().nodes().stream().max(java.util.Comparator.comparing((SimNode n) -> n.instanceId)).orElseThrow();
    cloud.twin().failNextCommand(DocumentKind.INSTALL_CONNECT, stuck.instanceId, "dpkg: error processing package");

    LocalCloud.Execution run = upgrade(TO, ",\"retryBudget\":0");

    assertEquals("FAILED", run.status());
    String summary = assertInvariants(run).get(0);
    assertFalse(stuck.serviceActive, "the node that failed must stay stopped");
    assertTrue(summary.contains("HALTED") && summary.contains(stuck.instanceId) && summary.contains("restoring backup set"),
        summary);
  }
}
