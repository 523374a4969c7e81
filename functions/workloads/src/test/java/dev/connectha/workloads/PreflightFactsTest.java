package dev.connectha.workloads;

import static dev.connectha.workloads.WorkloadControlTest.IMAGE;
import static dev.connectha.workloads.WorkloadControlTest.WHERE;
import static dev.connectha.workloads.WorkloadControlTest.eks;
import static dev.connectha.workloads.WorkloadControlTest.input;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.AwsCallFailedException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.errors.WorkloadNotFoundException;
import dev.connectha.fakes.FakeClusterRegistry;
import dev.connectha.fakes.FakeConnectWorkloads;
import dev.connectha.json.Json;
import dev.connectha.model.eks.ConnectConfigFacts;
import dev.connectha.model.eks.ConnectPod;
import dev.connectha.model.eks.EksPreflightFacts;
import dev.connectha.model.eks.HelmRelease;
import dev.connectha.model.eks.NodeGroup;
import dev.connectha.model.eks.WorkloadKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RunWorkloadCommand's {@code preflightFacts}: what the EKS preflight checks, read-only, never a secret. */
class PreflightFactsTest {
  static final String GCFG = """
      ; written by the rstudio-connect chart
      [Server]
      Address = https://connect.example.com
      DataDir = /var/lib/rstudio-connect

      [Database]
      Provider = "Postgres"
      URL = "postgres://connect:S3CRET-PASSWORD@db.example:5432/connect" ; the password is a secret

      [Launcher]
      Enabled = true
      Kubernetes = true
      KubernetesNamespace = connect

      [Metrics]
      DataPath = /var/lib/connect-metrics # a pod-local emptyDir
      """;

  final List<String> calls = new ArrayList<>();
  final FakeConnectWorkloads kube = new FakeConnectWorkloads(calls);
  final FakeClusterRegistry registry = new FakeClusterRegistry(calls, eks("prod"));
  final WorkloadControl control = new WorkloadControl(registry, kube, pause -> { },
      eksCluster -> eksCluster.equals("posit") ? List.of(new NodeGroup("workers", "ACTIVE", List.of("eu-west-1a",
          "eu-west-1b"))) : List.of());
  final FakeConnectWorkloads.Workload workload = kube.workload(WHERE, WorkloadKind.DEPLOYMENT, 2, IMAGE);

  PreflightFactsTest() {
    workload.pods = new ArrayList<>(List.of(
        new ConnectPod("a", "Running", true, "ubuntu2204-2024.08.0", "n1", "eu-west-1a", "sha-1", List.of("connect-rstudio-connect-config")),
        new ConnectPod("b", "Running", true, "ubuntu2204-2024.08.0", "n2", "eu-west-1b", "sha-1", List.of("connect-rstudio-connect-config"))));
    kube.configMaps.put(FakeConnectWorkloads.key(WHERE, "connect-rstudio-connect-config"), Map.of("rstudio-connect.gcfg", GCFG));
    kube.releases.put(FakeConnectWorkloads.key(WHERE, "connect"), new HelmRelease("connect", "connect", 4, "deployed",
        "rstudio-connect", "0.7.0", "2024.08.0", Map.of("license", Map.of("key", "SECRET-KEY"))));
  }

  @Test
  void readsThePodsTheNodeGroupsAndTheCheckedSettingsButNoContent() throws Exception {
    WorkloadReport report = control.run(input("preflightFacts", null, null, null));
    EksPreflightFacts facts = report.preflight();
    assertEquals(2, facts.pods().size());
    assertEquals("sha-1", facts.pods().get(0).configChecksum());
    assertEquals(List.of("eu-west-1a", "eu-west-1b"), facts.nodeGroups().get(0).zones());
    assertEquals(new ConnectConfigFacts(true, true, null, "/var/lib/rstudio-connect", null, null, "/var/lib/connect-metrics"),
        facts.config());
    assertEquals(4, facts.helmRevision());
    assertEquals("ubuntu2204-2024.08.0", facts.imageTag());
    String output = Json.MAPPER.writeValueAsString(report);
    for (String secret : List.of("S3CRET-PASSWORD", "SECRET-KEY", "connect.example.com", "Postgres")) {
      assertFalse(output.contains(secret), () -> secret + " is in the output: " + output);
    }
    assertTrue(calls.stream().noneMatch(c -> c.startsWith("change")), calls.toString());
  }

  @Test
  void aConfigMapWithoutTheGcfgIsANamedErrorThatNamesOnlyItsKeys() {
    kube.configMaps.put(FakeConnectWorkloads.key(WHERE, "connect-rstudio-connect-config"), Map.of("other", "x=SECRET"));
    PreconditionFailedException e = assertThrows(PreconditionFailedException.class,
        () -> control.run(input("preflightFacts", null, null, null)));
    assertTrue(e.getMessage().contains("[other]"), e.getMessage());
    assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
  }

  @Test
  void anUnknownWorkloadIsANamedErrorAndNothingChanges() {
    kube.workloads.clear();
    assertThrows(WorkloadNotFoundException.class, () -> control.run(input("preflightFacts", null, null, null)));
    assertTrue(calls.stream().noneMatch(c -> c.startsWith("change")), calls.toString());
  }

  @Test
  void aWorkloadWithoutTheConnectContainerIsANamedError() {
    workload.connectContainer = false;
    assertThrows(PreconditionFailedException.class, () -> control.run(input("preflightFacts", null, null, null)));
  }

  @Test
  void anApiThatRefusesTheRoleIsANamedError() {
    kube.deny("posit");
    assertThrows(AwsCallFailedException.class, () -> control.run(input("preflightFacts", null, null, null)));
    assertTrue(calls.stream().noneMatch(c -> c.startsWith("change")), calls.toString());
  }

  @Test
  void otherActionsCarryNoPreflightFacts() {
    assertNull(control.run(input("status", null, null, null)).preflight());
  }
}
