package dev.connectha.aws.eks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.AwsCallFailedException;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.errors.WorkloadNotFoundException;
import dev.connectha.model.eks.ConnectPod;
import dev.connectha.model.eks.ConnectWorkload;
import dev.connectha.model.eks.EksWorkload;
import dev.connectha.model.eks.HelmRelease;
import dev.connectha.model.eks.WorkloadKind;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import dev.connectha.ports.ConnectWorkloads;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fabric8 adapter against fabric8's Kubernetes mock server in CRUD mode: a workload as Posit's chart makes it. */
@EnableKubernetesMockClient(crud = true, https = false)
class Fabric8ConnectWorkloadsTest {
  private static final String NS = "posit";
  private static final String IMAGE = "ghcr.io/rstudio/rstudio-connect:ubuntu2204-2024.05.0";
  private static final Map<String, String> SELECTOR =
      Map.of("app.kubernetes.io/name", "rstudio-connect", "app.kubernetes.io/instance", "connect");

  /** Instance fields: a fresh server, and so an empty cluster, for each test. */
  KubernetesMockServer server;
  KubernetesClient client;

  private final EksWorkload deployment = EksWorkload.of("connect-prod", NS, "connect-rstudio-connect");
  private final EksWorkload statefulSet = EksWorkload.of("connect-prod", NS, "connect-sts");
  private final List<String> clustersAsked = new java.util.ArrayList<>();
  private Fabric8ConnectWorkloads workloads;

