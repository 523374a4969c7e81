package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.aws.AwsModule;
import dev.connectha.aws.DynamoDbClusterLocks;
import dev.connectha.aws.EksModule;
import dev.connectha.aws.eks.EksKubernetesApis;
import dev.connectha.aws.eks.Fabric8ConnectWorkloads;
import dev.connectha.config.Config;
import dev.connectha.errors.ErrorNames;
import dev.connectha.json.Json;
import dev.connectha.localcloud.twin.KubernetesTwin;
import dev.connectha.localcloud.twin.Twin;
import dev.connectha.model.BackupSet;
import dev.connectha.model.BackupStatus;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.eks.ConnectPod;
import dev.connectha.model.eks.ConnectWorkload;
import dev.connectha.model.eks.EksWorkload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * statemachines/upgrade-eks.asl.json on the local cloud, against the twin's Kubernetes (pods follow
 * the workload; Posit's schema rule). Every test checks the invariants: no old-version Connect started
 * after the first new one (the twin's pod starts, and its violations), a complete restore point
 * before any pod on the target started, the lock free, a summary published.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpgradeEksIT {
  private static final String CLUSTER = "kube";
  private static final String FROM = "2024.08.0";
  private static final String TO = "2024.10.0";
  private static final String TO_TAG = "ubuntu2204-" + TO;
  private static final Duration TIMEOUT = Duration.ofMinutes(4);

  private final LocalCloud cloud;
  private final SdkHttpClient http = UrlConnectionHttpClient.create();
  private DynamoDbClusterLocks locks;
  private EksClient eks;
  private Fabric8ConnectWorkloads workloads;
  private EksWorkload workload;
  private RealAdapters adapters;

  UpgradeEksIT(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @BeforeAll
  void theControlPlanesOwnEksAdapter() {
    cloud.reset(Twin.Spec.defaults());
    Config config = Config.from(Map.of("AWS_REGION", LocalCloud.REGION, "AWS_ENDPOINT_URL",
        cloud.gateway().endpoint().toString(), "AWS_ACCESS_KEY_ID", AwsClients.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY",
        AwsClients.SECRET_KEY, "CLUSTER_PARAMETER_PREFIX", KubernetesTwin.CLUSTER_PREFIX));
    AwsCredentialsProvider credentials = AwsModule.credentials(config);
    eks = EksModule.eks(config, http, credentials);
    workloads = new Fabric8ConnectWorkloads(new EksKubernetesApis(eks, credentials, config, Clock.systemUTC()));
  }

  @AfterAll
  void closeTheClients() {
    eks.close();
    http.close();
    if (adapters != null) {
      adapters.close();
    }
  }

  @BeforeEach
  void anEksClusterServingOnTwoPods() {
    cloud.reset(Twin.Spec.defaults());
    KubernetesTwin kubernetes = cloud.kubernetes();
    kubernetes.clearFaults();
    kubernetes.readyAfter(Duration.ofMillis(600));
    kubernetes.terminationDelay(Duration.ofMillis(200));
    kubernetes.schemaCheckWithin(Duration.ofSeconds(1));
    workload = kubernetes.seed(CLUSTER, 2, FROM).eks().eksWorkload();
    if (adapters != null) {
      adapters.close();
    }
    adapters = new RealAdapters(Config.from(cloud.environmentOf("StartBackupSetFunction")));
    locks = adapters.clusterLocks(Clock.systemUTC());
    cloud.gateway().resetCounts();
    cloud.notifications(); // the seeding's, if any
  }

  private LocalCloud.Execution upgrade(String options) {
    return cloud.run("UpgradeEksStateMachine", "{\"cluster\":\"" + CLUSTER + "\",\"targetVersion\":\"" + TO
        + "\",\"options\":{\"pollSeconds\":1" + options + "}}", "upgrade-eks-kube-" + UUID.randomUUID(), TIMEOUT);
  }

  /** What the upgrade published (the summary first); reading takes them off the queue. */
  private List<String> published() {
    return cloud.notifications().stream().filter(m -> m.contains("EKS") || m.contains("upgrade-eks")).toList();
  }

  /** The invariants of every run; returns what was published (the summary first). */
  private List<String> assertInvariants(LocalCloud.Execution run) {
    return assertInvariants(run, published());
  }

  /** The invariants of every run, {@code published} read already. */
  private List<String> assertInvariants(LocalCloud.Execution run, List<String> published) {
    assertEquals(List.of(), cloud.kubernetes().upgradeViolations(), "an old Connect ran against the migrated schema");
    List<KubernetesTwin.PodStart> starts = cloud.kubernetes().podStarts().stream()
        .filter(s -> s.cluster().equals(CLUSTER)).toList();
    Optional<Instant> firstNew = starts.stream().filter(s -> ConnectVersion.parse(TO).equals(s.version()))
        .map(KubernetesTwin.PodStart::at).findFirst();
    firstNew.ifPresent(at -> {
      assertTrue(starts.stream().noneMatch(s -> ConnectVersion.parse(FROM).equals(s.version()) && s.at().isAfter(at)),
          () -> "an old-version pod started after the first new one: " + starts);
      assertTrue(backupSets().stream().anyMatch(s -> s.status() == BackupStatus.COMPLETE && s.completedAt() != null
          && !s.completedAt().isAfter(at)), () -> "no complete restore point before the first new pod: " + backupSets());
    });
    assertTrue(locks.holder(CLUSTER).isEmpty(), () -> "lock still held: " + locks.holder(CLUSTER));
    assertFalse(published.isEmpty(), run.error() + ": no summary published");
    return published;
  }

  private List<BackupSet> backupSets() {
    return adapters.backupSets(null).list(CLUSTER);
  }

  private ConnectWorkload read() {
    return workloads.read(workload);
  }

  private void assertServes(String version, int replicas) {
    ConnectWorkload now = read();
    assertEquals("ubuntu2204-" + version, now.imageTag(), now.toString());
    assertEquals(replicas, now.replicas(), now.toString());
    assertEquals(replicas, now.pods().size(), now.toString());
    for (ConnectPod pod : now.pods()) {
      assertTrue(pod.ready() && pod.imageTag().equals("ubuntu2204-" + version), now.toString());
    }
  }

  private Optional<String> learnedSchemaVersion() {
    try {
      JsonNode learned = Json.MAPPER.readTree(cloud.clients().ssm.getParameter(b -> b.name("/connect-ha/learned/" + CLUSTER))
          .parameter().value());
      return Optional.ofNullable(learned.at("/schemaVersion/version").asText(null));
    } catch (ParameterNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<String> states(LocalCloud.Execution run) {
    return run.history().stream().filter(e -> e.stateEnteredEventDetails() != null)
        .map(e -> e.stateEnteredEventDetails().name()).toList();
  }

  /** The changes made to the Kubernetes API and through the gateway (reads, invocations and the summary excluded). */
  private Set<String> mutatingCalls() {
    Set<String> aws = cloud.gateway().callCounts().keySet().stream().filter(MalformedInputIT::mutating)
        .collect(Collectors.toSet());
    Set<String> kube = cloud.kubernetes().apiRequests(CLUSTER).stream().filter(r -> !r.method().equals("GET"))
        .map(r -> r.method() + " " + r.path()).collect(Collectors.toSet());
    return Stream.concat(aws.stream(), kube.stream()).collect(Collectors.toSet());
  }

  // ---- the upgrade ---------------------------------------------------------------------------

  @Test
  void upgradesTwoReplicasInPositsOrderAndRecordsTheVersion() throws Exception {
    LocalCloud.Execution run = upgrade("");

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    assertServes(TO, 2);
    String summary = assertInvariants(run).get(0);
    JsonNode learned = Json.MAPPER.readTree(cloud.clients().ssm.getParameter(b -> b.name("/connect-ha/learned/" + CLUSTER))
        .parameter().value());
    assertEquals(TO, learned.at("/schemaVersion/version").asText(), learned.toString());
    assertEquals(TO, learned.at("/nodesVersion/version").asText(), learned.toString());
    String setId = run.output().path("restorePoint").path("setId").asText();
    BackupSet set = backupSets().stream().filter(s -> s.setId().equals(setId)).findFirst().orElseThrow();
    assertEquals(BackupStatus.COMPLETE, set.status());
    assertEquals(ConnectVersion.parse(FROM), set.connectVersion(), "the restore point is the old version's");
    assertTrue(run.output().path("downtimeSeconds").asDouble() > 0, run.output().toString());
    assertTrue(summary.contains("UPGRADED") && summary.contains("Downtime:") && summary.contains("2 of 2 pods ready"),
        summary);
  }

  @Test
  void scalesToZeroBeforeTheRestorePointAndChangesTheImageOnlyAfterIt() {
    LocalCloud.Execution run = upgrade("");

    List<String> states = states(run);
    assertTrue(states.indexOf("ScaleToZero") < states.indexOf("TakeColdRestorePoint"), states.toString());
    assertTrue(states.indexOf("TakeColdRestorePoint") < states.indexOf("StartFirstPod"), states.toString());
    assertTrue(states.indexOf("MarkFirstPodReady") < states.indexOf("ScaleOut"), states.toString());
    // every new pod starts after the restore point, and the first alone until it was ready
    List<KubernetesTwin.PodStart> newPods = cloud.kubernetes().podStarts().stream()
        .filter(s -> s.cluster().equals(CLUSTER) && ConnectVersion.parse(TO).equals(s.version())).toList();
    assertEquals(2, newPods.size(), newPods.toString());
    assertInvariants(run);
  }

  @Test
  void connecthaUpgradeStartsUpgradeEksForAnEksClusterAndShowsItsPhasesAndDowntime() {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int exit = dev.connectha.cli.ConnectHa.run(new String[] {"upgrade", CLUSTER, "--to", TO, "--poll-seconds", "1",
        "--follow", "--local=" + cloud.connectionFile()}, dev.connectha.cli.Cloud::connect,
        new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8), System.err, false,
        Duration.ofMillis(200));

    String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, exit, printed);
    assertTrue(printed.contains("started upgrade-eks-" + CLUSTER + "-"), printed);
    List<String> phases = printed.lines().filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\d == .*"))
        .map(l -> l.substring(l.indexOf("== ") + 3)).toList();
    assertEquals(List.of("preflight", "scale to 0", "restore point", "first pod", "scale out", "report"), phases);
    assertTrue(printed.contains("!! downtime ends after"), printed);
    assertServes(TO, 2);
    assertEquals(List.of(), cloud.kubernetes().upgradeViolations());
  }

  // ---- bad input: a named error, nothing changed ------------------------------------------------

  static Stream<Arguments> badInputs() {
    return Stream.of(
        Arguments.of("unknown cluster", "{\"cluster\":\"nope\",\"targetVersion\":\"2024.10.0\"}", ErrorNames.CLUSTER_NOT_FOUND),
        Arguments.of("ec2 cluster", "{\"cluster\":\"demo\",\"targetVersion\":\"2024.10.0\"}", ErrorNames.PRECONDITION_FAILED),
        Arguments.of("malformed version", "{\"cluster\":\"kube\",\"targetVersion\":\"2024.10\"}", ErrorNames.INVALID_INPUT),
        Arguments.of("same version", "{\"cluster\":\"kube\",\"targetVersion\":\"2024.08.0\"}", ErrorNames.PRECONDITION_FAILED),
        Arguments.of("older version", "{\"cluster\":\"kube\",\"targetVersion\":\"2024.06.0\"}", ErrorNames.INVALID_INPUT),
        Arguments.of("no target", "{\"cluster\":\"kube\"}", ErrorNames.INVALID_INPUT),
        Arguments.of("online restore point", "{\"cluster\":\"kube\",\"targetVersion\":\"2024.10.0\","
            + "\"options\":{\"restorePoint\":\"online\"}}", ErrorNames.INVALID_INPUT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void badInputIsANamedErrorWithZeroMutatingCalls(String what, String input, String error) {
    LocalCloud.Execution run = cloud.run("UpgradeEksStateMachine", input, "upgrade-eks-" + UUID.randomUUID(), TIMEOUT);

    assertEquals(error, run.error(), what + ": " + run.cause());
    assertEquals(Set.of(), mutatingCalls(), what);
    assertServes(FROM, 2);
    assertInvariants(run);
  }

  @Test
  void noAccessToTheEksApiIsANamedErrorWithNothingScaled() {
    cloud.kubernetes().denyAccess(CLUSTER, 403);

    LocalCloud.Execution run = upgrade("");

    assertEquals(ErrorNames.AWS_CALL_FAILED, run.error(), run.cause());
    assertTrue(run.cause().contains("access entry"), run.cause());
    assertEquals(Set.of(), mutatingCalls());
    cloud.kubernetes().clearFaults();
    assertServes(FROM, 2);
    assertInvariants(run);
  }

  @Test
  void theRollingUpgradeRefusesAnEksClusterWithZeroMutatingCalls() {
    LocalCloud.Execution run = cloud.run("RollingUpgradeStateMachine", "{\"cluster\":\"kube\",\"targetVersion\":\"2024.10.0\","
        + "\"options\":{\"pollSeconds\":1}}", "rolling-upgrade-kube-" + UUID.randomUUID(), TIMEOUT);

    assertEquals(ErrorNames.PRECONDITION_FAILED, run.error());
    assertTrue(run.cause().contains("upgrade-eks"), run.cause());
    assertEquals(Set.of(), mutatingCalls());
    assertServes(FROM, 2);
  }

  // ---- the fault matrix ------------------------------------------------------------------------

  /**
   * Every Task state that calls a function, how it ends, and which invocation of that function it is: the
   * {@code skip}-th, or for RunWorkloadCommand the one whose input matches {@code action[:replicas|version]}
   * (its waits call it a number of times that depends on how fast pods come and go).
   */
  static Stream<Arguments> tasks() {
    return Stream.of(
        // before any change: nothing touched
        Arguments.of("ReadWorkload", "RunWorkloadCommand", 0, "status", "nothing"),
        Arguments.of("CheckUpgrade", "ValidateUpgrade", 0, "", "nothing"),
        Arguments.of("AcquireLock", "AcquireLock", 0, "", "nothing"),
        // before a pod started the target: the old image back, the previous replicas serving
        Arguments.of("ScaleToZero", "RunWorkloadCommand", 0, "scale:0", "old"),
        Arguments.of("TakeColdRestorePoint", "StartBackupSet", 0, "", "old"),
        Arguments.of("StartFirstPod", "RunWorkloadCommand", 0, "setVersion:" + TO, "old"),
        // after the first pod started the target: never the old image again
        Arguments.of("RecordSchemaVersion", "RecordClusterVersion", 0, "", "halted"),
        Arguments.of("ScaleOut", "RunWorkloadCommand", 0, "scale:2", "halted"),
        Arguments.of("RecordVersion", "RecordClusterVersion", 1, "", "halted"),
        // the unwind: what happened to the workload stands; the report says what is left
        Arguments.of("ReleaseLock", "ReleaseLock", 0, "", "upgraded, lock still held"),
        Arguments.of("SummarizeUpgrade", "SummarizeUpgrade", 0, "", "upgraded"));
  }

  private void inject(String function, String errorType, int skip, String match) {
    cloud.gateway().injectFunctionError("connect-ha-" + function, errorType, Functions.invocation(match), skip, 1);
  }

  @ParameterizedTest(name = "{0} fails for good")
  @MethodSource("tasks")
  void aPermanentFailureAtAnyTaskEndsInItsDocumentedStateWithTheInvariantsHolding(String state, String function, int skip,
      String match, String end) {
    inject(function, ErrorNames.UNSAFE_TO_PROCEED, skip, match);

    LocalCloud.Execution run = upgrade("");

    assertEquals("FAILED", run.status(), state);
    List<String> published = published();
    if (end.equals("upgraded, lock still held")) {
      assertTrue(locks.holder(CLUSTER).isPresent(), "the release failed: the lock must still be held");
      assertTrue(published.get(0).contains("still held by"), published.get(0));
      // what the report says to do clears it (the condition names this execution)
      assertTrue(locks.release(CLUSTER, locks.holder(CLUSTER).orElseThrow().owner()));
    }
    assertInvariants(run, published);
    switch (end) {
      case "nothing" -> {
        assertServes(FROM, 2);
        assertTrue(cloud.kubernetes().apiRequests(CLUSTER).stream().allMatch(r -> r.method().equals("GET")),
            "nothing may be changed before the lock");
      }
      case "old" -> assertServes(FROM, 2);
      case "halted" -> {
        ConnectWorkload now = read();
        assertEquals(TO_TAG, now.imageTag(), "a halt keeps the target's image");
        assertTrue(now.pods().stream().allMatch(p -> p.imageTag().equals(TO_TAG)), now.toString());
        assertTrue(now.pods().stream().anyMatch(ConnectPod::ready), "the first pod serves on the target");
      }
      case "upgraded", "upgraded, lock still held" -> assertServes(TO, 2);
      default -> throw new IllegalArgumentException(end);
    }
    if (end.equals("nothing") || end.equals("old")) {
      assertTrue(learnedSchemaVersion().isEmpty(), state + ": the schema was never migrated, nothing may be recorded");
    } else if (!state.equals("RecordSchemaVersion")) {
      assertEquals(Optional.of(TO), learnedSchemaVersion(), state + ": a pod started the target, the schema is its");
    }
  }

  @ParameterizedTest(name = "{0} fails once")
  @MethodSource("tasks")
  void aTransientFailureAtAnyTaskIsRetriedAndTheUpgradeCompletes(String state, String function, int skip, String match,
      String end) {
    inject(function, ErrorNames.AWS_THROTTLED, skip, match);

    LocalCloud.Execution run = upgrade("");

    assertTrue(run.succeeded(), () -> state + ": " + run.error() + ": " + run.cause());
    assertServes(TO, 2);
    assertInvariants(run);
  }

  // ---- pods that do not come: the twin's faults -------------------------------------------------

  @Test
  void anImageThatCannotBePulledPutsTheOldImageBackAsNoPodStartedTheTarget() {
    cloud.kubernetes().failImagePull(TO_TAG);

    LocalCloud.Execution run = upgrade(",\"readyWithinSeconds\":10");

    assertEquals(ErrorNames.UNSAFE_TO_PROCEED, run.error(), run.cause());
    assertTrue(states(run).contains("RolledBack"), states(run).toString());
    assertServes(FROM, 2);
    assertTrue(learnedSchemaVersion().isEmpty(), "the schema was never migrated");
    String summary = assertInvariants(run).get(0);
    assertTrue(summary.contains("ROLLED BACK") && summary.contains("2 pods ready on " + FROM + " again"), summary);
  }

  /**
   * The recovery's Task states (the target's image cannot be pulled, so no pod started it), each with
   * the RunWorkloadCommand call it makes: the old version back, then the previous replicas.
   */
  @ParameterizedTest(name = "{0} fails for good")
  @CsvSource({"PutOldVersionBack, setVersion:" + FROM, "ScaleBackOnOldVersion, scale:2"})
  void aRecoveryStepThatFailsIsReportedAndStillNeverStartsTheTarget(String state, String match) {
    cloud.kubernetes().failImagePull(TO_TAG);
    inject("RunWorkloadCommand", ErrorNames.UNSAFE_TO_PROCEED, 0, match);

    LocalCloud.Execution run = upgrade(",\"readyWithinSeconds\":10");

    assertEquals(ErrorNames.UNSAFE_TO_PROCEED, run.error(), run.cause());
    List<String> states = states(run);
    assertTrue(states.contains(state) && states.contains("RolledBack") && !states.contains("Halt"), states.toString());
    assertTrue(learnedSchemaVersion().isEmpty(), "the schema was never migrated");
    assertTrue(cloud.kubernetes().podStarts().stream().noneMatch(s -> s.cluster().equals(CLUSTER)
        && ConnectVersion.parse(TO).equals(s.version())), "no pod started the target");
    String summary = assertInvariants(run).get(0);
    assertTrue(summary.contains("ROLLED BACK") && summary.contains("NOT serving on " + FROM + " yet")
        && summary.contains("Recovery step failed"), summary);
  }

  @Test
  void aFirstPodThatIsNeverReadyHaltsForwardAndTheOldImageNeverStartsAgain() {
    cloud.kubernetes().neverReady(TO_TAG);

    LocalCloud.Execution run = upgrade(",\"readyWithinSeconds\":10");

    assertEquals(ErrorNames.UNSAFE_TO_PROCEED, run.error(), run.cause());
    assertTrue(states(run).contains("Halt"), states(run).toString());
    ConnectWorkload now = read();
    assertEquals(TO_TAG, now.imageTag());
    assertEquals(1, now.replicas(), "left at the one pod that started the target");
    assertEquals(Optional.of(TO), learnedSchemaVersion(), "a started pod may have migrated the schema");
    String summary = assertInvariants(run).get(0);
    assertTrue(summary.contains("HALTED") && summary.contains("Do NOT put the " + FROM + " image back"), summary);
  }

  @Test
  void podsThatAreNeverReadyAfterTheFirstHaltWithTheFirstServingTheTarget() throws Exception {
    // the fault comes once the first pod serves the target: the scale-out's pods never turn ready
    CompletableFuture<Void> injector = CompletableFuture.runAsync(() -> {
      Await.until("a pod ready on " + TO, TIMEOUT, () -> read().pods().stream()
          .anyMatch(p -> p.ready() && p.imageTag().equals(TO_TAG)) ? true : null);
      cloud.kubernetes().neverReady(TO_TAG);
    });

    LocalCloud.Execution run = upgrade(",\"readyWithinSeconds\":10");
    injector.get();

    assertEquals(ErrorNames.UNSAFE_TO_PROCEED, run.error(), run.cause());
    assertTrue(states(run).contains("PodsNotReady"), states(run).toString());
    ConnectWorkload now = read();
    assertEquals(TO_TAG, now.imageTag());
    assertEquals(1, now.pods().stream().filter(ConnectPod::ready).count(), now.toString());
    assertEquals(Optional.of(TO), learnedSchemaVersion());
    String summary = assertInvariants(run).get(0);
    assertTrue(summary.contains("HALTED") && summary.contains("1 of 2 replicas ready"), summary);
  }
}
