package dev.connectha.provision;

import static dev.connectha.provision.ProvisionedCluster.NAME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.ClusterNotFoundException;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.fakes.FakeClusterRegistry;
import dev.connectha.fakes.FakeFileSystems;
import dev.connectha.fakes.FakeNodeDirectory;
import dev.connectha.model.Node;
import dev.connectha.provision.CapacityPlan.Launch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CapacityPlanner with the shared fakes: launches balanced across the zones that can mount the
 * file system, retirements of the newest node of the most crowded zone, and that it only reads
 * (checked after every test).
 */
class CapacityPlannerTest {
  private static final String A = "us-east-1a";
  private static final String B = "us-east-1b";
  private static final String C = "us-east-1c";
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** Every adapter call, in order, across all fakes. */
  private final List<String> calls = new ArrayList<>();
  private final List<String> mutations = new ArrayList<>();
  private final FakeClusterRegistry registry = new FakeClusterRegistry(calls, ProvisionedCluster.provisioned());
  private final FakeNodeDirectory nodes = new FakeNodeDirectory(calls, List.of());
  private final FakeFileSystems fileSystems = new FakeFileSystems(calls, mutations);
  private final FakeFileSystems.FileSystem efs = fileSystems.add(new FakeFileSystems.FileSystem("fs-0123456789abcdef0", "demo")
      .withMountTargetsIn(A, B, C));
  private final CapacityPlanner planner = new CapacityPlanner(registry, nodes, fileSystems);
  private int nextId = 1;

  /** A node in {@code az} launched {@code minutes} after T0 (null: when is not known). */
  private String node(String az, String state, Integer minutes) {
    String id = String.format("i-%017x", nextId++);
    nodes.nodes.add(new Node(id, az, "subnet-x", state, null, minutes == null ? null : T0.plusSeconds(60L * minutes)));
    return id;
  }

  private String running(String az, Integer minutes) {
    return node(az, "running", minutes);
  }

  private static PlanCapacityInput to(Integer desiredNodes) {
    return new PlanCapacityInput(NAME, desiredNodes, "exec-capacity");
  }

  private static List<Launch> launches(String... zones) {
    return IntStream.range(0, zones.length).mapToObj(i -> new Launch(zones[i], i)).toList();
  }