  @BeforeEach
  void seedAClusterWithConnectInTwoZones() {
    workloads = new Fabric8ConnectWorkloads(cluster -> {
      clustersAsked.add(cluster);
      return client;
    });
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    node("ip-10-0-1-10", "us-east-1a");
    node("ip-10-0-2-10", "us-east-1b");
    client.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder()
        .withNewMetadata().withName("connect-rstudio-connect").endMetadata()
        .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(SELECTOR).endSelector()
        .withTemplate(template(IMAGE, "connect", "exporter")).endSpec()
        .withNewStatus().withReplicas(2).withReadyReplicas(1).endStatus()
        .build()).create();
    pod("connect-rstudio-connect-a", SELECTOR, IMAGE, "ip-10-0-1-10", true);
    pod("connect-rstudio-connect-b", SELECTOR, IMAGE, "ip-10-0-2-10", false);
    pod("someone-else", Map.of("app", "other"), "nginx:1.27", "ip-10-0-1-10", true);
  }

  @Test
  void readsADeploymentItsConnectImageTagAndItsPodsWithTheirNodeAndZone() {
    ConnectWorkload read = workloads.read(deployment);

    assertEquals(WorkloadKind.DEPLOYMENT, read.kind());
    assertEquals(2, read.replicas());
    assertEquals(1, read.readyReplicas());
    assertEquals(IMAGE, read.image());
    assertEquals("ubuntu2204-2024.05.0", read.imageTag());
    assertEquals(List.of(
        new ConnectPod("connect-rstudio-connect-a", "Running", true, "ubuntu2204-2024.05.0", "ip-10-0-1-10",
            "us-east-1a"),
        new ConnectPod("connect-rstudio-connect-b", "Running", false, "ubuntu2204-2024.05.0", "ip-10-0-2-10",
            "us-east-1b")), read.pods(), "only the pods its selector matches");
    assertEquals(List.of("connect-prod"), clustersAsked, "the API of the EKS cluster the workload names");
  }

  @Test
  void readsTheConfigurationEachPodStartedOnItsConfigMapsAndTheChartsChecksum() {
    client.pods().inNamespace(NS).withName("connect-rstudio-connect-a").edit(p -> {
      p.getMetadata().setAnnotations(Map.of(ConnectPod.CONFIG_CHECKSUM, "abc123"));
      p.getSpec().setVolumes(List.of(
          new VolumeBuilder().withName("config").withNewConfigMap().withName("connect-config").endConfigMap().build(),
          new VolumeBuilder().withName("data").withNewEmptyDir().endEmptyDir().build(),
          new VolumeBuilder().withName("also").withNewConfigMap().withName("another-config").endConfigMap().build()));
      return p;
    });

    ConnectPod pod = workloads.read(deployment).pods().get(0);

    assertEquals("abc123", pod.configChecksum());
    assertEquals(List.of("another-config", "connect-config"), pod.configMaps());
  }

  @Test
  void readsAStatefulSetBeforeADeploymentOfTheSameName() {
    Map<String, String> labels = Map.of("app", "connect-sts");
    client.apps().statefulSets().inNamespace(NS).resource(new StatefulSetBuilder()
        .withNewMetadata().withName("connect-sts").endMetadata()
        .withNewSpec().withReplicas(3).withServiceName("connect").withNewSelector().withMatchLabels(labels).endSelector()
        .withTemplate(template("registry.example.com:5000/posit/connect:2024.06.0", "connect")).endSpec()
        .withNewStatus().withReplicas(3).withReadyReplicas(3).endStatus()
        .build()).create();
    pod("connect-sts-0", labels, "registry.example.com:5000/posit/connect:2024.06.0", null, false);

    ConnectWorkload read = workloads.read(statefulSet);

    assertEquals(WorkloadKind.STATEFUL_SET, read.kind());
    assertEquals(3, read.replicas());
    assertEquals(3, read.readyReplicas());
    assertEquals("2024.06.0", read.imageTag(), "a registry's port is not a tag");
    ConnectPod pending = read.pods().get(0);
    assertNull(pending.node());
    assertNull(pending.zone());
  }

  @Test
  void aPodWatchEndsAPauseAsSoonAsOneOfTheWorkloadsPodsChangesAndNotForOtherPods() throws InterruptedException {
    try (ConnectWorkloads.PodChanges changes = workloads.watchPods(deployment)) {
      Thread.sleep(500); // a watch starts with an ADDED event for each pod there
      changes.await(Duration.ZERO);
      pod("someone-else-2", Map.of("app", "other"), "nginx:1.27", "ip-10-0-1-10", true);
      long quiet = System.nanoTime();
      changes.await(Duration.ofMillis(500));
      assertTrue(Duration.ofNanos(System.nanoTime() - quiet).toMillis() >= 450, "another app's pod: the whole pause");

      client.pods().inNamespace(NS).withName("connect-rstudio-connect-b").delete();
      long woken = System.nanoTime();
      changes.await(Duration.ofSeconds(20));
      assertTrue(Duration.ofNanos(System.nanoTime() - woken).toSeconds() < 10, "a Connect pod went: woken at once");
    }
  }

  @Test
  void scalesTheWorkloadToZeroAndBack() {
    workloads.scale(deployment, 0);
    assertEquals(0, client.apps().deployments().inNamespace(NS).withName(deployment.name()).get().getSpec()
        .getReplicas());

    workloads.scale(deployment, 3);
    assertEquals(3, workloads.read(deployment).replicas());
  }

  @Test
  void scalesAStatefulSet() {
    client.apps().statefulSets().inNamespace(NS).resource(new StatefulSetBuilder()
        .withNewMetadata().withName("connect-sts").endMetadata()
        .withNewSpec().withReplicas(2).withServiceName("connect").withNewSelector().withMatchLabels(SELECTOR)
        .endSelector().withTemplate(template(IMAGE, "connect")).endSpec().build()).create();

    workloads.scale(statefulSet, 1);

    assertEquals(1, client.apps().statefulSets().inNamespace(NS).withName("connect-sts").get().getSpec().getReplicas());
    assertEquals(2, client.apps().deployments().inNamespace(NS).withName(deployment.name()).get().getSpec()
        .getReplicas(), "the Deployment is another workload");
  }

  @Test
  void setsTheConnectContainersTagAndLeavesTheOtherContainersAlone() {
    workloads.setImageTag(deployment, "ubuntu2204-2024.06.0");

    List<Container> containers = client.apps().deployments().inNamespace(NS).withName(deployment.name()).get()
        .getSpec().getTemplate().getSpec().getContainers();
    assertEquals("ghcr.io/rstudio/rstudio-connect:ubuntu2204-2024.06.0", containers.get(0).getImage());
    assertEquals("prom/graphite-exporter:v0.15.0", containers.get(1).getImage());
    assertEquals(2, workloads.read(deployment).replicas(), "the replicas are left as they were");
  }

  @Test
  void aNewTagReplacesADigestThatWouldPinTheOldImage() {
    client.apps().statefulSets().inNamespace(NS).resource(new StatefulSetBuilder()
        .withNewMetadata().withName("connect-sts").endMetadata()
        .withNewSpec().withReplicas(1).withServiceName("connect").withNewSelector().withMatchLabels(SELECTOR)
        .endSelector().withTemplate(template(IMAGE + "@sha256:" + "a".repeat(64), "connect")).endSpec().build())
        .create();

    workloads.setImageTag(statefulSet, "ubuntu2204-2024.06.0");

    assertEquals("ghcr.io/rstudio/rstudio-connect:ubuntu2204-2024.06.0", client.apps().statefulSets().inNamespace(NS)
        .withName("connect-sts").get().getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
  }

  @Test
  void aTagThatIsNotATagIsInvalidInputAndChangesNothing() {
    assertThrows(InvalidInputException.class, () -> workloads.setImageTag(deployment, "2024.06.0; rm -rf"));
    assertThrows(InvalidInputException.class, () -> workloads.scale(deployment, -1));

    assertEquals(IMAGE, workloads.read(deployment).image());
    assertEquals(2, workloads.read(deployment).replicas());
  }

  @Test
  void readsTheConnectConfigMap() {
    client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder()
        .withNewMetadata().withName("connect-rstudio-connect-config").endMetadata()
        .withData(Map.of("rstudio-connect.gcfg", "[Server]\nAddress = https://connect.example.com\n"))
        .build()).create();

    assertEquals(Map.of("rstudio-connect.gcfg", "[Server]\nAddress = https://connect.example.com\n"),
        workloads.configMap(deployment, "connect-rstudio-connect-config"));
  }

  @Test
  void readsTheValuesOfTheHelmReleasesDeployedRevision() {
    client.secrets().inNamespace(NS).resource(HelmReleaseSecrets.secret("connect", NS, 1, "superseded",
        "{\"replicas\":1}")).create();
    client.secrets().inNamespace(NS).resource(HelmReleaseSecrets.secret("connect", NS, 2, "deployed",
        "{\"replicas\":2,\"image\":{\"tag\":\"ubuntu2204-2024.05.0\"}}")).create();
    client.secrets().inNamespace(NS).resource(HelmReleaseSecrets.secret("other", NS, 7, "deployed",
        "{\"replicas\":9}")).create();
    client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("connect-license")
        .withLabels(Map.of("owner", "helm", "name", "connect", "status", "deployed", "version", "9")).endMetadata()
        .withType("Opaque").withData(Map.of("license.lic", "bGljZW5zZQ==")).build()).create();

    HelmRelease release = workloads.helmRelease(deployment, "connect");

    assertEquals("connect", release.name());
    assertEquals(2, release.revision());
    assertEquals("deployed", release.status());
    assertEquals("rstudio-connect", release.chart());
    assertEquals(Map.of("replicas", 2, "image", Map.of("tag", "ubuntu2204-2024.05.0")), release.values());
  }

  @Test
  void anUnknownNamespaceIsNamedAndNothingIsScaled() {
    EksWorkload elsewhere = EksWorkload.of("connect-prod", "nowhere", "connect-rstudio-connect");

    WorkloadNotFoundException e = assertThrows(WorkloadNotFoundException.class, () -> workloads.scale(elsewhere, 0));

    assertTrue(e.getMessage().contains("no namespace nowhere"), e.getMessage());
    assertEquals(2, workloads.read(deployment).replicas());
  }

  @Test
  void anUnknownWorkloadIsNamed() {
    EksWorkload missing = EksWorkload.of("connect-prod", NS, "connect-typo");

    WorkloadNotFoundException e = assertThrows(WorkloadNotFoundException.class, () -> workloads.read(missing));

    assertTrue(e.getMessage().contains("no StatefulSet or Deployment named connect-typo in namespace posit"),
        e.getMessage());
    assertThrows(WorkloadNotFoundException.class, () -> workloads.setImageTag(missing, "2024.06.0"));
  }

  @Test
  void aMissingConfigMapOrHelmReleaseIsNamed() {
    assertThrows(WorkloadNotFoundException.class, () -> workloads.configMap(deployment, "connect-typo-config"));
    WorkloadNotFoundException e = assertThrows(WorkloadNotFoundException.class,
        () -> workloads.helmRelease(deployment, "connect"));
    assertTrue(e.getMessage().contains("no deployed revision of Helm release connect"), e.getMessage());
  }

  @Test
  void aWorkloadWithoutTheConnectContainerIsAPreconditionAndNothingIsScaledOrRetagged() {
    client.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder()
        .withNewMetadata().withName("not-connect").endMetadata()
        .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(Map.of("app", "other")).endSelector()
        .withTemplate(template("nginx:1.27", "web")).endSpec().build()).create();
    EksWorkload wrong = EksWorkload.of("connect-prod", NS, "not-connect");

    PreconditionFailedException e = assertThrows(PreconditionFailedException.class, () -> workloads.scale(wrong, 0));
    assertThrows(PreconditionFailedException.class, () -> workloads.setImageTag(wrong, "1.28"));
    assertThrows(PreconditionFailedException.class, () -> workloads.read(wrong));

    assertTrue(e.getMessage().contains("no container named connect"), e.getMessage());
    var after = client.apps().deployments().inNamespace(NS).withName("not-connect").get().getSpec();
    assertEquals(2, after.getReplicas());
    assertEquals("nginx:1.27", after.getTemplate().getSpec().getContainers().get(0).getImage());
  }

  @Test
  void noAccessToTheApiIsANamedErrorThatPointsAtTheAccessEntry() {
    server.expect().get().withPath("/apis/apps/v1/namespaces/posit/statefulsets/connect-rstudio-connect")
        .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden")
            .withMessage("statefulsets.apps is forbidden: User \"arn:aws:sts::1:assumed-role/connect-ha\" cannot get")
            .build()).always();
    server.expect().get().withPath("/api/v1/namespaces/posit/configmaps/connect-rstudio-connect-config")
        .andReturn(401, new StatusBuilder().withCode(401).withReason("Unauthorized").build()).always();

    AwsCallFailedException forbidden = assertThrows(AwsCallFailedException.class, () -> workloads.scale(deployment, 0));
    assertThrows(AwsCallFailedException.class,
        () -> workloads.configMap(deployment, "connect-rstudio-connect-config"));

    assertTrue(forbidden.getMessage().contains("403") && forbidden.getMessage().contains("EKS access entry"),
        forbidden.getMessage());
    assertFalse(forbidden.retryable());
    assertEquals(2, client.apps().deployments().inNamespace(NS).withName(deployment.name()).get().getSpec()
        .getReplicas(), "nothing scaled");
  }

  private static PodTemplateSpec template(String connectImage, String... containers) {
    return new PodTemplateSpecBuilder().withNewMetadata().withLabels(SELECTOR).endMetadata()
        .withNewSpec().withContainers(java.util.Arrays.stream(containers).map(name -> new ContainerBuilder()
            .withName(name).withImage(name.equals("exporter") ? "prom/graphite-exporter:v0.15.0"
                : name.equals("connect") ? connectImage : connectImage).build()).toList())
        .endSpec().build();
  }

  private void node(String name, String zone) {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name)
        .withLabels(Map.of(Fabric8ConnectWorkloads.ZONE_LABEL, zone)).endMetadata().build()).create();
  }

  private void pod(String name, Map<String, String> labels, String image, String node, boolean ready) {
    client.pods().inNamespace(NS).resource(new PodBuilder()
        .withNewMetadata().withName(name).withLabels(labels).endMetadata()
        .withNewSpec().withNodeName(node).addNewContainer().withName("connect").withImage(image).endContainer()
        .endSpec()
        .withNewStatus().withPhase(node == null ? "Pending" : "Running")
        .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus()
        .build()).create();
  }
}
