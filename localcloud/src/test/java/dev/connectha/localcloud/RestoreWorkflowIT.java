package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.config.Config;
import dev.connectha.errors.ErrorNames;
import dev.connectha.localcloud.twin.JobType;
import dev.connectha.localcloud.twin.Twin;
import dev.connectha.model.BackupSet;
import dev.connectha.model.BackupStatus;
import dev.connectha.model.backup.BackupTags;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.efs.model.FileSystemDescription;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * statemachines/restore.asl.json on moto's ASL engine: a backup set made by the backup workflow is
 * restored into new RDS and EFS resources (the twin serves AWS Backup's restore jobs), verified,
 * and deleted (drill) or left (hand-over); refusals create nothing; a failing half is cleaned up.
 */
@ExtendWith(LocalCloudExtension.class)
class RestoreWorkflowIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final String SOURCE_DB = "demo-db";
  private final LocalCloud cloud;

  RestoreWorkflowIT(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @BeforeEach
  void freshCluster() {
    cloud.reset(Twin.Spec.defaults());
  }

  @AfterEach
  void twinDefaults() {
    cloud.twin().backups().defaults();
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** Runs the backup workflow to a COMPLETE set; returns its id. Counters and notifications start afresh. */
  private String completeBackupSet() {
    LocalCloud.Execution backup = cloud.run("BackupStateMachine", "{\"cluster\":\"demo\",\"pollSeconds\":1}",
        "backup-demo-" + UUID.randomUUID(), TIMEOUT);
    assertTrue(backup.succeeded(), () -> backup.error() + ": " + backup.cause());
    afresh();
    return backup.output().path("setId").asText();
  }

  private void afresh() {
    cloud.notifications();
    cloud.gateway().resetCounts();
    cloud.lambda().resetCounts();
  }

  private LocalCloud.Execution restore(String input) {
    return cloud.run("RestoreStateMachine", input, "restore-demo-" + UUID.randomUUID(), TIMEOUT);
  }

  private static String input(String setId, String mode) {
    return "{\"cluster\":\"demo\",\"setId\":\"" + setId + "\",\"mode\":\"" + mode + "\",\"pollSeconds\":1}";
  }

  /** Every DB instance: id → status, class, Multi-AZ, endpoint. */
  private Map<String, String> dbInstances() {
    return cloud.clients().rds.describeDBInstances().dbInstances().stream().collect(Collectors.toMap(
        DBInstance::dbInstanceIdentifier,
        i -> i.dbInstanceStatus() + " " + i.dbInstanceClass() + " multiAz=" + i.multiAZ() + " "
            + (i.endpoint() == null ? "-" : i.endpoint().address()), (a, b) -> a, TreeMap::new));
  }

  /** Every file system: id → encrypted, state, mount targets. */
  private Map<String, String> fileSystems() {
    return cloud.clients().efs.describeFileSystems().fileSystems().stream().collect(Collectors.toMap(
        FileSystemDescription::fileSystemId,
        f -> "encrypted=" + f.encrypted() + " " + f.lifeCycleStateAsString() + " mountTargets="
            + f.numberOfMountTargets(), (a, b) -> a, TreeMap::new));
  }

  private int calls(String serviceAction) {
    return cloud.gateway().callCounts().getOrDefault(serviceAction, 0);
  }

  private Set<String> mutatingRestoreCalls() {
    Set<String> made = new TreeSet<>();
    cloud.gateway().callCounts().keySet().forEach(call -> {
      if (call.equals("rds:RestoreDBInstanceFromDBSnapshot") || call.equals("rds:DeleteDBInstance")
          || call.equals("rds:AddTagsToResource") || call.startsWith("backup:PUT /restore-jobs")
          || call.startsWith("elasticfilesystem:DELETE") || call.startsWith("elasticfilesystem:POST")) {
        made.add(call);
      }
    });
    return made;
  }

  private static Set<String> failedRules(JsonNode output) {
    Set<String> rules = new TreeSet<>();
    output.path("findings").forEach(f -> {
      if (!f.path("status").asText().equals("PASS")) {
        rules.add(f.path("rule").asText());
      }
    });
    return rules;
  }

  // ---- drill ----------------------------------------------------------------------------------

  @Test
  void aDrillRestoresIntoNewResourcesVerifiesThemDeletesThemAndLeavesTheSourceUntouched() {
    String setId = completeBackupSet();
    cloud.twin().backups().duration(JobType.RESTORE, Duration.ofSeconds(2)); // makes the workflow wait and check again
    Map<String, String> dbBefore = dbInstances();
    Map<String, String> fsBefore = fileSystems();

    LocalCloud.Execution run = restore(input(setId, "drill"));

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    JsonNode out = run.output();
    String fileSystemId = out.path("fileSystemId").asText();
    String directory = out.path("restoreDirectory").asText();
    String message = String.join("\n", cloud.notifications());
    assertAll(
        () -> assertTrue(out.path("verified").asBoolean()),
        () -> assertEquals(Set.of(), failedRules(out)),
        () -> assertTrue(out.path("dbInstanceId").asText().matches("demo-restore-[0-9a-f]{8}"), out.toString()),
        () -> assertTrue(fileSystemId.startsWith("fs-") && !fsBefore.containsKey(fileSystemId), fileSystemId),
        () -> assertEquals(cloud.twin().backups().restoreDirectoryOf(fileSystemId).orElseThrow(), directory),
        () -> assertEquals("2024.08.0", out.path("connectVersion").asText()),
        () -> assertEquals(1, calls("rds:RestoreDBInstanceFromDBSnapshot"), "one new DB instance"),
        () -> assertEquals(1, calls("backup:PUT /restore-jobs"), "one file-system restore"),
        () -> assertTrue(calls("backup:GET /restore-jobs/{id}") >= 2, "waited for the restore job"),
        () -> assertEquals(1, calls("rds:DeleteDBInstance"), "the new DB instance deleted"),
        () -> assertEquals(1, calls("elasticfilesystem:DELETE /2015-02-01/file-systems/{id}"), "the new file system deleted"),
        () -> assertEquals(dbBefore, dbInstances(), "the source DB is untouched and the new one is gone"),
        () -> assertEquals(fsBefore, fileSystems(), "the source file system is untouched and the new one is gone"),
        () -> assertTrue(message.startsWith("Restore drill of backup set " + setId + " of Connect cluster 'demo': VERIFIED"),
            message),
        () -> assertTrue(message.contains("/" + directory + " on the new file system"), message),
        () -> assertTrue(message.contains("2024.08.0 - install this version"), message),
        () -> assertTrue(message.contains("PASS db-engine-version: instance 15.7, snapshot 15.7"), message),
        () -> assertTrue(message.contains("PASS efs-encrypted"), message),
        () -> assertTrue(message.contains("\nDeleted after the drill: file system " + fileSystemId + ": deleted; DB instance "
            + out.path("dbInstanceId").asText() + ": deletion started"), message));
  }

  @Test
  void aHandoverLeavesTheRestoreAndReportsEndpointFileSystemDirectoryAndConnectVersion() {
    String setId = completeBackupSet();
    Map<String, String> dbBefore = dbInstances();
    Map<String, String> fsBefore = fileSystems();

    LocalCloud.Execution run = restore(input(setId, "handover"));

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    JsonNode out = run.output();
    String dbId = out.path("dbInstanceId").asText();
    String fileSystemId = out.path("fileSystemId").asText();
    DBInstance db = cloud.clients().rds.describeDBInstances(b -> b.dbInstanceIdentifier(dbId)).dbInstances().get(0);
    Map<String, String> fsTags = cloud.clients().efs.describeFileSystems(b -> b.fileSystemId(fileSystemId)).fileSystems()
        .get(0).tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value()));
    String message = String.join("\n", cloud.notifications());
    assertAll(
        () -> assertTrue(out.path("verified").asBoolean()),
        () -> assertEquals(db.endpoint().address(), out.path("dbEndpoint").asText()),
        () -> assertNotEquals(dbBefore.get(SOURCE_DB), dbInstances().get(dbId)),
        () -> assertTrue(db.multiAZ(), "a hand-over is Multi-AZ"),
        () -> assertTrue(db.storageEncrypted()),
        () -> assertEquals(dbBefore.size() + 1, dbInstances().size(), "the new instance is kept"),
        () -> assertEquals(fsBefore.size() + 1, fileSystems().size(), "the new file system is kept"),
        () -> assertEquals(dbBefore.get(SOURCE_DB), dbInstances().get(SOURCE_DB), "the source DB is untouched"),
        () -> assertEquals("handover", fsTags.get("connect-ha:restore-mode")),
        () -> assertTrue(fsTags.get(BackupTags.RESTORED_FROM).contains(":recovery-point:"), fsTags.toString()),
        () -> assertEquals(0, calls("rds:DeleteDBInstance")),
        () -> assertTrue(message.startsWith("Restore hand-over of backup set " + setId + " of Connect cluster 'demo': VERIFIED"),
            message),
        () -> assertTrue(message.contains("DB endpoint:       " + db.endpoint().address()), message),
        () -> assertTrue(message.contains("File system:       " + fileSystemId), message),
        () -> assertTrue(message.contains("Restore directory: " + out.path("restoreDirectory").asText()), message),
        () -> assertTrue(out.path("restoreDirectory").asText().startsWith("aws-backup-restore_"), out.toString()),
        () -> assertTrue(message.contains("Connect version:   2024.08.0"), message));
  }

  // ---- refusals: named errors, nothing created ------------------------------------------------

  @Test
  void aRestoreOfAnIncompleteSetIsRefusedBecauseItNeedsBothHalvesAndCreatesNothing() {
    cloud.twin().backups().failNext(JobType.BACKUP, "Insufficient privileges to perform this action");
    LocalCloud.Execution backup = cloud.run("BackupStateMachine", "{\"cluster\":\"demo\",\"pollSeconds\":1}",
        "backup-demo-" + UUID.randomUUID(), TIMEOUT);
    assertEquals(ErrorNames.BACKUP_INCOMPLETE, backup.error());
    String setId = incompleteSet();
    afresh();
    Map<String, String> dbBefore = dbInstances();
    Map<String, String> fsBefore = fileSystems();

    LocalCloud.Execution run = restore(input(setId, "drill"));

    assertEquals("FAILED", run.status());
    assertEquals(ErrorNames.PRECONDITION_FAILED, run.error());
    assertTrue(run.cause().contains("is INCOMPLETE: a restore needs both halves"), run.cause());
    assertEquals(dbBefore, dbInstances());
    assertEquals(fsBefore, fileSystems());
    assertEquals(Set.of(), mutatingRestoreCalls());
    List<String> published = cloud.notifications();
    assertEquals(1, published.size());
    assertTrue(published.get(0).contains("failed.\n\nError: " + ErrorNames.PRECONDITION_FAILED), published.get(0));
    assertTrue(published.get(0).contains("Created resources: nothing was created"), published.get(0));
  }

  private String incompleteSet() {
    try (RealAdapters adapters = new RealAdapters(Config.from(cloud.environmentOf("StartBackupSetFunction")))) {
      return adapters.backupSets(null).list("demo").stream().filter(s -> s.status() == BackupStatus.INCOMPLETE)
          .map(BackupSet::setId).findFirst().orElseThrow();
    }
  }

  @Test
  void anUnknownSetIdIsBackupSetNotFoundAndCreatesNothing() {
    completeBackupSet();
    Map<String, String> dbBefore = dbInstances();
    Map<String, String> fsBefore = fileSystems();

    LocalCloud.Execution run = restore(input("bs-0000000000000000", "drill"));

    assertEquals("FAILED", run.status());
    assertEquals(ErrorNames.BACKUP_SET_NOT_FOUND, run.error());
    assertEquals(dbBefore, dbInstances());
    assertEquals(fsBefore, fileSystems());
    assertEquals(Set.of(), mutatingRestoreCalls());
    assertTrue(cloud.notifications().get(0).contains("bs-0000000000000000"));
  }

  @Test
  void anUnknownClusterIsClusterNotFound() {
    LocalCloud.Execution run = restore("{\"cluster\":\"nope\",\"setId\":\"bs-0000000000000000\",\"pollSeconds\":1}");

    assertEquals(ErrorNames.CLUSTER_NOT_FOUND, run.error());
    assertEquals(Set.of(), mutatingRestoreCalls());
  }

  @Test
  void aBadModeIsRejectedWithoutInvokingAnyFunction() {
    LocalCloud.Execution run = restore("{\"cluster\":\"demo\",\"setId\":\"bs-0000000000000000\",\"mode\":\"rehearsal\"}");

    assertEquals(ErrorNames.INVALID_INPUT, run.error());
    assertEquals(0, cloud.lambda().totalInvocations());
    assertTrue(cloud.notifications().get(0).contains("mode must be drill or handover"));
  }

  // ---- failure ---------------------------------------------------------------------------------

  @Test
  void aFailingFileSystemRestoreFailsTheDrillAndDeletesTheDatabaseItCreated() {
    String setId = completeBackupSet();
    cloud.twin().backups().failNext(JobType.RESTORE, "Access denied creating the file system");
    Map<String, String> dbBefore = dbInstances();
    Map<String, String> fsBefore = fileSystems();

    LocalCloud.Execution run = restore(input(setId, "drill"));

    assertEquals("FAILED", run.status());
    assertEquals(ErrorNames.RESTORE_FAILED, run.error());
    assertTrue(run.cause().contains("FAILED: Access denied creating the file system"), run.cause());
    assertEquals(1, calls("rds:RestoreDBInstanceFromDBSnapshot"), "the DB half was restored");
    assertEquals(1, calls("rds:DeleteDBInstance"), "and deleted again");
    assertEquals(dbBefore, dbInstances());
    assertEquals(fsBefore, fileSystems());
    String message = cloud.notifications().get(0);
    assertTrue(message.contains("Error: " + ErrorNames.RESTORE_FAILED), message);
    assertTrue(message.contains(": deletion started"), message);
  }

  // ---- the sample ------------------------------------------------------------------------------

  @Test
  void theSampleInputDrillsTheSetTheBackupSampleEventsMade() throws Exception {
    for (String function : List.of("StartBackupSetFunction", "CheckBackupSetFunction", "CompleteBackupSetFunction")) {
      LambdaRuntime.Invocation answer = cloud.lambda().invoke(cloud.template().resource(function).ref(),
          Files.readAllBytes(cloud.root().resolve("events/" + function + ".json")));
      assertFalse(answer.functionError(), new String(answer.payload()));
    }
    String input = Files.readString(cloud.root().resolve("events/RestoreStateMachine.json"));

    LocalCloud.Execution run = cloud.run("RestoreStateMachine", input, "restore-demo-sample", TIMEOUT);

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    assertTrue(run.output().path("verified").asBoolean());
  }
}