  private static void assertMentions(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), "'" + part + "' not in: " + message);
    }
  }

  @AfterEach
  void nothingWasChanged() {
    assertEquals(List.of(), mutations, "planning capacity only reads");
    assertEquals(List.of(), calls.stream().filter(call -> call.startsWith("change ") || call.startsWith("registry.save")).toList());
  }

  // ---- the size --------------------------------------------------------------------------------

  @Test
  void givenAnUnregisteredClusterWhenPlanningThenClusterNotFoundAndNothingElseIsAsked() {
    assertThrows(ClusterNotFoundException.class, () -> planner.plan(new PlanCapacityInput("ghost", 2, "e")));

    assertEquals(List.of("registry.load ghost"), calls);
  }

  @Test
  void givenNoSizeInTheInputWhenPlanningThenTheDocumentsDesiredNodesIsReached() {
    registry.documents.put(NAME, new ProvisionedCluster().sized(3, 1));

    CapacityPlan plan = planner.plan(to(null));

    assertEquals(3, plan.desiredNodes());
    assertEquals(launches(A, B, C), plan.launches());
  }

  @Test
  void givenASizeInTheInputWhenPlanningThenItWinsOverTheDocument() {
    CapacityPlan plan = planner.plan(to(5));

    assertEquals(5, plan.desiredNodes());
    assertEquals(5, plan.launches().size());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void givenASizeBelowMinHealthyWhenPlanningThenInvalidInputNamingBothBeforeAnyNodeIsRead(int desired) {
    registry.documents.put(NAME, new ProvisionedCluster().sized(3, 2));
    running(A, 1);
    running(B, 2);
    running(C, 3);

    InvalidInputException e = assertThrows(InvalidInputException.class, () -> planner.plan(to(desired)));

    assertMentions(e.getMessage(), "desiredNodes " + desired + " is below cluster demo's minHealthy 2", "nothing was changed");
    assertEquals(List.of("registry.load demo"), calls);
  }

  @Test
  void givenASizeEqualToMinHealthyWhenPlanningThenItIsAccepted() {
    registry.documents.put(NAME, new ProvisionedCluster().sized(3, 2));
    running(A, 1);
    String newest = running(A, 3);
    running(B, 2);

    assertEquals(List.of(newest), planner.plan(to(2)).retirements());
  }

  // ---- growth ----------------------------------------------------------------------------------

  @Test
  void givenUnevenZonesWhenGrowingThenEachLaunchGoesToTheZoneWithFewestNodesAtThatPointTiesAlphabetical() {
    running(A, 1);
    running(A, 2);
    running(C, 3);

    CapacityPlan plan = planner.plan(to(6));

    assertEquals(launches(B, B, C), plan.launches(), "b has 0, then b and c tie at 1 (b first), then c has 1");
    assertEquals(3, plan.nodes());
    assertEquals(Map.of(A, 2, B, 0, C, 1), plan.nodesByAz());
    assertEquals(Map.of(A, 2, B, 2, C, 2), plan.afterByAz());
    assertTrue(plan.retirements().isEmpty());
  }

  @Test
  void givenAnEmptyClusterWhenGrowingThenTheLaunchesGoRoundTheZonesInOrderWithIndexesFromZero() {
    CapacityPlan plan = planner.plan(to(7));

    assertEquals(launches(A, B, C, A, B, C, A), plan.launches());
    assertEquals(Map.of(A, 0, B, 0, C, 0), plan.nodesByAz(), "every zone of subnetsByAz is listed");
    assertEquals(Map.of(A, 3, B, 2, C, 2), plan.afterByAz());
  }

  @Test
  void givenPendingNodesWhenGrowingThenTheyCountAndStoppedOrTerminatedNodesDoNot() {
    node(A, "pending", 1);
    node(B, "stopped", 2);
    node(B, "terminated", 3);
    node(C, "shutting-down", 4);

    CapacityPlan plan = planner.plan(to(3));

    assertEquals(1, plan.nodes());
    assertEquals(Map.of(A, 1, B, 0, C, 0), plan.nodesByAz());
    assertEquals(launches(B, C), plan.launches());
  }

  @Test
  void givenZonesWithoutAMountTargetWhenGrowingThenNoLaunchGoesThere() {
    efs.mountTargetAzs = new ArrayList<>(List.of(A, C));

    CapacityPlan plan = planner.plan(to(4));

    assertEquals(launches(A, C, A, C), plan.launches());
    assertEquals(Map.of(A, 2, B, 0, C, 2), plan.afterByAz());
  }

  @Test
  void givenTheOnlyMountableZoneIsTheMostCrowdedWhenGrowingThenItStillTakesEveryLaunch() {
    efs.mountTargetAzs = new ArrayList<>(List.of(C, "us-east-1d"));
    running(C, 1);
    running(C, 2);

    assertEquals(launches(C), planner.plan(to(3)).launches());
  }

  @Test
  void givenNoZoneWithAMountTargetWhenGrowingThenPreconditionFailedNamingTheZonesAndTheFileSystem() {
    efs.mountTargetAzs = new ArrayList<>(List.of("us-east-1d"));

    PreconditionFailedException e = assertThrows(PreconditionFailedException.class, () -> planner.plan(to(2)));

    assertMentions(e.getMessage(), "cluster demo has no zone to launch into", A, B, C, "fs-0123456789abcdef0", "nothing was changed");
  }

  // ---- at size ---------------------------------------------------------------------------------

  @Test
  void givenAClusterAtItsSizeWhenPlanningThenNothingIsLaunchedOrRetiredAndTheFileSystemIsNotAsked() {
    efs.mountTargetAzs = new ArrayList<>();
    running(A, 1);
    running(B, 2);

    CapacityPlan plan = planner.plan(to(null));

    assertEquals(List.of(), plan.launches());
    assertEquals(List.of(), plan.retirements());
    assertEquals(plan.nodesByAz(), plan.afterByAz());
    assertEquals(List.of("registry.load demo", "nodes.nodesOf demo"), calls);
  }

  // ---- rebalance (a zone recovered) ------------------------------------------------------------

  @Test
  void givenAZoneEmptiedByAnImpairmentWhenRebalancingThenEachMoveLaunchesThereAndRetiresTheNewestOfTheMostCrowded() {
    running(A, 1);
    String a2 = running(A, 6);
    running(B, 2);
    String b2 = running(B, 5);

    CapacityPlan plan = planner.plan(new PlanCapacityInput(NAME, 4, "exec-rebalance", true));

    assertEquals(launches(C), plan.launches(), "the one move that brings the zones within one node of each other");
    assertEquals(List.of(a2), plan.retirements(), "a and b tie at 2: a (first by name) gives its newest");
    assertEquals(Map.of(A, 1, B, 2, C, 1), plan.afterByAz());
    assertEquals(4, plan.keepHealthy(), "a retirement waits for its replacement: never below the size");
    assertTrue(!plan.retirements().contains(b2));
  }

  @Test
  void givenSixNodesInTwoOfThreeZonesWhenRebalancingThenTwoMovesFillTheEmptyZone() {
    running(A, 1);
    running(A, 2);
    running(A, 3);
    running(B, 4);
    running(B, 5);
    running(B, 6);

    CapacityPlan plan = planner.plan(new PlanCapacityInput(NAME, 6, "exec-rebalance", true));

    assertEquals(List.of(new Launch(C, 0), new Launch(C, 1)), plan.launches());
    assertEquals(2, plan.retirements().size());
    assertEquals(Map.of(A, 2, B, 2, C, 2), plan.afterByAz());
  }

  @Test
  void givenBalancedZonesOrNoRebalanceAskedWhenPlanningAtSizeThenNothingMovesAndNoFloorIsSet() {
    running(A, 1);
    running(B, 2);
    running(C, 3);

    CapacityPlan balanced = planner.plan(new PlanCapacityInput(NAME, 3, "exec-rebalance", true));
    nodes.nodes.clear();
    running(A, 1);
    running(A, 2);
    running(A, 3);
    CapacityPlan notAsked = planner.plan(to(3));

    assertEquals(List.of(), balanced.launches());
    assertEquals(List.of(), balanced.retirements());
    assertEquals(null, balanced.keepHealthy());
    assertEquals(List.of(), notAsked.launches());
    assertEquals(List.of(), notAsked.retirements());
    assertEquals(null, notAsked.keepHealthy());
  }

  // ---- shrink ----------------------------------------------------------------------------------

  @Test
  void givenTooManyNodesWhenShrinkingThenEachRetirementIsTheNewestOfTheMostCrowdedZoneAtThatPoint() {
    String a1 = running(A, 1);
    String a2 = running(A, 3);
    running(A, null);
    running(B, 2);
    String b2 = running(B, 5);
    running(C, 4);

    CapacityPlan plan = planner.plan(to(3));

    assertEquals(List.of(a2, a1, b2), plan.retirements(),
        "a (3) loses its newest; a and b tie at 2 (a first) and a loses a1, its launch time unknown counting as oldest; then b");
    assertEquals(List.of(), plan.launches());
    assertEquals(Map.of(A, 3, B, 2, C, 1), plan.nodesByAz());
    assertEquals(Map.of(A, 1, B, 1, C, 1), plan.afterByAz());
  }

  @Test
  void givenNodesWithoutALaunchTimeWhenShrinkingThenAnyNodeWithOneIsNewerThanThey() {
    running(A, null);
    String known = running(A, 0);
    running(A, null);

    assertEquals(List.of(known), planner.plan(to(2)).retirements());
  }

  @Test
  void givenANodeInAZoneOutsideSubnetsByAzWhenShrinkingThenItCountsAndMayBeRetired() {
    running("us-east-1d", 1);
    String stray = running("us-east-1d", 2);
    running(A, 9);

    CapacityPlan plan = planner.plan(to(2));

    assertEquals(List.of(stray), plan.retirements());
    assertEquals(Map.of(A, 1, B, 0, C, 0, "us-east-1d", 2), plan.nodesByAz());
    assertEquals(Map.of(A, 1, B, 0, C, 0, "us-east-1d", 1), plan.afterByAz());
  }

  @Test
  void givenZonesTiedForMostNodesWhenShrinkingThenTheAlphabeticallyFirstLosesANodeFirst() {
    String a1 = running(A, 1);
    String b1 = running(B, 2);
    String b2 = running(B, 3);
    running(C, 4);

    CapacityPlan plan = planner.plan(to(1));

    assertEquals(List.of(b2, a1, b1), plan.retirements(), "b (2) first, then a, b and c tie at 1: a, then b and c tie: b");
    assertEquals(Map.of(A, 0, B, 0, C, 1), plan.afterByAz());
  }
}
