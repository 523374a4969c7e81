package dev.connectha.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.config.Config;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.fakes.FakeClusterRegistry;
import dev.connectha.fakes.FakeLearnedStates;
import dev.connectha.fakes.FakeNodeCommands;
import dev.connectha.fakes.FakeNodeDirectory;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.EksPlacement;
import dev.connectha.model.LearnedState;
import dev.connectha.model.Topology;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The topology decides the upgrade: upgrade-eks plans a workload, the rolling upgrade refuses one. */
class EksUpgradePlannerTest {
  private static final Config CONFIG = Config.from(Map.of("AWS_REGION", "us-east-1", "NODE_DOCUMENT_PREFIX", "test-stack-"));
  private static final EksPlacement PLACEMENT = new EksPlacement("posit", "connect", "connect-rstudio-connect", null,
      "connect", null);
  private static final String TAG = "ubuntu2204-2024.08.0";

  private final List<String> calls = new ArrayList<>();
  private final FakeLearnedStates learned = new FakeLearnedStates(calls);

  private UpgradePlanner planner() {
    FakeClusterRegistry registry = new FakeClusterRegistry(calls, eks("kube", 3), ec2("legacy"));
    return new UpgradePlanner(registry, learned, new FakeNodeDirectory(calls, List.of()),
        new FakeNodeCommands(calls, (document, parameters, id) -> "{}"), (source, version) -> {
          calls.add("head " + version);
          return true;
        }, CONFIG);
  }

  static ClusterDocument eks(String name, int desired) {
    return new ClusterDocument(name, "arn:tg", name + "-db", null, "fs-1", null, Map.of(), null, null, null, desired,
        ConnectVersion.parse("2024.08.0"), null, null, null, null, null, null, null, null, null, Topology.EKS, PLACEMENT);
  }

  static ClusterDocument ec2(String name) {
    return new ClusterDocument(name, "arn:tg", name + "-db", null, "fs-1", null, Map.of(), "Default", "arn:role",
        "http://packages", 2, ConnectVersion.parse("2024.08.0"));
  }

  private static UpgradeInput eksInput(String cluster, String target, int replicas, String version) {
    return eksInput(cluster, target, replicas, version, null);
  }

  private static UpgradeInput eksInput(String cluster, String target, int replicas, String version,
      UpgradeInput.Options options) {
    return new UpgradeInput(cluster, target, options, new UpgradeInput.Workload(replicas, version,
        version == null ? "latest" : "ubuntu2204-" + version), "exec-1");
  }

  @Test
  void plansTheWorkloadsReplicasAndThePreviousVersionWithoutAskingAnyNode() {
    UpgradePlan plan = planner().plan(eksInput("kube", "2024.10.0", 2, "2024.08.0"));

    assertEquals("2024.08.0", plan.previousVersion());
    assertEquals(2, plan.eks().replicas());
    assertEquals(TAG, plan.eks().imageTag());
    assertNull(plan.firstNode());
    assertEquals(List.of(), plan.nodes());
    assertTrue(calls.stream().noneMatch(c -> c.startsWith("commands.") || c.startsWith("nodes") || c.startsWith("head")),
        calls.toString());
  }

  @Test
  void aWorkloadLeftAtZeroComesBackWithTheDocumentsDesiredReplicas() {
    assertEquals(3, planner().plan(eksInput("kube", "2024.10.0", 0, "2024.08.0")).eks().replicas());
  }

  @Test
  void eachStepWaitsAtMostReadyWithinSecondsInCallsOfAtMost45Seconds() {
    UpgradePlan plan = planner().plan(eksInput("kube", "2024.10.0", 2, "2024.08.0",
        new UpgradeInput.Options(null, null, null, null, null, null, 1, 100)));
    assertEquals(45, plan.eks().waitSeconds());
    assertEquals(2, plan.eks().waitCalls(), "the scale's own 45 s, then two status calls: 135 s >= 100 s");

    UpgradePlan quick = planner().plan(eksInput("kube", "2024.10.0", 2, "2024.08.0",
        new UpgradeInput.Options(null, null, null, null, null, null, 1, 12)));
    assertEquals(12, quick.eks().waitSeconds());
    assertEquals(0, quick.eks().waitCalls(), "the scale's own wait is all of it");
  }

