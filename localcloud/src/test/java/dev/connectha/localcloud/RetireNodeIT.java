package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.config.Config;
import dev.connectha.config.DocumentKind;
import dev.connectha.errors.ErrorNames;
import dev.connectha.localcloud.twin.Twin;
import dev.connectha.ports.TargetRegistrations.Registration;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * statemachines/retire-node.asl.json on the local cloud: deregister, drain, stop Connect, terminate
 * one node; every refusal (not of the cluster, the last healthy node, below minHealthy, not launched
 * by connect-ha without force) before anything changes; a failed step still releases the lock and
 * reports.
 */
@ExtendWith(LocalCloudExtension.class)
class RetireNodeIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(4);
  private static final List<String> ZONES = List.of("us-east-1a", "us-east-1b", "us-east-1c");
  private static final Set<String> MUTATING = Set.of("ec2:RunInstances", "ec2:TerminateInstances", "ec2:CreateTags",
      "ssm:SendCommand", "elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets",
      "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem");

  private final LocalCloud cloud;
  private RealAdapters adapters;

  RetireNodeIT(LocalCloud cloud) {
    this.cloud = cloud;
  }

  private void cluster(int nodes) {
    cloud.reset(new Twin.Spec("demo", nodes, ZONES, "2024.08.0"));
    adapters = new RealAdapters(Config.from(cloud.environmentOf("DescribeClusterFunction")));
    cloud.gateway().resetCounts();
  }

  @BeforeEach
  void threeNodesInThreeZones() {
    cluster(3);
  }

  @AfterEach
  void closeClients() {
    adapters.close();
  }

  private LocalCloud.Execution retire(String instanceId, String fields) {
    return cloud.run("RetireNodeStateMachine", "{\"cluster\":\"demo\",\"instanceId\":\"" + instanceId
        + "\",\"drainSeconds\":0,\"pollSeconds\":1" + fields + "}", "retire-node-demo-" + UUID.randomUUID(), TIMEOUT);
  }

  private String state(String instanceId) {
    return cloud.clients().ec2.describeInstances(b -> b.instanceIds(instanceId)).reservations().get(0).instances().get(0)
        .state().nameAsString();
  }

  private List<Registration> registrations() {
    return adapters.targetRegistrations().registrations(adapters.clusterRegistry().load("demo").targetGroupArn());
  }

  private void assertTheLockIsFree() {
    assertTrue(adapters.clusterLocks(Clock.systemUTC()).holder("demo").isEmpty(), "the lock is released");
  }

  private void assertNothingWasChanged() {
    Map<String, Integer> calls = cloud.gateway().callCounts();
    assertEquals(Set.of(), calls.keySet().stream().filter(MUTATING::contains).collect(Collectors.toSet()), calls.toString());
    cloud.twin().nodes().forEach(n -> assertTrue(n.serviceActive, n.instanceId + " still serves"));
  }

  @Test
  void aForcedRetireDeregistersStopsAndTerminatesTheNodeAndLeavesTheOthersServing() {
    String node = cloud.twin().node(2).instanceId;

    LocalCloud.Execution run = retire(node, ",\"force\":true,\"reason\":\"scale in\"");

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause() + " " + run.lastStates(8));
    assertAll(
        () -> assertEquals("terminated", state(node)),
        () -> assertFalse(cloud.twin().node(node).serviceActive, "Connect was stopped before the instance went"),
        () -> assertTrue(registrations().stream().noneMatch(r -> r.instanceId().equals(node) && !"draining".equals(r.state())),
            registrations().toString()),
        () -> assertEquals(2, run.output().path("healthyAfter").asInt()),
        () -> assertTrue(cloud.twin().node(0).serviceActive && cloud.twin().node(1).serviceActive),
        () -> assertTrue(cloud.notifications().get(0).contains(node + " of Connect cluster demo")));
    assertTheLockIsFree();
  }

  @Test
  void aRetireOnItsOwnDeletesTheRetiredNodesStatusAlarmAndKeepsTheOthers() {
    String node = cloud.twin().node(2).instanceId;
    Functions functions = new Functions(cloud);
    functions.run("EnsureClusterMonitoringFunction", "{\"cluster\":\"demo\"}");
    assertEquals(List.of(statusAlarm(node)), statusAlarms(node));

    LocalCloud.Execution run = retire(node, ",\"force\":true");

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause() + " " + run.lastStates(8));
    assertEquals(List.of(), statusAlarms(node), "the retired node's alarm is gone");
    assertEquals(List.of(statusAlarm(cloud.twin().node(0).instanceId)), statusAlarms(cloud.twin().node(0).instanceId));
  }

  @Test
  void aFailedMonitoringUpdateAfterARetireIsNotFatal() {
    String node = cloud.twin().node(2).instanceId;
    cloud.gateway().injectFunctionError("connect-ha-EnsureClusterMonitoring", ErrorNames.AWS_CALL_FAILED, 0, 1);

    LocalCloud.Execution run = retire(node, ",\"force\":true");

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause() + " " + run.lastStates(8));
    assertEquals("terminated", state(node));
    assertTheLockIsFree();
  }

  private static String statusAlarm(String instanceId) {
    return "connect-ha-demo-remediation-node-" + instanceId + "-status";
  }

  private List<String> statusAlarms(String instanceId) {
    return cloud.clients().cloudwatch.describeAlarms(b -> b.alarmNames(statusAlarm(instanceId))).metricAlarms().stream()
        .map(a -> a.alarmName()).toList();
  }

  @Test
  void withoutDrainSecondsTheNodeDrainsForTheTargetGroupsDeregistrationDelay() {
    String group = adapters.clusterRegistry().load("demo").targetGroupArn();
    cloud.clients().elb.modifyTargetGroupAttributes(b -> b.targetGroupArn(group)
        .attributes(a -> a.key("deregistration_delay.timeout_seconds").value("2")));
    String node = cloud.twin().node(2).instanceId;

    LocalCloud.Execution run = cloud.run("RetireNodeStateMachine", "{\"cluster\":\"demo\",\"instanceId\":\"" + node
        + "\",\"force\":true,\"drainSeconds\":null,\"pollSeconds\":1}", "retire-node-demo-" + UUID.randomUUID(), TIMEOUT);

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause() + " " + run.lastStates(8));
    assertTrue(cloud.notifications().get(0).contains("drained for 2 s"), cloud.notifications().toString());
    assertEquals("terminated", state(node));
  }

  @Test
  void aCallerNamingALockItDoesNotHoldIsRefusedAndNothingChanges() {
    LocalCloud.Execution run = retire(cloud.twin().node(2).instanceId, ",\"force\":true,\"lockHeldBy\":"
        + "\"arn:aws:states:us-east-1:123456789012:execution:connect-ha-ensure-capacity:not-running\"");

    assertEquals(ErrorNames.PRECONDITION_FAILED, run.error());
    assertTrue(run.cause().contains("does not hold cluster demo's lock"), run.cause());
    assertNothingWasChanged();
  }

  @Test
  void aNodeConnectHaDidNotLaunchIsRefusedWithoutForce() {
    LocalCloud.Execution run = retire(cloud.twin().node(2).instanceId, "");

    assertEquals(ErrorNames.UNSAFE_TO_PROCEED, run.error());
    assertTrue(run.cause().contains("was not launched by connect-ha") && run.cause().contains("set force"), run.cause());
    assertNothingWasChanged();
    assertTrue(cloud.notifications().get(0).contains("failed"));
  }

  @Test
  void aNodeNotOfTheClusterIsInvalidInputAndNothingChanges() {
    LocalCloud.Execution run = retire("i-0123456789abcdef0", ",\"force\":true");

    assertEquals(ErrorNames.INVALID_INPUT, run.error());
    assertTrue(run.cause().contains("i-0123456789abcdef0 is not a node of cluster demo"), run.cause());
    assertNothingWasChanged();
  }

  @Test
  void theLastHealthyNodeIsNeverRetired() {
    cluster(1);

    LocalCloud.Execution run = retire(cloud.twin().node(0).instanceId, ",\"force\":true");

    assertEquals(ErrorNames.UNSAFE_TO_PROCEED, run.error());
    assertTrue(run.cause().contains("is the last healthy node of cluster demo"), run.cause());
    assertNothingWasChanged();
  }

  @Test
  void retiringBelowMinHealthyIsRefused() {
    cloud.redeploy(Map.of("MinHealthy", "3"));
    cloud.gateway().resetCounts();

    LocalCloud.Execution run = retire(cloud.twin().node(1).instanceId, ",\"force\":true");

    assertEquals(ErrorNames.UNSAFE_TO_PROCEED, run.error());
    assertTrue(run.cause().contains("would leave 2 healthy node(s)") && run.cause().contains("below its minHealthy 3"), run.cause());
    assertNothingWasChanged();
  }

  @Test
  void aMalformedInputIsInvalidInputAndNothingChanges() {
    LocalCloud.Execution run = retire(cloud.twin().node(1).instanceId, ",\"force\":\"yes\"");

    assertEquals(ErrorNames.INVALID_INPUT, run.error());
    assertNothingWasChanged();
  }

  @Test
  void aStopThatFailsEndsTheRetireWithTheLockFreeAndTheInstanceKept() {
    String node = cloud.twin().node(2).instanceId;
    cloud.twin().failNextCommand(DocumentKind.STOP_CONNECT, node, "rstudio-connect is still active 60s after 'systemctl stop'");

    LocalCloud.Execution run = retire(node, ",\"force\":true");

    assertEquals(ErrorNames.UNSAFE_TO_PROCEED, run.error(), run.cause());
    assertTrue(run.cause().contains("still active"), run.cause());
    assertEquals("running", state(node), "not terminated while Connect may still run");
    assertTheLockIsFree();
    assertTrue(cloud.notifications().get(0).contains("Retiring node " + node + " of Connect cluster demo failed"));
  }

  @Test
  void aTerminateThatFailsStillReleasesTheLockAndReports() {
    String node = cloud.twin().node(2).instanceId;
    cloud.gateway().injectFunctionError("connect-ha-LaunchNode", ErrorNames.AWS_CALL_FAILED, 0, 1);

    LocalCloud.Execution run = retire(node, ",\"force\":true");

    assertEquals(ErrorNames.AWS_CALL_FAILED, run.error(), run.cause());
    assertTheLockIsFree();
    assertTrue(cloud.notifications().get(0).contains("failed"));
  }

  @Test
  void aDeregistrationThatFailsStopsNothing() {
    String node = cloud.twin().node(2).instanceId;
    cloud.gateway().injectFunctionError("connect-ha-ChangeTargets", ErrorNames.AWS_CALL_FAILED, 0, 1);

    LocalCloud.Execution run = retire(node, ",\"force\":true");

    assertEquals(ErrorNames.AWS_CALL_FAILED, run.error(), run.cause());
    assertTrue(cloud.twin().node(node).serviceActive);
    assertEquals("running", state(node));
    assertTheLockIsFree();
  }
}
