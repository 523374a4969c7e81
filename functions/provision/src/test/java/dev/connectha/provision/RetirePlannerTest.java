package dev.connectha.provision;

import static dev.connectha.provision.ProvisionedCluster.NAME;
import static dev.connectha.provision.ProvisionedCluster.SUBNET_A;
import static dev.connectha.provision.ProvisionedCluster.SUBNET_B;
import static dev.connectha.provision.ProvisionedCluster.SUBNET_C;
import static dev.connectha.provision.ProvisionedCluster.TARGET_GROUP;
import static dev.connectha.provision.ProvisionedCluster.TEMPLATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.ClusterNotFoundException;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.UnsafeToProceedException;
import dev.connectha.fakes.FakeClusterLocks;
import dev.connectha.fakes.FakeClusterRegistry;
import dev.connectha.fakes.FakeNodeDirectory;
import dev.connectha.fakes.FakeNodeLauncher;
import dev.connectha.fakes.FakeTargetGroupSettings;
import dev.connectha.model.ClientToken;
import dev.connectha.model.LoadBalancing;
import dev.connectha.model.Node;
import dev.connectha.model.TargetHealth;
import dev.connectha.ports.NodeLauncher.Launch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RetirePlanner with the shared fakes: every refusal of retire-node, the plan it answers otherwise,
 * and that it only reads (checked after every test).
 */
class RetirePlannerTest {
  private static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:provision-node:p1";
  private static final int GROUP_DELAY = 120;
  private static final String STRANGER = "i-0123456789abcdef0";

  /** Every adapter call, in order, across all fakes; changes start with {@code change}. */
  private final List<String> calls = new ArrayList<>();
  private final FakeClusterRegistry registry = new FakeClusterRegistry(calls, ProvisionedCluster.provisioned());
  private final FakeNodeDirectory nodes = new FakeNodeDirectory(calls, List.of());
  private final FakeNodeLauncher launcher = new FakeNodeLauncher(calls,
      Map.of(SUBNET_A, "us-east-1a", SUBNET_B, "us-east-1b", SUBNET_C, "us-east-1c"));
  private final FakeTargetGroupSettings targets = new FakeTargetGroupSettings(calls, group(List.of()));
  private final RetirePlanner planner = new RetirePlanner(registry, nodes, targets, launcher, new FakeClusterLocks(calls));

  /** Three nodes the control plane launched, one per zone, each running. */
  private final String a = launchedNode(SUBNET_A);
  private final String b = launchedNode(SUBNET_B);
  private final String c = launchedNode(SUBNET_C);

  private static LoadBalancing group(List<TargetHealth> health) {
    return new LoadBalancing(TARGET_GROUP, List.of("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/demo/1"),
        true, "lb_cookie", "true", true, "/__ping__", health, GROUP_DELAY);
  }

  /** A node launched by provision-node's {@link #EXECUTION} in {@code subnetId}, in the cluster's node directory. */
  private String launchedNode(String subnetId) {
    String id = launcher.launch(new Launch(NAME, TEMPLATE, "$Default", subnetId, EXECUTION, ClientToken.of(EXECUTION, subnetId)));
    nodes.nodes.add(launcher.instances.get(id).node());
    calls.clear();
    return id;
  }

  /** A node the control plane did not launch (no launched-by tag), in the cluster's node directory. */
  private String foreignNode(String id, String az, String state) {
    nodes.nodes.add(new Node(id, az, SUBNET_A, state, "10.0.0.99"));
    return id;
  }

  private void healthy(String... ids) {
    List<TargetHealth> health = new ArrayList<>(targets.loadBalancing.targets());
    for (String id : ids) {
      health.add(new TargetHealth(id, "healthy", null));
    }
    targets.loadBalancing = group(health);
  }

  private void unhealthy(String id) {
    List<TargetHealth> health = new ArrayList<>(targets.loadBalancing.targets());
    health.add(new TargetHealth(id, "unhealthy", "Target.FailedHealthChecks"));
    targets.loadBalancing = group(health);
  }

  private static PlanRetireInput retire(String instanceId) {
    return new PlanRetireInput(NAME, instanceId, null, null, "exec-retire");
  }

