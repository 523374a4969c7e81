package dev.connectha.traffic;

import static dev.connectha.traffic.FakeCloud.CLUSTER;
import static dev.connectha.traffic.FakeCloud.NODE_A;
import static dev.connectha.traffic.FakeCloud.NODE_B;
import static dev.connectha.traffic.FakeCloud.OUTSIDER;
import static dev.connectha.traffic.FakeCloud.PORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.ClusterNotFoundException;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.model.TargetHealth;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ChangeTargets and CheckTargets over fakes of the registry, the node directory and the target group. */
class TargetControlTest {
  final FakeCloud cloud = new FakeCloud();
  final TargetControl control = cloud.targetControl();

  static ChangeTargetsInput change(String action, String... ids) {
    return new ChangeTargetsInput(CLUSTER, action, List.of(ids), "exec-1");
  }

  static CheckTargetsInput check(String expect, String... ids) {
    return new CheckTargetsInput(CLUSTER, ids.length == 0 ? null : List.of(ids), expect, null, "exec-1");
  }

  static CheckTargetsInput waitFor(int waitSeconds, String... ids) {
    return new CheckTargetsInput(CLUSTER, ids.length == 0 ? null : List.of(ids), "healthy", waitSeconds, "exec-1");
  }

  // ---- refused before any change --------------------------------------------------------------

  @Test
  void anInstanceOutsideTheClusterIsRefusedBeforeAnyChange() {
    PreconditionFailedException e = assertThrows(PreconditionFailedException.class,
        () -> control.change(change("deregister", NODE_A, OUTSIDER)));

    assertTrue(e.getMessage().contains(OUTSIDER + " is not a node of cluster prod"), e.getMessage());
    assertEquals(List.of(), cloud.changes());
    assertEquals(2, cloud.registrations.registered.size());
  }

  @Test
  void aStoppedNodeIsNotRegistered() {
    cloud.directory.nodes.set(1, FakeCloud.node(NODE_B, "stopped"));
    cloud.registrations.registered.remove(NODE_B);

    PreconditionFailedException e = assertThrows(PreconditionFailedException.class,
        () -> control.change(change("register", NODE_B)));

    assertTrue(e.getMessage().contains(NODE_B + " is stopped, not running"), e.getMessage());
    assertEquals(List.of(), cloud.changes());
  }

  @Test
  void aStoppedNodeCanStillBeDeregistered() {
    cloud.directory.nodes.set(1, FakeCloud.node(NODE_B, "stopped"));

    TargetsReport report = control.change(change("deregister", NODE_B));

    assertEquals(List.of(NODE_B), report.changed());
  }

  @Test
  void aClusterWithoutTargetGroupIsAPreconditionFailureBeforeAnyLoadBalancerCall() {
    cloud.registry.documents.put(CLUSTER, FakeCloud.document(null));

    assertThrows(PreconditionFailedException.class, () -> control.change(change("deregister", NODE_A)));

    assertEquals(List.of("registry.load prod"), cloud.calls);
  }

  @Test
  void anUnknownClusterIsNotFound() {
    assertThrows(ClusterNotFoundException.class,
        () -> control.change(new ChangeTargetsInput("nope", "register", List.of(NODE_A), null)));
    assertEquals(List.of(), cloud.changes());
  }

  // ---- register / deregister ------------------------------------------------------------------

  @Test
  void deregisteringANodeRemovesItsRegistrationAndReportsTheRest() {
    TargetsReport report = control.change(change("deregister", NODE_B));

    assertEquals(List.of("change deregister [" + NODE_B + ":" + PORT + "]"), cloud.changes());
    assertEquals(List.of(NODE_B), report.changed());
    assertEquals(List.of(new TargetHealth(NODE_A, "healthy", null)), report.targets());
    assertEquals(FakeCloud.TARGET_GROUP, report.targetGroupArn());
  }

  @Test
  void registeringANodeRegistersItAtTheTargetGroupsPort() {
    cloud.registrations.registered.remove(NODE_B);

    TargetsReport report = control.change(change("register", NODE_A, NODE_B));

    assertEquals(List.of("change register [" + NODE_B + "] at " + PORT), cloud.changes(), "only the one not registered");
    assertEquals(List.of(NODE_B), report.changed());
    assertEquals(List.of(NODE_A, NODE_B), report.targets().stream().map(TargetHealth::instanceId).toList());
    assertEquals("initial", report.targets().get(1).state());
  }

  @Test
  void registeringTwiceChangesNothingTheSecondTime() {
    cloud.registrations.registered.remove(NODE_B);
    control.change(change("register", NODE_B));
    cloud.calls.clear();

    TargetsReport again = control.change(change("register", NODE_B));

    assertEquals(List.of(), cloud.changes());
    assertEquals(List.of(), again.changed());
  }

  @Test
  void deregisteringANodeThatIsNotRegisteredChangesNothing() {
    cloud.registrations.registered.remove(NODE_B);

    TargetsReport report = control.change(change("deregister", NODE_B));

    assertEquals(List.of(), cloud.changes());
    assertEquals(List.of(), report.changed());
  }

