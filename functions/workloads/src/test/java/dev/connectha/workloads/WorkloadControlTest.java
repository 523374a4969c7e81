package dev.connectha.workloads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.fakes.FakeClusterRegistry;
import dev.connectha.fakes.FakeConnectWorkloads;
import dev.connectha.fakes.FakeLearnedStates;
import dev.connectha.model.LearnedState;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.backup.ConfigurationContent;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.EksPlacement;
import dev.connectha.model.Topology;
import dev.connectha.model.eks.ConnectPod;
import dev.connectha.model.eks.EksWorkload;
import dev.connectha.model.eks.HelmRelease;
import dev.connectha.model.eks.WorkloadKind;
import dev.connectha.model.eks.NodeGroup;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkloadControlTest {
  static final String IMAGE = "ghcr.io/rstudio/rstudio-connect:ubuntu2204-2024.08.0";
  static final EksPlacement PLACEMENT = new EksPlacement("posit", "connect", "connect-rstudio-connect", null, "connect",
      null);
  static final EksWorkload WHERE = PLACEMENT.eksWorkload();

  final List<String> calls = new ArrayList<>();
  final FakeConnectWorkloads kube = new FakeConnectWorkloads(calls);
  final FakeClusterRegistry registry = new FakeClusterRegistry(calls, eks("prod"), ec2("legacy"));
  /** What Kubernetes does between two reads: each pause runs the next step. */
  final List<Runnable> kubernetes = new ArrayList<>();
  /** The EKS cluster's node groups, by EKS cluster. */
  final Map<String, List<NodeGroup>> nodeGroups = new HashMap<>();
  final FakeLearnedStates learned = new FakeLearnedStates(calls);
  final WorkloadControl control = new WorkloadControl(registry, kube, learned, pause -> {
    if (!kubernetes.isEmpty()) {
      kubernetes.remove(0).run();
    }
  }, eksCluster -> nodeGroups.getOrDefault(eksCluster, List.of()));
  final FakeConnectWorkloads.Workload workload = kube.workload(WHERE, WorkloadKind.DEPLOYMENT, 2, IMAGE);

  WorkloadControlTest() {
    workload.pods = new ArrayList<>(List.of(pod("a", true, "ubuntu2204-2024.08.0"), pod("b", true, "ubuntu2204-2024.08.0")));
  }

  static ClusterDocument eks(String name) {
    return new ClusterDocument(name, "arn:tg", name + "-db", null, "fs-1", null, Map.of(), null, null, null, 2,
        ConnectVersion.parse("2024.08.0"), null, null, null, null, null, null, null, null, null, Topology.EKS, PLACEMENT);
  }

  static ClusterDocument ec2(String name) {
    return new ClusterDocument(name, "arn:tg", name + "-db", null, "fs-1", null, Map.of(), null, null, null, 2,
        ConnectVersion.parse("2024.08.0"));
  }

  static ConnectPod pod(String name, boolean ready, String tag) {
    return new ConnectPod(name, ready ? "Running" : "Pending", ready, tag, "node-" + name, "eu-west-1a");
  }

  static RunWorkloadCommandInput input(String action, Integer replicas, String version, String expectVersion) {
    return new RunWorkloadCommandInput("prod", action, replicas, version, expectVersion, 1, 10, "exec-1");
  }

  @Test
  void aScaleToZeroWaitsUntilEveryPodIsGone() {
    kubernetes.add(() -> workload.pods.remove(0));
    kubernetes.add(() -> workload.pods.clear());
    WorkloadReport report = control.run(input("scale", 0, null, null));
    assertTrue(report.reached(), report.reason());
    assertEquals(0, report.replicas());
    assertTrue(report.pods().isEmpty());
    assertTrue(calls.contains("change scale posit/connect/connect-rstudio-connect to 0"), calls.toString());
  }

  @Test
  void aScaleWhosePodsNeverComeReadyIsReportedWithWhyNotThrown() {
    kubernetes.add(() -> workload.pods = new ArrayList<>(List.of(pod("c", false, "ubuntu2204-2024.08.0"))));
    WorkloadReport report = control.run(input("scale", 1, null, null));
    assertFalse(report.reached());
    assertTrue(report.reason().contains("pod c is not ready"), report.reason());
  }

  @Test
  void aReadyPodOnAnotherVersionDoesNotMeetTheExpectedVersion() {
    WorkloadReport report = control.run(input("status", 2, null, "2024.09.0"));
    assertFalse(report.reached());
    assertTrue(report.reason().contains("want 2024.09.0"), report.reason());
    assertEquals("2024.08.0", report.pods().get(0).version());
  }

  @Test
  void aStatusWithoutAGoalReadsOnceAndReportsThePodsVersionsAndZones() {
    WorkloadReport report = control.run(input("status", null, null, null));
    assertTrue(report.reached());
    assertEquals("Deployment", report.kind());
    assertEquals("2024.08.0", report.version());
    assertEquals(List.of("eu-west-1a", "eu-west-1a"), report.pods().stream().map(WorkloadReport.Pod::zone).toList());
    assertEquals(1, calls.stream().filter(c -> c.startsWith("read workload")).count());
  }

  @Test
  void setVersionKeepsTheImagesRepositoryAndOperatingSystemPrefix() {
    control.run(input("setVersion", null, "2024.09.1", null));
    assertEquals("ghcr.io/rstudio/rstudio-connect:ubuntu2204-2024.09.1", workload.image);
  }

  @Test
  void setVersionWithReplicasChangesTheImageBeforeTheReplicasAndWaitsForThemReadyOnThatVersion() {
    workload.replicas = 0;
    workload.pods = new ArrayList<>();
    kubernetes.add(() -> workload.pods = new ArrayList<>(List.of(pod("c", false, "ubuntu2204-2024.09.1"))));
    kubernetes.add(() -> workload.pods = new ArrayList<>(List.of(pod("c", true, "ubuntu2204-2024.09.1"))));

    WorkloadReport report = control.run(input("setVersion", 1, "2024.09.1", null));

    assertTrue(report.reached(), report.reason());
    List<String> changes = calls.stream().filter(c -> c.startsWith("change")).toList();
    assertEquals(List.of("change image tag posit/connect/connect-rstudio-connect to ubuntu2204-2024.09.1",
        "change scale posit/connect/connect-rstudio-connect to 1"), changes, "no pod may start on the old image");
  }

  @Test
  void setVersionWithReplicasIsNotReachedByAReadyPodOfTheOldVersion() {
    WorkloadReport report = control.run(input("setVersion", 2, "2024.09.1", null));
    assertFalse(report.reached());
    assertTrue(report.reason().contains("want 2024.09.1"), report.reason());
  }

  @Test
  void setVersionOnATagWithoutAConnectVersionChangesNothing() {
    workload.image = "ghcr.io/rstudio/rstudio-connect:latest";
    assertThrows(PreconditionFailedException.class, () -> control.run(input("setVersion", null, "2024.09.1", null)));
    assertEquals("ghcr.io/rstudio/rstudio-connect:latest", workload.image);
    assertTrue(calls.stream().noneMatch(c -> c.startsWith("change")), calls.toString());
  }

  @Test
  void configurationIdentifiesTheConfigMapAndHelmValuesByDigestNeverByContent() {
    kube.configMaps.put(FakeConnectWorkloads.key(WHERE, "connect-rstudio-connect-config"),
        Map.of("rstudio-connect.gcfg", "[Launcher]\nKubernetes = true\n"));
    kube.releases.put(FakeConnectWorkloads.key(WHERE, "connect"), new HelmRelease("connect", "connect", 3, "deployed",
        "rstudio-connect", "0.7.0", "2024.08.0", Map.of("replicas", 2, "license", Map.of("key", "SECRET-KEY"))));
    WorkloadReport report = control.run(input("configuration", null, null, null));
    Configuration configuration = report.configuration();
    assertEquals("connect-rstudio-connect-config", configuration.configMap());
    assertEquals(ConfigurationContent.digest("[Launcher]\nKubernetes = true\n"),
        configuration.configDigests().get("rstudio-connect.gcfg"));
    assertEquals(3, configuration.revision());
    assertEquals("rstudio-connect-0.7.0", configuration.chart());
    assertEquals(ConfigurationContent.digest("{\"license\":{\"key\":\"SECRET-KEY\"},\"replicas\":2}"),
        configuration.valuesDigest());
    assertFalse(report.toString().contains("SECRET-KEY"), report.toString());
  }

  @Test
  void anEc2ClusterIsRefusedBeforeAnyKubernetesCall() {
    PreconditionFailedException e = assertThrows(PreconditionFailedException.class, () -> control.run(
        new RunWorkloadCommandInput("legacy", "scale", 0, null, null, 1, 1, null)));
    assertTrue(e.getMessage().contains("topology ec2"), e.getMessage());
    assertTrue(calls.stream().noneMatch(c -> c.contains("workload")), calls.toString());
  }

  @ParameterizedTest
  @CsvSource(nullValues = "null", value = {
      "delete, null, null, null",
      "scale, null, null, null",
      "scale, -1, null, null",
      "scale, 51, null, null",
      "setVersion, null, null, null",
      "setVersion, null, 2024.9, null",
      "status, null, 2024.09.0, null",
      "configuration, 1, null, null",
      "setVersion, null, 2024.09.0, 2024.09.0",
      "status, null, null, latest"})
  void malformedInputIsANamedErrorBeforeAnyCall(String action, Integer replicas, String version, String expect) {
    assertThrows(InvalidInputException.class, () -> control.run(input(action, replicas, version, expect)));
    assertTrue(calls.isEmpty(), calls.toString());
  }

  @Test
  void setVersionOlderThanTheLearnedSchemaIsRefusedAndChangesNothing() {
    learned.states.put("prod", new LearnedState("prod", new LearnedState.Recorded(ConnectVersion.parse("2024.09.0"),
        Instant.parse("2026-01-01T00:00:00Z"), "exec-0"), null));

    assertThrows(PreconditionFailedException.class, () -> control.run(input("setVersion", null, "2024.08.0", null)));

    assertEquals(IMAGE, workload.image);
    assertTrue(calls.stream().noneMatch(c -> c.startsWith("change")), calls.toString());
  }

  @Test
  void setVersionAtOrAboveTheLearnedSchemaGoesAhead() {
    learned.states.put("prod", new LearnedState("prod", new LearnedState.Recorded(ConnectVersion.parse("2024.09.0"),
        Instant.parse("2026-01-01T00:00:00Z"), "exec-0"), null));

    control.run(input("setVersion", null, "2024.09.0", null));

    assertEquals("ghcr.io/rstudio/rstudio-connect:ubuntu2204-2024.09.0", workload.image);
  }

  @Test
  void setVersionOlderThanTheRegisteredVersionIsRefusedWhenNothingWasLearned() {
    assertThrows(PreconditionFailedException.class, () -> control.run(input("setVersion", null, "2024.06.0", null)));

    assertEquals(IMAGE, workload.image);
  }

  @Test
  void onlyPodsPastPendingCountAsStarted() {
    workload.pods = new ArrayList<>(List.of(pod("a", true, "ubuntu2204-2024.08.0"), pod("b", false, "ubuntu2204-2024.08.0"),
        new ConnectPod("c", "Running", false, "ubuntu2204-2024.08.0", "node-c", "eu-west-1a")));

    WorkloadReport report = control.run(input("status", null, null, null));

    assertEquals(2, report.started());
  }

  @Test
  void aReachedGoalWritesItsReasonAsNullForTheWorkflowsPaths() throws Exception {
    WorkloadReport report = control.run(input("status", 2, null, null));

    String json = dev.connectha.json.Json.MAPPER.writeValueAsString(report);
    assertTrue(json.contains("\"reason\":null") && json.contains("\"version\":\"2024.08.0\""), json);
  }
}
