package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.aws.AwsModule;
import dev.connectha.aws.EksModule;
import dev.connectha.aws.SsmClusterRegistry;
import dev.connectha.aws.eks.EksKubernetesApis;
import dev.connectha.aws.eks.Fabric8ConnectWorkloads;
import dev.connectha.config.Config;
import dev.connectha.errors.AwsCallFailedException;
import dev.connectha.localcloud.twin.ConnectSchema;
import dev.connectha.localcloud.twin.KubernetesTwin;
import dev.connectha.localcloud.twin.Twin;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.Topology;
import dev.connectha.model.eks.ConnectPod;
import dev.connectha.model.eks.ConnectWorkload;
import dev.connectha.model.eks.EksWorkload;
import dev.connectha.model.eks.HelmRelease;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Cluster;

/**
 * The local cloud's Connect on EKS, driven by the control plane's own EKS adapter
 * ({@link EksKubernetesApis} + {@link Fabric8ConnectWorkloads}), built as a function builds it on the
 * local cloud (its SDK clients pointed at the gateway, the test credentials): DescribeCluster through
 * the gateway leads it to the local Kubernetes API, where the twin's pod simulator makes pods live.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesTwinIT {
  private static final String CLUSTER = "kube";
  private static final String SEEDED_TAG = "ubuntu2204-2024.08.0";
  private static final String NEWER_TAG = "ubuntu2204-2024.10.0";
  private static final String OLDER_TAG = "ubuntu2204-2024.06.0";
  private static final Duration BOUND = Duration.ofSeconds(15);

  private final LocalCloud cloud;
  private final SdkHttpClient http = UrlConnectionHttpClient.create();
  private Config config;
  private EksClient eks;
  private Fabric8ConnectWorkloads workloads;
  private ClusterDocument document;
  private EksWorkload workload;

  KubernetesTwinIT(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @BeforeAll
  void deployTheControlPlane() {
    cloud.reset(Twin.Spec.defaults());
    // what a function gets on the local cloud: its SDK clients on the gateway, the test credentials
    config = Config.from(Map.of("AWS_REGION", LocalCloud.REGION, "AWS_ENDPOINT_URL", cloud.gateway().endpoint().toString(),
        "AWS_ACCESS_KEY_ID", AwsClients.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", AwsClients.SECRET_KEY,
        "CLUSTER_PARAMETER_PREFIX", KubernetesTwin.CLUSTER_PREFIX));
    AwsCredentialsProvider credentials = AwsModule.credentials(config);
    eks = EksModule.eks(config, http, credentials);
    workloads = new Fabric8ConnectWorkloads(new EksKubernetesApis(eks, credentials, config, Clock.systemUTC()));
  }

  @BeforeEach
  void seedAnEksClusterWithTwoReadyPods() {
    KubernetesTwin kubernetes = cloud.kubernetes();
    kubernetes.clearFaults();
    kubernetes.readyAfter(Duration.ofMillis(600));
    kubernetes.terminationDelay(Duration.ofMillis(200));
    kubernetes.schemaCheckWithin(Duration.ofSeconds(1));
    document = kubernetes.seed(CLUSTER, 2);
    workload = document.eks().eksWorkload();
  }

  @AfterAll
  void closeTheClients() {
    eks.close();
    http.close();
  }

  @Test
  void registersAnEksClusterDocumentTheControlPlaneReads() {
    ClusterDocument registered = new SsmClusterRegistry(cloud.clients().ssm, config).load(CLUSTER);

    assertEquals(Topology.EKS, registered.topology());
    assertEquals(document, registered);
    assertEquals(new EksWorkload(CLUSTER, "connect", "connect-rstudio-connect", "connect"), registered.eks().eksWorkload());
    assertEquals("connect", registered.eks().helmRelease());
    assertEquals("connect-rstudio-connect-config", registered.eks().configMap());
    assertEquals(ConnectVersion.parse("2024.08.0"), registered.connectVersion());
    assertEquals(3, registered.subnetsByAz().size(), "a subnet per worker zone");
    assertEquals(3, cloud.clients().efs.describeMountTargets(b -> b.fileSystemId(registered.fileSystemId()))
        .mountTargets().size(), "an EFS mount target per zone");
    var db = cloud.clients().rds.describeDBInstances(b -> b.dbInstanceIdentifier(registered.dbInstanceId()))
        .dbInstances().get(0);
    assertTrue(db.multiAZ() && db.engineVersion().startsWith("15"), "RDS PostgreSQL 15, Multi-AZ");
    assertTrue(cloud.clients().secretsManager.getSecretValue(b -> b.secretId(registered.dbPasswordSecretId()))
        .secretString().length() > 0);
    Map<String, String> tg = cloud.clients().elb.describeTargetGroupAttributes(b -> b.targetGroupArn(
        registered.targetGroupArn())).attributes().stream().collect(Collectors.toMap(a -> a.key(), a -> a.value()));
    assertEquals("true", tg.get("stickiness.enabled"));
  }

  @Test
  void describeClusterThroughTheGatewayGivesTheLocalApiWhereMotoGivesAMadeUpOne() {
    Cluster described = eks.describeCluster(b -> b.name(CLUSTER)).cluster();

    assertFalse(described.endpoint().contains("eks.amazonaws.com"), "moto's made-up endpoint: " + described.endpoint());

    assertEquals(cloud.kubernetes().endpoint(CLUSTER), described.endpoint());
    assertTrue(described.endpoint().startsWith("https://localhost:"), described.endpoint());
    assertEquals("ACTIVE", described.statusAsString());
    assertTrue(new String(java.util.Base64.getDecoder().decode(described.certificateAuthority().data()))
        .startsWith("-----BEGIN CERTIFICATE-----"));
  }

  @Test
  void readsTheSeededWorkloadItsTagAndItsReadyPodsSpreadOverZones() {
    ConnectWorkload read = workloads.read(workload);

    assertEquals(2, read.replicas());
    assertEquals(2, read.readyReplicas());
    assertEquals(SEEDED_TAG, read.imageTag());
    assertEquals("ghcr.io/rstudio/rstudio-connect:" + SEEDED_TAG, read.image());
    assertEquals(2, read.pods().size());
    assertTrue(read.pods().stream().allMatch(p -> p.ready() && "Running".equals(p.phase()) && SEEDED_TAG.equals(p.imageTag())),
        read.pods().toString());
    assertEquals(2, read.pods().stream().map(ConnectPod::zone).distinct().count(), "one pod per zone: " + read.pods());
    assertTrue(read.pods().stream().allMatch(p -> KubernetesTwin.ZONES.contains(p.zone())));
    Map<String, String> targets = cloud.twin().targetStates(document.targetGroupArn());
    assertEquals(2, targets.size(), "the ready pods' IPs, as the AWS Load Balancer Controller registers them: " + targets);
    assertTrue(targets.values().stream().allMatch("healthy"::equals), targets.toString());
  }

  @Test
  void everyRequestOfTheAdapterCarriesAnEksToken() {
    workloads.read(workload);

    List<KubernetesTwin.ApiRequest> requests = cloud.kubernetes().apiRequests(CLUSTER);
    assertFalse(requests.isEmpty());
    assertTrue(requests.stream().allMatch(r -> r.authorization() != null
        && r.authorization().startsWith("Bearer k8s-aws-v1.")), requests.toString());
  }

  @Test
  void scalingToZeroLeavesNoPodWithinTheTerminationDelay() {
    workloads.scale(workload, 0);

    ConnectWorkload gone = Await.until("no Connect pod", BOUND, () -> {
      ConnectWorkload w = workloads.read(workload);
      return w.pods().isEmpty() ? w : null;
    });
    assertEquals(0, gone.replicas());
    assertEquals(0, gone.readyReplicas());
    assertEquals(Map.of(), cloud.twin().targetStates(document.targetGroupArn()), "no target left");
    assertEquals(List.of(), cloud.kubernetes().upgradeViolations());
  }

  @Test
  void aNewerTagAtOneReplicaBecomesReadyAndMigratesTheSchema() {
    scaleToZeroAndWait();
    Instant stopped = Instant.now();

    workloads.setImageTag(workload, NEWER_TAG);
    workloads.scale(workload, 1);

    ConnectWorkload up = awaitReady(1);
    assertEquals(NEWER_TAG, up.pods().get(0).imageTag());
    ConnectSchema schema = cloud.kubernetes().schema(CLUSTER);
    assertEquals(ConnectVersion.parse("2024.10.0"), schema.version());
    assertEquals(up.pods().get(0).name(), schema.lastMigration().orElseThrow().instanceId());
    assertEquals(List.of(), cloud.twin().upgradeViolations());
    List<KubernetesTwin.PodStart> after = cloud.kubernetes().podStarts().stream()
        .filter(s -> s.at().isAfter(stopped)).toList();
    assertEquals(List.of(NEWER_TAG), after.stream().map(KubernetesTwin.PodStart::tag).toList());

    workloads.scale(workload, 2);
    ConnectWorkload out = awaitReady(2);
    assertTrue(out.pods().stream().allMatch(p -> NEWER_TAG.equals(p.imageTag())));
    assertEquals(2, out.pods().stream().map(ConnectPod::zone).distinct().count(), "spread again: " + out.pods());
  }

  @Test
  void anOlderTagAfterTheMigrationNeverBecomesReadyAndIsAViolation() {
    scaleToZeroAndWait();
    workloads.setImageTag(workload, NEWER_TAG);
    workloads.scale(workload, 1);
    awaitReady(1);
    scaleToZeroAndWait();

    workloads.setImageTag(workload, OLDER_TAG);
    workloads.scale(workload, 1);

    Pod crashing = Await.until("the old pod refused by the schema", BOUND, () -> pods().stream()
        .filter(p -> waitingReason(p).filter("CrashLoopBackOff"::equals).isPresent()).findFirst().orElse(null));
    assertEquals("Running", crashing.getStatus().getPhase());
    assertFalse(workloads.read(workload).pods().get(0).ready());
    assertEquals(0, workloads.read(workload).readyReplicas());
    List<String> violations = cloud.twin().upgradeViolations();
    assertEquals(1, violations.size(), violations.toString());
    assertTrue(violations.get(0).contains(crashing.getMetadata().getName()) && violations.get(0).contains("2024.06.0"),
        violations.toString());
    assertEquals(violations, cloud.kubernetes().upgradeViolations());
  }

  @Test
  void aRunningOldPodShutsDownWhenTheSchemaMigrates() {
    workloads.setImageTag(workload, NEWER_TAG); // Helm's rolling update: a new pod beside the old ones

    ConnectSchema schema = cloud.kubernetes().schema(CLUSTER);
    ConnectSchema.ServiceEvent shutdown = Await.until("an old pod's Connect shut down", BOUND, () -> schema.events()
        .stream().filter(e -> e.kind() == ConnectSchema.Kind.SHUTDOWN).findFirst().orElse(null));
    assertEquals(ConnectVersion.parse("2024.08.0"), shutdown.version());
    Instant migrated = schema.lastMigration().orElseThrow().at();
    assertFalse(shutdown.at().isAfter(migrated.plus(Duration.ofSeconds(1))), "within schemaCheckWithin of the migration");
  }

  @Test
  void aFailedImagePullKeepsThePodPendingUntilTheFaultClears() {
    scaleToZeroAndWait();
    cloud.kubernetes().failImagePull(NEWER_TAG);

    workloads.setImageTag(workload, NEWER_TAG);
    workloads.scale(workload, 1);

    Pod backingOff = Await.until("ImagePullBackOff", BOUND, () -> pods().stream()
        .filter(p -> waitingReason(p).filter("ImagePullBackOff"::equals).isPresent()).findFirst().orElse(null));
    assertEquals("Pending", backingOff.getStatus().getPhase());
    assertEquals(ConnectVersion.parse("2024.08.0"), cloud.kubernetes().schema(CLUSTER).version(), "no Connect started");
    assertTrue(cloud.kubernetes().podStarts().stream().noneMatch(s -> s.tag().equals(NEWER_TAG)));

    cloud.kubernetes().clearFaults();
    assertEquals(NEWER_TAG, awaitReady(1).pods().get(0).imageTag());
  }

  @Test
  void aNeverReadyTagRunsAndNeverTurnsReady() {
    scaleToZeroAndWait();
    cloud.kubernetes().neverReady(NEWER_TAG);

    workloads.setImageTag(workload, NEWER_TAG);
    workloads.scale(workload, 1);

    ConnectPod running = Await.until("the pod running", BOUND, () -> workloads.read(workload).pods().stream()
        .filter(p -> "Running".equals(p.phase())).findFirst().orElse(null));
    Instant readyBy = Instant.now().plus(Duration.ofSeconds(2));
    while (Instant.now().isBefore(readyBy)) { // three ready delays and more: it stays not ready
      assertFalse(workloads.read(workload).pods().stream().anyMatch(ConnectPod::ready));
      LocalCloud.pause(Duration.ofMillis(200));
    }
    assertEquals(NEWER_TAG, running.imageTag());
    assertEquals(ConnectVersion.parse("2024.08.0"), cloud.kubernetes().schema(CLUSTER).version());
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {401, 403})
  void anApiThatRefusesTheRoleIsANamedErrorAndNothingIsScaled(int status) {
    cloud.kubernetes().denyAccess(CLUSTER, status);

    AwsCallFailedException e = assertThrows(AwsCallFailedException.class, () -> workloads.scale(workload, 0));

    assertTrue(e.getMessage().contains("HTTP " + status) && e.getMessage().contains("access entry"), e.getMessage());
    assertEquals(2, cloud.kubernetes().client(CLUSTER).apps().deployments().inNamespace("connect")
        .withName(workload.name()).get().getSpec().getReplicas(), "nothing scaled");
    cloud.kubernetes().clearFaults();
    assertEquals(2, workloads.read(workload).readyReplicas(), "let in again");
  }

  @Test
  void theConfigMapAndTheHelmValuesReadBack() {
    Map<String, String> config = workloads.configMap(workload, document.eks().configMap());
    HelmRelease release = workloads.helmRelease(workload, document.eks().helmRelease());

    String gcfg = config.get("rstudio-connect.gcfg");
    assertTrue(gcfg.contains("[Launcher]\nEnabled = true\nKubernetes = true"), gcfg);
    assertTrue(gcfg.contains("DataDir = \"/var/lib/rstudio-connect\""), gcfg);
    assertEquals("connect", release.name());
    assertEquals("connect", release.namespace());
    assertEquals(1, release.revision());
    assertEquals("deployed", release.status());
    assertEquals("rstudio-connect", release.chart());
    assertEquals("2024.08.0", release.appVersion());
    assertEquals(2, release.values().get("replicas"));
    @SuppressWarnings("unchecked")
    Map<String, Object> launcher = (Map<String, Object>) release.values().get("launcher");
    assertEquals(true, launcher.get("enabled"));
    @SuppressWarnings("unchecked")
    Map<String, Object> image = (Map<String, Object>) release.values().get("image");
    assertEquals(SEEDED_TAG, image.get("tag"));
  }

  @Test
  void anOldPodNeverStartsAfterTheFirstNewOneWhenScaledToZeroFirst() {
    scaleToZeroAndWait();
    workloads.setImageTag(workload, NEWER_TAG);
    workloads.scale(workload, 2);
    awaitReady(2);

    List<KubernetesTwin.PodStart> starts = cloud.kubernetes().podStarts();
    Instant firstNew = starts.stream().filter(s -> s.tag().equals(NEWER_TAG)).map(KubernetesTwin.PodStart::at)
        .min(Instant::compareTo).orElseThrow();
    assertTrue(starts.stream().noneMatch(s -> s.tag().equals(SEEDED_TAG) && s.at().isAfter(firstNew)), starts.toString());
    assertEquals(List.of(), cloud.twin().upgradeViolations());
  }

  // ---- helpers ------------------------------------------------------------------------------------

  private void scaleToZeroAndWait() {
    workloads.scale(workload, 0);
    Await.until("every Connect pod gone", BOUND, () -> workloads.read(workload).pods().isEmpty() ? true : null);
  }

  private ConnectWorkload awaitReady(int replicas) {
    return Await.until(replicas + " ready pod(s)", BOUND, () -> {
      ConnectWorkload w = workloads.read(workload);
      return w.readyReplicas() == replicas && w.pods().size() == replicas && w.pods().stream().allMatch(ConnectPod::ready)
          ? w : null;
    });
  }

  private List<Pod> pods() {
    return cloud.kubernetes().client(CLUSTER).pods().inNamespace("connect").list().getItems();
  }

  private static Optional<String> waitingReason(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getContainerStatuses().stream().map(ContainerStatus::getState)
        .filter(s -> s != null && s.getWaiting() != null).map(s -> s.getWaiting().getReason()).findFirst();
  }
}
