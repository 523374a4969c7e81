package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.aws.DynamoDbBackupSets;
import dev.connectha.aws.DynamoDbClusterLocks;
import dev.connectha.config.Config;
import dev.connectha.config.DocumentKind;
import dev.connectha.errors.ErrorNames;
import dev.connectha.json.Json;
import dev.connectha.localcloud.twin.JobType;
import dev.connectha.localcloud.twin.SimNode;
import dev.connectha.localcloud.twin.Twin;
import dev.connectha.model.BackupSet;
import dev.connectha.model.BackupStatus;
import dev.connectha.model.backup.BackupTags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;

/** statemachines/backup.asl.json on the local cloud: online and cold sets, faults at every step, DR copies. */
@ExtendWith(LocalCloudExtension.class)
class BackupWorkflowIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final String RETENTION = "\"retention\":{\"keepLast\":3,\"keepDaily\":0,\"keepWeekly\":0,\"keepMonthly\":0}";
  private final LocalCloud cloud;
  private DynamoDbBackupSets sets;
  private DynamoDbClusterLocks locks;

  BackupWorkflowIT(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @BeforeEach
  void freshCluster() {
    cloud.reset(Twin.Spec.defaults());
    RealAdapters adapters = new RealAdapters(Config.from(cloud.environmentOf("StartBackupSetFunction")));
    sets = adapters.backupSets(null);
    locks = adapters.clusterLocks(Clock.systemUTC());
  }

  private LocalCloud.Execution backup(String extra) {
    return cloud.run("BackupStateMachine", "{\"cluster\":\"demo\",\"pollSeconds\":1," + RETENTION + extra + "}",
        "backup-demo-" + UUID.randomUUID(), TIMEOUT);
  }

  private void assertEveryNodeServesAndTheLockIsFree() {
    for (SimNode node : cloud.twin().nodes()) {
      assertTrue(node.serviceActive, node.instanceId + " is not running Connect");
    }
    assertTrue(locks.holder("demo").isEmpty(), () -> "lock still held: " + locks.holder("demo"));
  }

  private static Instant entered(LocalCloud.Execution run, String state) {
    return run.history().stream().filter(e -> e.stateEnteredEventDetails() != null
        && e.stateEnteredEventDetails().name().equals(state)).findFirst().orElseThrow().timestamp();
  }

  private List<String> statesEntered(LocalCloud.Execution run) {
    return run.history().stream().filter(e -> e.stateEnteredEventDetails() != null)
        .map(e -> e.stateEnteredEventDetails().name()).toList();
  }

  @Test
  void scheduledOnlineBackupRecordsACompleteSetWithBothHalvesAndTheConnectVersion() {
    String arn = cloud.events().fireSchedule("BackupStateMachineScheduled");

    LocalCloud.Execution run = cloud.await(arn, TIMEOUT);

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    BackupSet set = sets.list("demo").get(0);
    assertEquals(BackupStatus.COMPLETE, set.status());
    assertEquals("2024.08.0", set.connectVersion().toString());
    assertNotNull(set.dbSnapshotArn());
    assertNotNull(set.efsRecoveryPointArn());
    var adapters = new RealAdapters(Config.from(cloud.environmentOf("StartBackupSetFunction")));
    assertEquals(set.setId(), adapters.databaseSnapshots().describe(set.dbSnapshotArn()).tags().get(BackupTags.BACKUP_SET));
    assertEquals("demo", adapters.fileSystemBackups().tagsOf(set.efsRecoveryPointArn()).get(BackupTags.CLUSTER));
    assertEquals(set.setId(), adapters.fileSystemBackups().tagsOf(set.efsRecoveryPointArn()).get(BackupTags.BACKUP_SET));
    assertFalse(statesEntered(run).contains("StopRunningNodes"), "an online backup does not stop Connect");
    assertTrue(cloud.notifications().get(0).contains("COMPLETE"));
  }

  @Test
  void coldBackupStopsEveryNodeTakesTheSetAndStartsThemAgain() {
    LocalCloud.Execution run = backup(",\"mode\":\"cold\"");

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    List<String> states = statesEntered(run);
    assertTrue(states.indexOf("StopRunningNodes") < states.indexOf("StartBackupSet"), states.toString());
    assertTrue(states.indexOf("CompleteBackupSet") < states.indexOf("StartStoppedNodes"), states.toString());
    assertTrue(states.indexOf("StartStoppedNodes") < states.indexOf("ReleaseLock"), states.toString());
    assertEquals(BackupStatus.COMPLETE, sets.list("demo").get(0).status());
    assertEveryNodeServesAndTheLockIsFree();
  }

  @Test
  void aColdSetIsAwaitedInsideCheckBackupSetSoItsEndIsSeenWellWithinAPollInterval() {
    cloud.twin().backups().duration(JobType.DB_SNAPSHOT, Duration.ofSeconds(1)).duration(JobType.BACKUP, Duration.ofSeconds(2));

    LocalCloud.Execution run = cloud.run("BackupStateMachine", "{\"cluster\":\"demo\",\"mode\":\"cold\",\"pollSeconds\":8,"
        + RETENTION + "}", "backup-demo-" + UUID.randomUUID(), TIMEOUT);

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    List<String> states = statesEntered(run);
    assertEquals(1, states.stream().filter("CheckBackupSet"::equals).count(), states.toString());
    assertFalse(states.contains("WaitForBackupSet"), "no Wait state while Connect is down: " + states);
    Duration startToComplete = Duration.between(entered(run, "StartBackupSet"), entered(run, "CompleteBackupSet"));
    assertTrue(startToComplete.compareTo(Duration.ofSeconds(6)) < 0,
        "a 2 s set read every 2 s is seen by about 4 s, a Wait loop would take 8 s: " + startToComplete);
    assertEveryNodeServesAndTheLockIsFree();
  }

  @Test
  void aStoppedRestorePointIsRecordedWithoutRetentionSoAFailedDeleteCannotCostTheCallerItsRestorePoint() {
    for (int i = 0; i < 3; i++) {
      assertTrue(backup("").succeeded());
    }
    cloud.gateway().injectFunctionError("connect-ha-PruneBackups", ErrorNames.UNSAFE_TO_PROCEED, 0, 1);

    LocalCloud.Execution run = backup(",\"mode\":\"stopped\"");

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    assertFalse(statesEntered(run).contains("ApplyRetention"), statesEntered(run).toString());
    assertEquals(0, run.output().path("expired").size());
    assertEquals(4, sets.list("demo").size(), "keepLast 3 is applied by the next scheduled backup, not here");
    String setId = run.output().path("setId").asText();
    assertTrue(cloud.notifications().stream().noneMatch(m -> m.contains(setId)), "the caller's report names the set");
    assertEquals(BackupStatus.COMPLETE, sets.list("demo").stream().filter(s -> s.setId().equals(run.output().path("setId")
        .asText())).findFirst().orElseThrow().status());
  }

  @Test
  void aStoppedRestorePointWithADrRegionIsInvalidInputAndNoSetStarts() {
    LocalCloud.Execution run = backup(",\"mode\":\"stopped\",\"drRegion\":\"" + Twin.DR_REGION + "\"");

    assertEquals("FAILED", run.status());
    assertEquals(ErrorNames.INVALID_INPUT, run.error());
    assertTrue(run.cause().contains("mode stopped makes no DR copy"), run.cause());
    assertEquals(List.of(), sets.list("demo"));
  }

  static Stream<Arguments> coldSteps() {
    String unsafe = ErrorNames.UNSAFE_TO_PROCEED;
    return Stream.of(
        Arguments.of("CheckInput", "connect-ha-ValidateBackupInput", 0, ErrorNames.PRECONDITION_FAILED),
        Arguments.of("AcquireLock", "connect-ha-AcquireLock", 0, unsafe),
        Arguments.of("FindRunningNodes", "connect-ha-RunNodeCommand", 0, unsafe),
        Arguments.of("StopRunningNodes", "connect-ha-RunNodeCommand", 1, unsafe),
        Arguments.of("StartBackupSet", "connect-ha-StartBackupSet", 0, unsafe),
        Arguments.of("CheckBackupSet", "connect-ha-CheckBackupSet", 0, unsafe),
        Arguments.of("CompleteBackupSet", "connect-ha-CompleteBackupSet", 0, unsafe),
        Arguments.of("StartStoppedNodes", "connect-ha-RunNodeCommand", 2, unsafe),
        Arguments.of("ReleaseLock", "connect-ha-ReleaseLock", 0, unsafe),
        Arguments.of("ApplyRetention", "connect-ha-PruneBackups", 0, unsafe));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("coldSteps")
  void aColdBackupFailingAtAnyStepLeavesEveryNodeRunningAndTheLockFree(String step, String function, int skip,
      String error) {
    cloud.gateway().injectFunctionError(function, error, skip, 1);

    LocalCloud.Execution run = backup(",\"mode\":\"cold\"");

    assertEquals("FAILED", run.status(), step);
    assertEquals(error, run.error());
    assertEveryNodeServesAndTheLockIsFree();
    assertTrue(cloud.notifications().stream().anyMatch(m -> m.contains("failed")), step);
    sets.list("demo").forEach(s -> assertTrue(s.status() != BackupStatus.IN_PROGRESS, "set left in progress: " + s));
  }

  @Test
  void throttlingAtEveryStepIsRetriedAndTheBackupCompletes() {
    for (String function : List.of("connect-ha-AcquireLock", "connect-ha-StartBackupSet", "connect-ha-CheckBackupSet",
        "connect-ha-CompleteBackupSet", "connect-ha-ReleaseLock")) {
      cloud.gateway().injectFunctionError(function, ErrorNames.AWS_THROTTLED, 0, 1);
    }

    LocalCloud.Execution run = backup(",\"mode\":\"cold\"");

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    assertEveryNodeServesAndTheLockIsFree();
  }

  @Test
  void aNodeThatDoesNotStopAbortsTheColdBackupBeforeAnySetStarts() {
    cloud.twin().failNextCommand(DocumentKind.STOP_CONNECT, cloud.twin().node(1).instanceId, "rstudio-connect would not stop");

    LocalCloud.Execution run = backup(",\"mode\":\"cold\"");

    assertEquals(ErrorNames.UNSAFE_TO_PROCEED, run.error());
    assertFalse(statesEntered(run).contains("StartBackupSet"));
    assertEquals(List.of(), sets.list("demo"));
    assertEveryNodeServesAndTheLockIsFree();
  }

  @Test
  void oneFailedHalfMarksTheSetIncompleteKeepsTheOtherAndReportsIt() {
    cloud.twin().backups().failNext(JobType.BACKUP, "EFS backup failed: access denied to the file system");

    LocalCloud.Execution run = backup(",\"mode\":\"cold\"");

    assertEquals(ErrorNames.BACKUP_INCOMPLETE, run.error());
    BackupSet set = sets.list("demo").get(0);
    assertEquals(BackupStatus.INCOMPLETE, set.status());
    assertTrue(set.cause().contains("access denied"), set.cause());
    var snapshot = new RealAdapters(Config.from(cloud.environmentOf("StartBackupSetFunction"))).databaseSnapshots()
        .describe(set.dbSnapshotArn());
    assertTrue(snapshot.available());
    assertEquals(set.setId(), snapshot.tags().get(BackupTags.BACKUP_SET));
    String summary = cloud.notifications().get(0);
    assertTrue(summary.contains("INCOMPLETE") && summary.contains("kept"), summary);
    assertEveryNodeServesAndTheLockIsFree();
  }

  @Test
  void anUnknownClusterFailsBeforeAnythingIsLockedStoppedOrCreated() {
    LocalCloud.Execution run = cloud.run("BackupStateMachine", "{\"cluster\":\"nope\",\"mode\":\"cold\"}",
        "backup-nope-" + UUID.randomUUID(), TIMEOUT);

    assertEquals(ErrorNames.CLUSTER_NOT_FOUND, run.error());
    assertFalse(cloud.gateway().callCounts().containsKey("ssm:SendCommand"));
    assertFalse(cloud.gateway().callCounts().containsKey("rds:CreateDBSnapshot"));
    assertTrue(locks.holder("nope").isEmpty());
    assertEquals(1, cloud.notifications().size());
  }

  @Test
  void aRetentionOfZeroIsInvalidInputAndNothingIsTouched() {
    LocalCloud.Execution run = cloud.run("BackupStateMachine",
        "{\"cluster\":\"demo\",\"mode\":\"cold\",\"retention\":{\"keepLast\":0}}", "backup-demo-" + UUID.randomUUID(), TIMEOUT);

    assertEquals(ErrorNames.INVALID_INPUT, run.error());
    assertFalse(cloud.gateway().callCounts().containsKey("ssm:SendCommand"));
    assertEquals(List.of(), sets.list("demo"));
  }

  @Test
  void anUnknownModeIsInvalidInput() {
    LocalCloud.Execution run = backup(",\"mode\":\"lukewarm\"");

    assertEquals(ErrorNames.INVALID_INPUT, run.error());
    assertEquals(List.of(), sets.list("demo"));
  }

  @Test
  void aColdBackupOfALockedClusterIsRefusedWithoutStoppingAnyNode() {
    locks.acquire("demo", "arn:aws:states:us-east-1:123456789012:execution:connect-ha-rolling-upgrade:u1",
        "rolling-upgrade", Duration.ofMinutes(30));

    LocalCloud.Execution run = backup(",\"mode\":\"cold\"");

    assertEquals(ErrorNames.CLUSTER_LOCKED, run.error());
    assertFalse(cloud.gateway().callCounts().containsKey("ssm:SendCommand"));
    assertTrue(cloud.notifications().get(0).contains("rolling-upgrade"));
    for (SimNode node : cloud.twin().nodes()) {
      assertTrue(node.serviceActive);
    }
  }

  @Test
  void aDrCopyOfBothHalvesLandsInTheSecondRegion() {
    LocalCloud.Execution run = backup(",\"drRegion\":\"" + Twin.DR_REGION + "\"");

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    BackupSet set = sets.list("demo").get(0);
    assertEquals(1, set.drCopies().size());
    BackupSet.DrCopy copy = set.drCopies().get(0);
    assertEquals(BackupSet.CopyStatus.COMPLETE, copy.status());
    assertTrue(copy.dbSnapshotArn().contains(":" + Twin.DR_REGION + ":"), copy.dbSnapshotArn());
    assertTrue(copy.efsRecoveryPointArn().contains(":" + Twin.DR_REGION + ":"), copy.efsRecoveryPointArn());
    try (RdsClient west = RdsClient.builder().region(Region.of(Twin.DR_REGION)).endpointOverride(cloud.gateway().endpoint())
        .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("testing", "testing"))
        .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build()) {
      assertEquals(1, west.describeDBSnapshots(b -> b.snapshotType("manual")).dbSnapshots().size());
    }
  }

  @Test
  void theBackupAgeIsReportedAndTheAlarmWatchesIt() throws Exception {
    var before = Json.MAPPER.readTree(cloud.lambda().invoke("connect-ha-ReportBackupAge", "{\"cluster\":\"demo\"}".getBytes())
        .payload());
    assertFalse(before.path("anyComplete").asBoolean());
    assertTrue(before.path("ageHours").asDouble() > 26);

    assertTrue(backup("").succeeded());

    var after = Json.MAPPER.readTree(cloud.lambda().invoke("connect-ha-ReportBackupAge", "{\"cluster\":\"demo\"}".getBytes())
        .payload());
    assertTrue(after.path("anyComplete").asBoolean());
    assertTrue(after.path("ageHours").asDouble() < 1, after.toString());
    var alarm = cloud.clients().cloudwatch.describeAlarms(b -> b.alarmNames("connect-ha-demo-backup-age")).metricAlarms();
    assertEquals(1, alarm.size());
    assertEquals(26.0, alarm.get(0).threshold());
    assertEquals("breaching", alarm.get(0).treatMissingData());
    assertNull(alarm.get(0).extendedStatistic());
    assertEquals(Map.of("Function", "ReportBackupAge", "Cluster", "demo"), alarm.get(0).dimensions().stream()
        .collect(java.util.stream.Collectors.toMap(d -> d.name(), d -> d.value())));
  }
}
