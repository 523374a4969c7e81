package dev.connectha.provision;

import static dev.connectha.provision.ProvisionedCluster.NAME;
import static dev.connectha.provision.ProvisionedCluster.SUBNET_A;
import static dev.connectha.provision.ProvisionedCluster.SUBNET_B;
import static dev.connectha.provision.ProvisionedCluster.SUBNET_C;
import static dev.connectha.provision.ProvisionedCluster.TARGET_GROUP;
import static dev.connectha.provision.ProvisionedCluster.TEMPLATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.InsufficientCapacityException;
import dev.connectha.errors.NodeNotOnlineException;
import dev.connectha.fakes.FakeClusterRegistry;
import dev.connectha.fakes.FakeNodeLauncher;
import dev.connectha.fakes.FakeTargetRegistrations;
import dev.connectha.model.ClientToken;
import dev.connectha.ports.NodeLauncher.Launch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** NodeLaunching with the shared fakes of EC2 launches, the cluster registry and the target group. */
class NodeLaunchingTest {
  private static final int PORT = 3939;

  /** Every adapter call, in order, across all fakes; changes start with {@code change}. */
  private final List<String> calls = new ArrayList<>();
  private final FakeClusterRegistry registry = new FakeClusterRegistry(calls, ProvisionedCluster.provisioned());
  private final FakeNodeLauncher launcher = new FakeNodeLauncher(calls,
      Map.of(SUBNET_A, "us-east-1a", SUBNET_B, "us-east-1b", SUBNET_C, "us-east-1c"));
  private final FakeTargetRegistrations targets = new FakeTargetRegistrations(calls, PORT,
      List.of("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/demo/1"));
  private final NodeLaunching launching = new NodeLaunching(launcher, registry, targets);

  private static LaunchNodeInput launch(String execution, String az, String subnetId) {
    return new LaunchNodeInput(NAME, "launch", execution, az, subnetId, TEMPLATE, null, null, null);
  }

  private static LaunchNodeInput remove(String execution) {
    return new LaunchNodeInput(NAME, "remove", execution, null, null, null, null, null, null);
  }

  private String launched(String execution, String az, String subnetId) {
    return launching.run(launch(execution, az, subnetId)).instanceId();
  }

  private List<String> changes() {
    return calls.stream().filter(c -> c.startsWith("change ")).toList();
  }

  // ---- launch ----------------------------------------------------------------------------------

  @Test
  void aLaunchUsesTheExecutionAndZonesClientTokenAndTagsTheExecutionAsLauncher() {
    LaunchReport report = launching.run(launch("exec-1", "us-east-1a", SUBNET_A));

    assertEquals(new LaunchReport("launch", report.instanceId(), "us-east-1a", null, List.of()), report);
    assertEquals(new Launch(NAME, TEMPLATE, "$Default", SUBNET_A, "exec-1", ClientToken.of("exec-1", "us-east-1a")),
        launcher.instances.get(report.instanceId()).launch());
    assertEquals(List.of("change launcher.launch " + SUBNET_A), calls);
  }

  @Test
  void aSecondLaunchOfTheSameExecutionAndZoneReturnsTheFirstInstance() {
    String first = launched("exec-1", "us-east-1a", SUBNET_A);

    String again = launched("exec-1", "us-east-1a", SUBNET_A);

    assertEquals(first, again);
    assertEquals(List.of(first), launcher.launchedIds());
  }

  @Test
  void anotherExecutionOrAnotherZoneLaunchesAnotherInstance() {
    String first = launched("exec-1", "us-east-1a", SUBNET_A);

    String otherExecution = launched("exec-2", "us-east-1a", SUBNET_A);
    String otherZone = launched("exec-1", "us-east-1b", SUBNET_B);

    assertNotEquals(first, otherExecution);
    assertNotEquals(first, otherZone);
    assertEquals(3, launcher.launchedIds().size());
  }

  @Test
  void aZoneWithoutCapacityLaunchesNothingAndSaysSo() {
    launcher.noCapacityIn.add("us-east-1a");

    assertThrows(InsufficientCapacityException.class, () -> launching.run(launch("exec-1", "us-east-1a", SUBNET_A)));

    assertEquals(List.of(), launcher.launchedIds());
  }

  // ---- await -----------------------------------------------------------------------------------

  @Test
  void anAwaitReturnsTheOnlineNodeWithItsZoneAndState() {
    String id = launched("exec-1", "us-east-1b", SUBNET_B);

    LaunchReport report = launching.run(new LaunchNodeInput(NAME, "await", "exec-1", null, null, null, id, 8, 300));

    assertEquals(new LaunchReport("await", id, "us-east-1b", "running", List.of()), report);
    assertEquals(List.of(Duration.ofSeconds(300)), launcher.awaitTimeouts);
    assertEquals(List.of(Duration.ofSeconds(2)), launcher.awaitPolls, "read four times per workflow poll");
  }