  @Test
  void theRollingUpgradeRefusesAnEksClusterBeforeAskingAnyNode() {
    PreconditionFailedException e = assertThrows(PreconditionFailedException.class,
        () -> planner().plan(new UpgradeInput("kube", "2024.10.0", null, null)));

    assertTrue(e.getMessage().contains("upgrade-eks"), e.getMessage());
    assertTrue(calls.stream().noneMatch(c -> c.startsWith("commands.") || c.startsWith("head")), calls.toString());
  }

  @Test
  void upgradeEksRefusesAnEc2Cluster() {
    PreconditionFailedException e = assertThrows(PreconditionFailedException.class,
        () -> planner().plan(eksInput("legacy", "2024.10.0", 2, "2024.08.0")));

    assertTrue(e.getMessage().contains("rolling-upgrade"), e.getMessage());
  }

  @Test
  void refusesTheVersionTheWorkloadAlreadyRuns() {
    assertThrows(PreconditionFailedException.class, () -> planner().plan(eksInput("kube", "2024.08.0", 2, "2024.08.0")));
  }

  @Test
  void refusesAVersionOlderThanTheWorkloadsAsARestore() {
    assertThrows(InvalidInputException.class, () -> planner().plan(eksInput("kube", "2024.09.0", 2, "2024.10.0")));
  }

  @Test
  void refusesAVersionOlderThanTheLearnedSchema() {
    learned.states.put("kube", new LearnedState("kube", new LearnedState.Recorded(ConnectVersion.parse("2024.10.0"),
        Instant.parse("2026-11-30T09:00:00Z"), "e-halted"), null));

    assertThrows(InvalidInputException.class, () -> planner().plan(eksInput("kube", "2024.09.0", 2, "2024.08.0")));
  }

  @Test
  void aRecoveryPutsBackTheSchemasVersionWhenTheImageIsOlder() {
    learned.states.put("kube", new LearnedState("kube", new LearnedState.Recorded(ConnectVersion.parse("2024.09.0"),
        Instant.parse("2026-11-30T09:00:00Z"), "e-halted"), null));

    assertEquals("2024.09.0", planner().plan(eksInput("kube", "2024.10.0", 2, "2024.08.0")).previousVersion());
  }

  @Test
  void refusesATagWithoutAConnectVersion() {
    assertThrows(PreconditionFailedException.class, () -> planner().plan(eksInput("kube", "2024.10.0", 2, null)));
  }

  @Test
  void refusesOptionsThatActOnNodesOrTheLoadBalancer() {
    assertThrows(InvalidInputException.class, () -> planner().plan(eksInput("kube", "2024.10.0", 2, "2024.08.0",
        new UpgradeInput.Options(null, null, "online", null, null, null, null))));
    assertThrows(InvalidInputException.class, () -> planner().plan(eksInput("kube", "2024.10.0", 2, "2024.08.0",
        new UpgradeInput.Options(null, null, null, true, null, null, null))));
  }

  @Test
  void theSampleEventPlansAnUpgradeOnEks() throws Exception {
    UpgradeInput input = dev.connectha.json.Json.MAPPER.readValue(
        java.nio.file.Path.of("..", "..", "events", "ValidateUpgradeFunction.eks.json").toFile(), UpgradeInput.class);
    UpgradePlanner planner = new UpgradePlanner(new FakeClusterRegistry(calls, eks("demo-eks", 2)), learned,
        new FakeNodeDirectory(calls, List.of()), new FakeNodeCommands(calls, (d, p, id) -> "{}"), (s, v) -> true, CONFIG);

    UpgradePlan plan = planner.plan(input);

    assertEquals("2024.10.0", plan.targetVersion());
    assertEquals(2, plan.eks().replicas());
  }

  @Test
  void badWorkloadFactsAndWaitsAreInvalidInput() {
    assertThrows(InvalidInputException.class, () -> new UpgradeInput.Workload(null, "2024.08.0", TAG));
    assertThrows(InvalidInputException.class, () -> new UpgradeInput.Workload(-1, "2024.08.0", TAG));
    assertThrows(InvalidInputException.class, () -> new UpgradeInput.Options(null, null, null, null, null, null, null, 5));
  }
}
