package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectha.aws.DynamoDbBackupSets;
import dev.connectha.aws.DynamoDbClusterLocks;
import dev.connectha.aws.DynamoDbKeptConfigurations;
import dev.connectha.cli.Cloud;
import dev.connectha.cli.ConnectHa;
import dev.connectha.config.Config;
import dev.connectha.errors.ErrorNames;
import dev.connectha.json.Json;
import dev.connectha.localcloud.twin.KubernetesTwin;
import dev.connectha.localcloud.twin.Twin;
import dev.connectha.model.BackupSet;
import dev.connectha.model.BackupStatus;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.EksPlacement;
import dev.connectha.model.backup.ConfigurationContent;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * statemachines/backup.asl.json and restore.asl.json on an eks cluster of the local cloud (the
 * KubernetesTwin's fabric8 mock server and pod simulator): the cold backup scales the workload to 0
 * and back to exactly its replicas, every set keeps the Helm values and the ConfigMap (content beside
 * the record, digests in the state), the restore drill returns them by digest, and the licence key in
 * the values is nowhere a workflow leaves text.
 */
@ExtendWith(LocalCloudExtension.class)
class EksBackupIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final String CLUSTER = "posit";
  private static final String RETENTION = "\"retention\":{\"keepLast\":3,\"keepDaily\":0,\"keepWeekly\":0,\"keepMonthly\":0}";
  private static final String LICENCE_KEY = "LICENCE-KEY-eks-5c2a-SECRET";
  private static final String DB_PASSWORD = "PG-PASSWORD-eks-91d0-SECRET";
  /** What the workload serves with: not the document's desiredNodes (3), so that "exactly the previous count" shows. */
  private static final int SERVING = 2;

  private final LocalCloud cloud;
  private final Functions functions;
  private KubernetesTwin kubernetes;
  private KubernetesClient k8s;
  private ClusterDocument document;
  private DynamoDbBackupSets sets;
  private DynamoDbKeptConfigurations kept;
  private DynamoDbClusterLocks locks;

  EksBackupIT(LocalCloud cloud) {
    this.cloud = cloud;
    this.functions = new Functions(cloud);
  }

  /** GIVEN an eks cluster of 3 desired replicas serving with 2 ready pods, a licence key in its Helm values and a password in its gcfg. */
  @BeforeEach
  void anEksClusterWithSecretsInItsConfiguration() throws IOException {
    cloud.reset(Twin.Spec.defaults());
    kubernetes = cloud.kubernetes();
    kubernetes.clearFaults();
    kubernetes.readyAfter(Duration.ofMillis(400));
    kubernetes.terminationDelay(Duration.ofMillis(200));
    document = kubernetes.seed(CLUSTER, 3);
    k8s = kubernetes.client(CLUSTER);
    scaleBehindTheControlPlanesBack(SERVING);
    plantSecrets();
    Config config = Config.from(cloud.environmentOf("StartBackupSetFunction"));
    RealAdapters adapters = new RealAdapters(config);
    sets = adapters.backupSets(null);
    locks = adapters.clusterLocks(Clock.systemUTC());
    kept = new DynamoDbKeptConfigurations(cloud.clients().dynamodb, config);
    cloud.notifications();
  }

  private void scaleBehindTheControlPlanesBack(int replicas) {
    k8s.apps().deployments().inNamespace(KubernetesTwin.NAMESPACE).withName(document.eks().workload()).scale(replicas);
    Await.until(replicas + " ready pods", Duration.ofSeconds(20),
        () -> readyPods() == replicas && pods() == replicas ? true : null);
  }

  /** A licence key in the Helm release's values (Helm's own record: gzip, base64, in a Secret) and a password in the gcfg. */
  private void plantSecrets() throws IOException {
    var secrets = k8s.secrets().inNamespace(KubernetesTwin.NAMESPACE);
    Secret release = secrets.withName("sh.helm.release.v1." + KubernetesTwin.RELEASE + ".v1").get();
    String helm = new String(Base64.getDecoder().decode(release.getData().get("release")), StandardCharsets.US_ASCII);
    ObjectNode json;
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(helm)))) {
      json = (ObjectNode) Json.MAPPER.readTree(in.readAllBytes());
    }
    ((ObjectNode) json.get("config")).putObject("license").put("key", LICENCE_KEY);
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(zipped)) {
      out.write(json.toString().getBytes(StandardCharsets.UTF_8));
    }
    String encoded = Base64.getEncoder().encodeToString(zipped.toByteArray());
    release.setData(new HashMap<>(Map.of("release",
        Base64.getEncoder().encodeToString(encoded.getBytes(StandardCharsets.US_ASCII)))));
    secrets.resource(release).update();
    var configMaps = k8s.configMaps().inNamespace(KubernetesTwin.NAMESPACE);
    ConfigMap config = configMaps.withName(document.eks().configMap()).get();
    Map<String, String> data = new HashMap<>(config.getData());
    data.replaceAll((key, gcfg) -> gcfg + "\n[Postgres]\nPassword = \"" + DB_PASSWORD + "\"\n");
    config.setData(data);
    configMaps.resource(config).update();
  }

  private Deployment deployment() {
    return k8s.apps().deployments().inNamespace(KubernetesTwin.NAMESPACE).withName(document.eks().workload()).get();
  }

  private int pods() {
    return k8s.pods().inNamespace(KubernetesTwin.NAMESPACE).list().getItems().size();
  }

  private long readyPods() {
    return k8s.pods().inNamespace(KubernetesTwin.NAMESPACE).list().getItems().stream()
        .filter(p -> p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")))
        .count();
  }

  private LocalCloud.Execution backup(String mode) {
    return cloud.run("BackupStateMachine", "{\"cluster\":\"" + CLUSTER + "\",\"mode\":\"" + mode + "\",\"pollSeconds\":1,"
        + RETENTION + "}", "backup-" + CLUSTER + "-" + UUID.randomUUID(), TIMEOUT);
  }

  private static List<String> statesEntered(LocalCloud.Execution run) {
    return run.history().stream().filter(e -> e.stateEnteredEventDetails() != null)
        .map(e -> e.stateEnteredEventDetails().name()).toList();
  }

  /** The digest RunWorkloadCommand's configuration action reports for the live release. */
  private String liveValuesDigest() {
    return functions.run("RunWorkloadCommandFunction", "{\"cluster\":\"" + CLUSTER + "\",\"action\":\"configuration\"}")
        .path("configuration").path("valuesDigest").asText();
  }

  /** THEN the workload serves with exactly {@value #SERVING} ready pods again, and the lock is free. */
  private void assertTheWorkloadServesAsBeforeAndTheLockIsFree() {
    Await.until("the workload back at " + SERVING + " ready pods", Duration.ofSeconds(10),
        () -> readyPods() == SERVING && pods() == SERVING ? true : null);
    assertEquals(SERVING, deployment().getSpec().getReplicas());
    assertTrue(locks.holder(CLUSTER).isEmpty(), () -> "lock still held: " + locks.holder(CLUSTER));
  }

  private BackupSet onlySet() {
    List<BackupSet> all = sets.list(CLUSTER);
    assertEquals(1, all.size(), all.toString());
    return all.get(0);
  }

  @Test
  void aColdBackupScalesToZeroKeepsTheValuesAndConfigMapAndScalesBackToExactlyThePreviousCount() {
    String digest = liveValuesDigest();

    LocalCloud.Execution run = backup("cold");

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause() + " " + run.lastStates(10));
    List<String> states = statesEntered(run);
    BackupSet set = onlySet();
    ConfigurationContent content = ConfigurationContent.fromStored(kept.content(CLUSTER, set.setId()).orElseThrow());
    assertAll(
        () -> assertTrue(states.indexOf("ScaleWorkloadToZero") < states.indexOf("StartBackupSet"), states.toString()),
        () -> assertTrue(states.indexOf("StartBackupSet") < states.indexOf("KeepConfiguration"), states.toString()),
        () -> assertTrue(states.indexOf("CompleteBackupSet") < states.indexOf("ScaleWorkloadBack"), states.toString()),
        () -> assertTrue(states.indexOf("ScaleWorkloadBack") < states.indexOf("ReleaseLock"), states.toString()),
        () -> assertFalse(states.contains("FindRunningNodes"), "an eks backup looks for no EC2 node"),
        () -> assertFalse(cloud.gateway().callCounts().containsKey("ssm:SendCommand"), "no command to any node"),
        () -> assertEquals(List.of(0), run.history().stream().filter(e -> e.stateExitedEventDetails() != null
            && e.stateExitedEventDetails().name().equals("ScaleWorkloadToZero"))
            .map(e -> Functions.json(e.stateExitedEventDetails().output()).path("scaledDown").path("pods").asInt()).toList(),
            "no pod was left when the set was started"),
        () -> assertEquals(BackupStatus.COMPLETE, set.status()),
        () -> assertNotNull(set.configuration(), "the set's record says it keeps the configuration"),
        () -> assertEquals(digest, set.configuration().valuesDigest()),
        () -> assertEquals(digest, run.output().path("configuration").path("valuesDigest").asText()),
        () -> assertEquals(List.of(ConnectChartFile.NAME), set.configuration().configKeys()),
        () -> assertEquals(Map.of("key", LICENCE_KEY), content.release().values().get("license"),
            "the content itself is stored beside the set"),
        () -> assertTrue(content.data().get(ConnectChartFile.NAME).contains(DB_PASSWORD)),
        () -> assertTrue(cloud.notifications().get(0).contains("Config:    Helm release connect"),
            "the summary names what the set keeps"));
    assertTheWorkloadServesAsBeforeAndTheLockIsFree();
  }

  /** The ConfigMap's one key, as Posit's chart names it. */
  private static final class ConnectChartFile {
    static final String NAME = "rstudio-connect.gcfg";
  }

  @Test
  void anOnlineBackupKeepsTheConfigurationWithoutScaling() {
    int startsBefore = kubernetes.podStarts().size();

    LocalCloud.Execution run = backup("online");

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    List<String> states = statesEntered(run);
    assertFalse(states.contains("ScaleWorkloadToZero") || states.contains("ScaleWorkloadBack"), states.toString());
    assertEquals(startsBefore, kubernetes.podStarts().size(), "no pod was stopped or started");
    assertEquals(liveValuesDigest(), onlySet().configuration().valuesDigest());
    assertTheWorkloadServesAsBeforeAndTheLockIsFree();
  }

  @Test
  void aStoppedRestorePointOfAnEksClusterKeepsTheConfigurationAndLooksForNoNode() {
    // the EKS upgrade scales to 0 and holds the lock itself, then asks for mode stopped
    scaleBehindTheControlPlanesBack(0);
    String digest = liveValuesDigest();

    LocalCloud.Execution run = backup("stopped");

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    List<String> states = statesEntered(run);
    assertFalse(states.contains("FindRunningNodes") || states.contains("ScaleWorkloadToZero")
        || states.contains("ScaleWorkloadBack") || states.contains("AcquireLock"), states.toString());
    assertFalse(cloud.gateway().callCounts().containsKey("ssm:SendCommand"));
    assertEquals(digest, onlySet().configuration().valuesDigest());
    assertEquals(0, deployment().getSpec().getReplicas(), "the caller's workload stays at 0");
    assertEquals(BackupStatus.COMPLETE, onlySet().status());
  }

  @Test
  void theRestoreDrillReturnsTheKeptValuesDigestEqualToTheClustersAndNoSecretIsAnywhere() {
    try (SecretScan scan = new SecretScan(cloud)) {
      String digest = liveValuesDigest();
      LocalCloud.Execution backup = backup("cold");
      assertTrue(backup.succeeded(), () -> backup.error() + ": " + backup.cause());
      String setId = backup.output().path("setId").asText();

      LocalCloud.Execution drill = cloud.run("RestoreStateMachine", "{\"cluster\":\"" + CLUSTER + "\",\"setId\":\"" + setId
          + "\",\"mode\":\"drill\",\"pollSeconds\":1}", "restore-" + CLUSTER + "-" + UUID.randomUUID(), TIMEOUT);

      assertTrue(drill.succeeded(), () -> drill.error() + ": " + drill.cause() + " " + drill.lastStates(8));
      JsonNode configuration = drill.output().path("configuration");
      String report = String.join("\n", cloud.notifications());
      assertAll(
          () -> assertTrue(drill.output().path("verified").asBoolean()),
          () -> assertTrue(configuration.path("kept").asBoolean() && configuration.path("verified").asBoolean(),
              configuration.toString()),
          () -> assertEquals(digest, configuration.path("valuesDigest").asText()),
          () -> assertEquals(List.of(ConnectChartFile.NAME), Json.MAPPER.convertValue(configuration.path("configMapKeys"),
              List.class)),
          () -> assertTrue(report.contains("Helm values: release connect") && report.contains(digest), report),
          () -> assertTrue(report.contains("PASS kept-configuration"), report));
      Map<String, String> places = scan.look();
      assertTrue(places.keySet().stream().anyMatch(p -> p.contains(":execution:connect-ha-restore:")), places.keySet().toString());
      assertTrue(places.get("function logs").contains("\"level\":\"INFO\""), "the functions' JSON logs are captured");
      assertEquals(List.of(), SecretScan.leaks(places, List.of(LICENCE_KEY, DB_PASSWORD)));
    }
  }

  @Test
  void connecthaWritesTheKeptConfigurationToAnOwnerOnlyFileAndPrintsOnlyDigests() throws IOException {
    LocalCloud.Execution run = backup("online");
    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    String setId = run.output().path("setId").asText();
    Path file = Files.createTempDirectory("kept").resolve("kept.json");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit = ConnectHa.run(new String[] {"backups", CLUSTER, "--configuration", setId, "--to", file.toString(),
        "--local=" + cloud.connectionFile()}, Cloud::connect, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), false, Duration.ofMillis(200));

    String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, printed);
    ConfigurationContent written = Json.MAPPER.readValue(file.toFile(), ConfigurationContent.class);
    assertEquals(Map.of("key", LICENCE_KEY), written.release().values().get("license"));
    assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(file));
    assertTrue(printed.contains(onlySet().configuration().valuesDigest()), printed);
    assertFalse(printed.contains(LICENCE_KEY) || printed.contains(DB_PASSWORD), printed);
  }

  static Stream<Arguments> newSteps() {
    String unsafe = ErrorNames.UNSAFE_TO_PROCEED;
    String function = "connect-ha-RunWorkloadCommand";
    // RunWorkloadCommand's calls in a cold backup, by their input (a scale may be called again while pods go):
    // read, scale to 0, keep, scale back to the replicas it had
    return Stream.of(
        Arguments.of("ReadWorkload", function, "status", unsafe),
        Arguments.of("ScaleWorkloadToZero", function, "scale:0", unsafe),
        Arguments.of("KeepConfiguration", function, "keepConfiguration", ErrorNames.CONFIGURATION_TOO_LARGE),
        Arguments.of("ScaleWorkloadBack", function, "scale:!0", unsafe));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("newSteps")
  void aColdBackupFailingAtANewStepScalesBackReleasesTheLockAndReports(String step, String function, String match,
      String error) {
    cloud.gateway().injectFunctionError(function, error, Functions.invocation(match), 0, 1);

    LocalCloud.Execution run = backup("cold");

    assertEquals("FAILED", run.status(), step);
    assertEquals(error, run.error(), step);
    assertTrue(statesEntered(run).contains(step), statesEntered(run).toString());
    assertTheWorkloadServesAsBeforeAndTheLockIsFree();
    assertTrue(cloud.notifications().stream().anyMatch(m -> m.contains("failed")), step);
    sets.list(CLUSTER).forEach(s -> assertTrue(s.status() != BackupStatus.IN_PROGRESS, "set left in progress: " + s));
  }

  @Test
  void anUnknownWorkloadIsANamedErrorWithNothingScaledOrTaken() {
    EksPlacement eks = document.eks();
    ClusterDocument wrong = new ClusterDocument(CLUSTER, document.targetGroupArn(), document.dbInstanceId(), null,
        document.fileSystemId(), null, document.subnetsByAz(), document.backupVault(), document.backupRoleArn(), null,
        document.desiredNodes(), document.connectVersion(), document.dataDir(), null, document.dbPasswordSecretId(), null,
        null, null, List.of(), null, null, document.topology(),
        new EksPlacement(eks.cluster(), eks.namespace(), "no-such-workload", eks.container(), eks.helmRelease(),
            eks.configMap()));
    cloud.clients().ssm.putParameter(b -> b.name(KubernetesTwin.CLUSTER_PREFIX + CLUSTER).type("String")
        .value(Functions.json(wrong)).overwrite(true));
    int startsBefore = kubernetes.podStarts().size();

    LocalCloud.Execution run = backup("cold");

    assertEquals(ErrorNames.WORKLOAD_NOT_FOUND, run.error());
    assertEquals(List.of(), sets.list(CLUSTER));
    assertFalse(cloud.gateway().callCounts().containsKey("rds:CreateDBSnapshot"));
    assertEquals(startsBefore, kubernetes.podStarts().size());
    assertEquals(List.of(), kubernetes.apiRequests(CLUSTER).stream()
        .filter(r -> !r.method().equals("GET")).toList(), "the control plane changed nothing in Kubernetes");
    assertEquals(SERVING, deployment().getSpec().getReplicas());
    assertTrue(locks.holder(CLUSTER).isEmpty());
  }
}