  @Test
  void aDrainingNodeIsRegisteredAgainButNotDeregisteredAgain() {
    cloud.registrations.state(NODE_B, "draining", "Target.DeregistrationInProgress");

    assertEquals(List.of(), control.change(change("deregister", NODE_B)).changed());
    assertEquals(List.of(NODE_B), control.change(change("register", NODE_B)).changed());
  }

  // ---- check ----------------------------------------------------------------------------------

  @Test
  void healthyMatchesWhenEveryRunningNodeIsHealthy() {
    TargetCheck check = control.check(check("healthy"));

    assertTrue(check.allMatch());
    assertEquals("healthy", check.expect());
    assertEquals(List.of(NODE_A, NODE_B), check.targets().stream().map(TargetHealth::instanceId).toList());
    assertEquals(List.of(), cloud.changes());
  }

  @Test
  void oneUnhealthyNodeKeepsAHealthyWaitGoing() {
    cloud.registrations.state(NODE_B, "unhealthy", "Target.FailedHealthChecks");

    TargetCheck check = control.check(check("healthy"));

    assertFalse(check.allMatch());
    assertEquals(new TargetHealth(NODE_B, "unhealthy", "Target.FailedHealthChecks"), check.targets().get(1));
  }

  @Test
  void aWaitReadsTheTargetGroupFourTimesPerIntervalAndAnswersAsSoonAsTheNodeIsHealthy() {
    cloud.registrations.state(NODE_B, "initial", "Elb.RegistrationInProgress");
    cloud.onPause = () -> {
      if (cloud.pauses.size() == 2) {
        cloud.registrations.state(NODE_B, "healthy", null);
      }
    };

    TargetCheck check = control.check(waitFor(4, NODE_B));

    assertTrue(check.allMatch());
    assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1)), cloud.pauses);
    assertEquals(List.of(), cloud.changes());
  }

  @Test
  void aWaitEndsAfterItsTimeWithTheLastRead() {
    cloud.registrations.state(NODE_B, "unhealthy", "Target.FailedHealthChecks");

    TargetCheck check = control.check(waitFor(2, NODE_B));

    assertFalse(check.allMatch());
    assertEquals(4, cloud.pauses.size(), "2 s in pauses of 0.5 s");
    assertEquals("unhealthy", check.targets().get(0).state());
  }

  @Test
  void withoutAWaitTheTargetGroupIsReadOnce() {
    cloud.registrations.state(NODE_B, "unhealthy", "Target.FailedHealthChecks");

    assertFalse(control.check(check("healthy", NODE_B)).allMatch());
    assertEquals(List.of(), cloud.pauses);
  }

  @Test
  void aWaitOutsideZeroToSixtySecondsIsInvalidAndOneCallWaitsAtMost45() {
    assertThrows(InvalidInputException.class, () -> waitFor(-1));
    assertThrows(InvalidInputException.class, () -> waitFor(61));
    assertEquals(Duration.ofSeconds(45), waitFor(60).waitTime());
  }

  @Test
  void aNodeThatIsNotRegisteredIsNotServingAndReportedAsUnused() {
    cloud.registrations.registered.remove(NODE_B);

    TargetCheck check = control.check(check("not-serving", NODE_B));

    assertTrue(check.allMatch());
    assertEquals(List.of(new TargetHealth(NODE_B, "unused", "Target.NotRegistered")), check.targets());
  }

  @Test
  void drainingUnusedAndUnhealthyAreNotServingButInitialIs() {
    cloud.registrations.state(NODE_A, "draining", "Target.DeregistrationInProgress");
    cloud.registrations.state(NODE_B, "unhealthy", "Target.Timeout");
    assertTrue(control.check(check("not-serving")).allMatch());

    cloud.registrations.state(NODE_B, "initial", "Elb.RegistrationInProgress");
    assertFalse(control.check(check("not-serving")).allMatch());

    cloud.registrations.state(NODE_B, "unused", "Target.InvalidState");
    assertTrue(control.check(check("not-serving")).allMatch());
  }

  @Test
  void withoutInstanceIdsOnlyRunningNodesAreChecked() {
    cloud.directory.nodes.set(1, FakeCloud.node(NODE_B, "stopped"));

    TargetCheck check = control.check(check("healthy"));

    assertEquals(List.of(NODE_A), check.targets().stream().map(TargetHealth::instanceId).toList());
  }

  @Test
  void aClusterWithoutRunningNodesHasNothingToWaitFor() {
    cloud.directory.nodes.replaceAll(n -> FakeCloud.node(n.instanceId(), "stopped"));

    PreconditionFailedException e = assertThrows(PreconditionFailedException.class, () -> control.check(check("healthy")));

    assertTrue(e.getMessage().contains("cluster prod has no running node"), e.getMessage());
  }

  @Test
  void checkingAnInstanceOutsideTheClusterIsRefused() {
    assertThrows(PreconditionFailedException.class, () -> control.check(check("healthy", OUTSIDER)));
  }
}