  private static PlanRetireInput forced(String instanceId) {
    return new PlanRetireInput(NAME, instanceId, true, null, "exec-retire");
  }

  private static void assertMentions(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), "'" + part + "' not in: " + message);
    }
  }

  @AfterEach
  void nothingWasChanged() {
    assertEquals(List.of(), calls.stream().filter(call -> call.startsWith("change ") || call.startsWith("registry.save")).toList(),
        "planning a retirement only reads");
  }

  // ---- refusals --------------------------------------------------------------------------------

  @Test
  void givenAnUnregisteredClusterWhenPlanningThenClusterNotFoundAndNothingElseIsAsked() {
    assertThrows(ClusterNotFoundException.class, () -> planner.plan(new PlanRetireInput("ghost", a, null, null, "e")));

    assertEquals(List.of("registry.load ghost"), calls);
  }

  @Test
  void givenAnInstanceThatIsNoNodeOfTheClusterWhenPlanningThenInvalidInputNamingTheClustersNodes() {
    healthy(a, b, c);

    InvalidInputException e = assertThrows(InvalidInputException.class, () -> planner.plan(retire(STRANGER)));

    assertMentions(e.getMessage(), STRANGER + " is not a node of cluster demo", a + " running", b + " running", c + " running",
        "nothing was changed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"terminated", "shutting-down"})
  void givenANodeThatIsGoingOrGoneWhenPlanningThenInvalidInputAndItIsNotListedAmongTheNodes(String state) {
    String gone = foreignNode("i-0ddddddddddddddd0", "us-east-1a", state);
    healthy(a, b, c);

    InvalidInputException e = assertThrows(InvalidInputException.class, () -> planner.plan(forced(gone)));

    assertMentions(e.getMessage(), gone + " is not a node of cluster demo", a + " running");
    assertFalse(e.getMessage().contains(state), e.getMessage());
  }

  @Test
  void givenTheLastHealthyNodeWhenPlanningThenUnsafeEvenWithForce() {
    healthy(a);
    unhealthy(b);

    UnsafeToProceedException e = assertThrows(UnsafeToProceedException.class, () -> planner.plan(forced(a)));

    assertMentions(e.getMessage(), a + " is the last healthy node of cluster demo", "Nothing was changed");
  }

  @Test
  void givenHealthyTargetsThatAreNoNodesOfTheClusterWhenPlanningThenTheyDoNotCountAsHealthy() {
    healthy(a, STRANGER);

    UnsafeToProceedException e = assertThrows(UnsafeToProceedException.class, () -> planner.plan(retire(a)));

    assertMentions(e.getMessage(), "is the last healthy node");
  }

  @Test
  void givenRetiringWouldLeaveFewerThanMinHealthyWhenPlanningThenUnsafeNamingBothNumbers() {
    registry.documents.put(NAME, new ProvisionedCluster().sized(3, 2));
    healthy(a, b);
    unhealthy(c);

    UnsafeToProceedException e = assertThrows(UnsafeToProceedException.class, () -> planner.plan(retire(a)));

    assertMentions(e.getMessage(), "retiring " + a + " would leave 1 healthy node(s) in cluster demo", "below its minHealthy 2",
        "healthy now: " + a + ", " + b, "nothing was changed");
  }

  @Test
  void givenARebalanceWhoseLaunchDidNotServeWhenRetiringThenUnsafeBelowTheCallersFloorAndAllowedAtIt() {
    healthy(a, b);
    unhealthy(c); // the rebalance's launch that did not serve

    UnsafeToProceedException e = assertThrows(UnsafeToProceedException.class,
        () -> planner.plan(new PlanRetireInput(NAME, a, true, null, "e", null, 2)));
    RetirePlan atTheFloor = planner.plan(new PlanRetireInput(NAME, a, true, null, "e", null, 1));

    assertMentions(e.getMessage(), "would leave 1 healthy node(s)", "fewer than the 2 its caller keeps", "nothing was changed");
    assertEquals(1, atTheFloor.healthyAfter());
  }

  @Test
  void givenAClusterAlreadyBelowMinHealthyWhenRetiringAnUnhealthyNodeThenItMayGoForItsGoingLowersNothing() {
    registry.documents.put(NAME, new ProvisionedCluster().sized(3, 2));
    healthy(a);
    unhealthy(b);

    RetirePlan plan = planner.plan(retire(b));

    assertEquals(1, plan.healthyAfter());
    assertFalse(plan.healthy());
  }

  @Test
  void givenANodeTheControlPlaneDidNotLaunchWhenPlanningWithoutForceThenUnsafeSayingSetForce() {
    String theirs = foreignNode("i-0ddddddddddddddd0", "us-east-1a", "running");
    healthy(a, b, theirs);

    UnsafeToProceedException e = assertThrows(UnsafeToProceedException.class, () -> planner.plan(retire(theirs)));

    assertMentions(e.getMessage(), theirs + " was not launched by connect-ha", "connect-ha:launched-by", "set force");
  }

  // ---- plans -----------------------------------------------------------------------------------

  @Test
  void givenAHealthyLaunchedNodeAndOthersHealthyWhenPlanningThenThePlanDescribesItWithTheGroupsDrain() {
    healthy(a, b, c);

    RetirePlan plan = planner.plan(retire(b));

    assertEquals(new RetirePlan(NAME, b, "us-east-1b", true, true, 2, 1, EXECUTION, GROUP_DELAY, true), plan);
    assertEquals(List.of("registry.load demo", "nodes.nodesOf demo", "targetGroupSettings.describe " + TARGET_GROUP,
        "launcher.launcherOf " + b), calls);
  }

  @Test
  void givenAnUnhealthyNodeWhenEnoughOthersAreHealthyThenItMayBeRetiredAndTheHealthyCountStays() {
    healthy(a, b);
    unhealthy(c);

    RetirePlan plan = planner.plan(retire(c));

    assertFalse(plan.healthy());
    assertEquals(2, plan.healthyAfter());
  }

  @Test
  void givenATargetRegisteredTwiceWhenCountingHealthyNodesThenItCountsOnce() {
    healthy(a, a, b);

    assertEquals(1, planner.plan(retire(b)).healthyAfter());
  }

  @Test
  void givenANodeTheControlPlaneDidNotLaunchWhenForcedThenThePlanHasNoLauncher() {
    String theirs = foreignNode("i-0ddddddddddddddd0", "us-east-1c", "running");
    healthy(a, b, theirs);

    RetirePlan plan = planner.plan(forced(theirs));

    assertNull(plan.launchedBy());
    assertEquals(theirs, plan.instanceId());
    assertEquals("us-east-1c", plan.az());
    assertEquals(2, plan.healthyAfter());
  }

  @Test
  void givenADrainInTheInputWhenPlanningThenItWinsOverTheGroupsDeregistrationDelay() {
    healthy(a, b, c);

    assertEquals(0, planner.plan(new PlanRetireInput(NAME, c, null, 0, "e")).drainSeconds());
    assertEquals(3600, planner.plan(new PlanRetireInput(NAME, c, null, 3600, "e")).drainSeconds());
    assertEquals(GROUP_DELAY, planner.plan(retire(c)).drainSeconds());
  }

  @Test
  void givenAClusterWithoutALicenceSecretWhenPlanningThenTheNodeIsNotLicensed() {
    ProvisionedCluster unlicensed = new ProvisionedCluster();
    unlicensed.licenseKeySecretId = null;
    registry.documents.put(NAME, unlicensed.document());
    healthy(a, b, c);

    assertFalse(planner.plan(retire(a)).licensed());
  }

  @Test
  void givenAClusterWithALicenceSecretWhenPlanningThenTheNodeIsLicensed() {
    healthy(a, b, c);

    assertTrue(planner.plan(retire(a)).licensed());
  }

  @Test
  void givenAStoppedNodeWhenPlanningThenThePlanSaysItDoesNotRun() {
    String stopped = foreignNode("i-0ddddddddddddddd0", "us-east-1b", "stopped");
    healthy(a, b);

    RetirePlan plan = planner.plan(forced(stopped));

    assertFalse(plan.running());
    assertFalse(plan.healthy());
    assertEquals(2, plan.healthyAfter());
  }
}