  @Test
  void anAwaitWithTheDefaultsWaitsTenMinutes() {
    String id = launched("exec-1", "us-east-1a", SUBNET_A);

    launching.run(new LaunchNodeInput(NAME, "await", "exec-1", null, null, null, id, null, null));

    assertEquals(List.of(Duration.ofSeconds(600)), launcher.awaitTimeouts);
  }

  @Test
  void aNodeWhoseAgentNeverComesOnlineFailsTheAwait() {
    String id = launched("exec-1", "us-east-1a", SUBNET_A);
    launcher.neverOnline.add(id);

    assertThrows(NodeNotOnlineException.class,
        () -> launching.run(new LaunchNodeInput(NAME, "await", "exec-1", null, null, null, id, 0, 5)));
  }

  // ---- remove ----------------------------------------------------------------------------------

  @Test
  void aRemoveDeregistersAndTerminatesExactlyTheNodesItsExecutionLaunched() {
    String mine = launched("exec-1", "us-east-1a", SUBNET_A);
    String mineDraining = launched("exec-1", "us-east-1b", SUBNET_B);
    String mineUnregistered = launched("exec-1", "us-east-1c", SUBNET_C);
    String theirs = launched("exec-2", "us-east-1a", SUBNET_A);
    targets.state(mine, "healthy", null);
    targets.state(mineDraining, "draining", "Target.DeregistrationInProgress");
    targets.state(theirs, "healthy", null);
    targets.state("i-0eeeeeeeeeeeeeeee", "healthy", null);
    calls.clear();

    LaunchReport report = launching.run(remove("exec-1"));

    assertEquals(new LaunchReport("remove", null, null, null, List.of(mine, mineDraining, mineUnregistered)), report);
    assertEquals(List.of("change deregister [" + mine + ":" + PORT + "]", "change launcher.terminate " + mine,
        "change launcher.terminate " + mineDraining, "change launcher.terminate " + mineUnregistered), changes());
    assertTrue(calls.contains("read registrations " + TARGET_GROUP), calls.toString());
    assertEquals("running", launcher.instances.get(theirs).node().state());
    assertEquals("terminated", launcher.instances.get(mine).node().state());
    assertTrue(targets.registered.containsKey(theirs));
    assertTrue(targets.registered.containsKey("i-0eeeeeeeeeeeeeeee"));
    assertEquals("draining", targets.registered.get(mineDraining).state(), "a draining target is not deregistered again");
  }

  @Test
  void aRemoveWithNothingLaunchedChangesNothingAndAsksNoTargetGroup() {
    String theirs = launched("exec-2", "us-east-1a", SUBNET_A);
    targets.state(theirs, "healthy", null);
    calls.clear();

    LaunchReport report = launching.run(remove("exec-1"));

    assertEquals(new LaunchReport("remove", null, null, null, List.of()), report);
    assertEquals(List.of("launcher.launchedBy exec-1"), calls);
  }

  @Test
  void aLaunchedNodeNotYetRegisteredIsTerminatedWithoutADeregistration() {
    String mine = launched("exec-1", "us-east-1a", SUBNET_A);
    calls.clear();

    launching.run(remove("exec-1"));

    assertEquals(List.of("change launcher.terminate " + mine), changes());
  }

  @Test
  void aSecondRemoveFindsNothingLeftAndChangesNothing() {
    String mine = launched("exec-1", "us-east-1a", SUBNET_A);
    targets.state(mine, "healthy", null);
    launching.run(remove("exec-1"));
    calls.clear();

    LaunchReport again = launching.run(remove("exec-1"));

    assertEquals(List.of(), again.removed());
    assertEquals(List.of(), changes());
  }

  @Test
  void aRemoveOnAClusterWithoutATargetGroupTerminatesItsNodesWithoutAskingForRegistrations() {
    ProvisionedCluster single = new ProvisionedCluster();
    single.targetGroupArn = null;
    registry.documents.put(NAME, single.document());
    String mine = launched("exec-1", "us-east-1a", SUBNET_A);
    calls.clear();

    LaunchReport report = launching.run(remove("exec-1"));

    assertEquals(List.of(mine), report.removed());
    assertEquals(List.of("change launcher.terminate " + mine), changes());
    assertTrue(calls.stream().noneMatch(c -> c.startsWith("read registrations")), calls.toString());
  }
}
