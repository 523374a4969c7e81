package dev.connectha.backup;

import static dev.connectha.backup.FakeRestoreCloud.CLUSTER;
import static dev.connectha.backup.FakeRestoreCloud.EXECUTION;
import static dev.connectha.backup.FakeRestoreCloud.POINT_ARN;
import static dev.connectha.backup.FakeRestoreCloud.SET;
import static dev.connectha.backup.FakeRestoreCloud.SNAPSHOT_ARN;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.BackupSetNotFoundException;
import dev.connectha.errors.ClusterNotFoundException;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.errors.UnsafeToProceedException;
import dev.connectha.model.BackupStatus;
import dev.connectha.model.Finding;
import dev.connectha.model.FindingStatus;
import dev.connectha.model.backup.BackupTags;
import dev.connectha.model.backup.RestoredDatabase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** RestoreService with hand-written fakes of the registry, the set records, RDS, AWS Backup and EFS. */
class RestoreServiceTest {
  final FakeRestoreCloud cloud = new FakeRestoreCloud();
  final RestoreService service = cloud.service();

  static RestoreInput drill() {
    return new RestoreInput(CLUSTER, SET, "drill", "", "", EXECUTION);
  }

  static RestoreInput handover() {
    return new RestoreInput(CLUSTER, SET, "handover", "db.r6g.xlarge", "connect-db-subnets", EXECUTION);
  }

  /** Starts the drill and lets both halves finish well; returns the new file system's id. */
  String restoredDrill() {
    service.start(drill());
    cloud.instanceBecomes("available");
    String fs = cloud.jobCompletes().id;
    assertTrue(service.check(drill()).done());
    return fs;
  }

  private static Set<String> failed(List<Finding> findings) {
    Set<String> rules = new TreeSet<>();
    findings.stream().filter(f -> f.status() != FindingStatus.PASS).forEach(f -> rules.add(f.rule()));
    return rules;
  }

  // ---- validation: named errors, nothing created ----------------------------------------------

  @Test
  void malformedInputIsRejectedBeforeAnyAwsCall() {
    assertAll(
        () -> assertThrows(InvalidInputException.class, () -> new RestoreInput(CLUSTER, SET, "rehearsal", "", "", EXECUTION)),
        () -> assertThrows(InvalidInputException.class, () -> new RestoreInput(CLUSTER, null, "drill", "", "", EXECUTION)),
        () -> assertThrows(InvalidInputException.class, () -> new RestoreInput("Prod!", SET, "drill", "", "", EXECUTION)),
        () -> assertThrows(InvalidInputException.class, () -> new RestoreInput(CLUSTER, SET, "drill", "m6g.large", "", EXECUTION)),
        () -> assertThrows(InvalidInputException.class, () -> new RestoreInput(CLUSTER, SET, "drill", "", "", null)),
        () -> assertThrows(InvalidInputException.class,
            () -> new RestoreInput(CLUSTER, SET, "drill", "", "", "arn:aws:states:eu-west-1:123456789012:stateMachine:x")));
    assertEquals(List.of(), cloud.calls);
  }

  @Test
  void unknownClusterIsClusterNotFoundAndNothingIsCreated() {
    RestoreInput input = new RestoreInput("staging", SET, "drill", "", "", EXECUTION);

    assertThrows(ClusterNotFoundException.class, () -> service.start(input));

    assertEquals(List.of("registry.load staging"), cloud.calls);
  }

  @Test
  void unknownSetIsBackupSetNotFoundAndNothingIsCreated() {
    RestoreInput input = new RestoreInput(CLUSTER, "bs-ffffffffffffffff", "drill", "", "", EXECUTION);

    assertThrows(BackupSetNotFoundException.class, () -> service.start(input));

    assertEquals(List.of("registry.load prod", "sets.get bs-ffffffffffffffff"), cloud.calls);
  }

  @ParameterizedTest
  @EnumSource(value = BackupStatus.class, names = "COMPLETE", mode = EnumSource.Mode.EXCLUDE)
  void aSetThatIsNotCompleteIsRefusedBecauseARestoreNeedsBothHalves(BackupStatus status) {
    cloud.setStatus(status);

    PreconditionFailedException e = assertThrows(PreconditionFailedException.class, () -> service.start(drill()));

    assertTrue(e.getMessage().contains("is " + status + ": a restore needs both halves"), e.getMessage());
    assertEquals(List.of("registry.load prod", "sets.get " + SET), cloud.calls, "read nothing but the records");
  }

  @Test
  void aSnapshotThatIsGoneIsRefusedBeforeAnythingIsCreated() {
    cloud.snapshotsByArn.clear();

    assertThrows(PreconditionFailedException.class, () -> service.start(drill()));

    assertEquals(List.of(), cloud.mutations);
  }

  @Test
  void validatePlansASingleAzDrillWithTheSourceInstancesClassAndCreatesNothing() {
    RestoreService.Plan plan = service.validate(drill());

    assertAll(
        () -> assertTrue(plan.dbInstanceId().matches("prod-restore-[0-9a-f]{8}"), plan.dbInstanceId()),
        () -> assertEquals(FakeRestoreCloud.instanceArn(plan.dbInstanceId()), plan.dbInstanceArn()),
        () -> assertEquals("db.m6g.large", plan.dbInstanceClass(), "the source instance's class"),
        () -> assertFalse(plan.multiAz()),
        () -> assertEquals("2024.08.0", plan.connectVersion()),
        () -> assertEquals(SNAPSHOT_ARN, plan.dbSnapshotArn()),
        () -> assertEquals(POINT_ARN, plan.recoveryPointArn()),
        () -> assertEquals("15.7", plan.engineVersion()),
        () -> assertEquals(plan.dbInstanceId(), plan.fileSystemCreationToken()),
        () -> assertEquals(List.of(), cloud.mutations));
  }

  @Test
  void aHandoverIsMultiAzAndTheInputsInstanceClassAndSubnetGroupWin() {
    RestoreService.Plan plan = service.validate(handover());

    assertTrue(plan.multiAz());
    assertEquals("db.r6g.xlarge", plan.dbInstanceClass());
    assertEquals("connect-db-subnets", plan.dbSubnetGroup());
  }

  @Test
  void withoutTheSourceInstanceTheInputMustNameAnInstanceClass() {
    cloud.instancesByArn.remove(FakeRestoreCloud.instanceArn(FakeRestoreCloud.SOURCE_DB));

    PreconditionFailedException e = assertThrows(PreconditionFailedException.class, () -> service.validate(drill()));

    assertTrue(e.getMessage().contains("give dbInstanceClass"), e.getMessage());
    assertEquals("db.t4g.medium",
        service.validate(new RestoreInput(CLUSTER, SET, "drill", "db.t4g.medium", "", EXECUTION)).dbInstanceClass());
  }

  @Test
  void anInstanceOfTheDerivedNameThatAnotherExecutionCreatedIsNeverReused() {
    String other = "arn:aws:states:eu-west-1:123456789012:execution:connect-ha-restore:someone-else";
    service.start(new RestoreInput(CLUSTER, SET, "drill", "", "", other));
    String theirs = cloud.restoredInstance().id();
    // the same derived name, as if two executions' hashes collided
    RestoredDatabase i = cloud.restoredInstance();
    cloud.instancesByArn.remove(i.arn());
    String mine = drill().names().dbInstanceId();
    cloud.instancesByArn.put(FakeRestoreCloud.instanceArn(mine), new RestoredDatabase(FakeRestoreCloud.instanceArn(mine),
        i.region(), mine, i.instanceClass(), i.status(), i.engine(), i.engineVersion(), false, true, null, SNAPSHOT_ARN,
        i.tags()));
    cloud.mutations.clear();

    PreconditionFailedException e = assertThrows(PreconditionFailedException.class, () -> service.start(drill()));

    assertTrue(e.getMessage().contains("not this restore's"), e.getMessage());
    assertFalse(theirs.equals(mine));
    assertEquals(List.of(), cloud.mutations);
  }

  // ---- start: new resources, idempotent -------------------------------------------------------

  @Test
  void startRestoresIntoANewInstanceAndANewFileSystemAndRecordsTheJobOnTheInstance() {
    RestoreService.Started started = service.start(drill());

    RestoredDatabase db = cloud.restoredInstance();
    assertAll(
        () -> assertEquals(List.of("rds.restore " + started.dbInstanceId() + " db.m6g.large single-az",
            "backup.startRestore " + started.fileSystemCreationToken(),
            "rds.tag [" + RestoreService.TAG_FILE_SYSTEM_JOB + "]"), cloud.mutations),
        () -> assertEquals(started.restoreJobId(), db.tags().get(RestoreService.TAG_FILE_SYSTEM_JOB)),
        () -> assertEquals(EXECUTION, db.tags().get(RestoreService.TAG_EXECUTION)),
        () -> assertEquals("drill", db.tags().get(RestoreService.TAG_MODE)),
        () -> assertEquals(SET, db.tags().get(RestoreService.TAG_SET)),
        () -> assertEquals("2024.08.0", db.tags().get(RestoreService.TAG_CONNECT_VERSION)),
        () -> assertEquals(SNAPSHOT_ARN, db.restoredFrom()),
        () -> assertEquals("creating", started.database()),
        () -> assertEquals("RUNNING", started.fileSystem()),
        () -> assertEquals("available", cloud.instancesByArn.get(FakeRestoreCloud.instanceArn("prod-db")).status(),
            "the source instance is untouched"));
  }

  @Test
  void aRetriedStartCreatesNothingTwice() {
    RestoreService.Started first = service.start(drill());
    List<String> once = List.copyOf(cloud.mutations);

    RestoreService.Started again = service.start(drill());

    assertEquals(once, cloud.mutations);
    assertEquals(first.dbInstanceArn(), again.dbInstanceArn());
    assertEquals(first.restoreJobId(), again.restoreJobId());
  }

  @Test
  void aDatabaseRestoreThatRdsRefusesStartsNoFileSystemRestore() {
    cloud.snapshots.refuseNextRestore = "InvalidParameterCombination: RDS does not support creating a DB instance with db.x9.huge";

    assertThrows(PreconditionFailedException.class,
        () -> service.start(new RestoreInput(CLUSTER, SET, "drill", "db.x9.huge", "", EXECUTION)));

    assertEquals(List.of(), cloud.mutations);
  }

  // ---- check ----------------------------------------------------------------------------------

  @Test
  void checkWaitsForBothHalvesThenTagsTheNewFileSystemAsRestored() {
    service.start(drill());

    RestoreService.Progress creating = service.check(drill());
    cloud.instanceBecomes("available");
    RestoreService.Progress dbOnly = service.check(drill());
    String fs = cloud.jobCompletes().id;
    RestoreService.Progress both = service.check(drill());

    assertAll(
        () -> assertFalse(creating.done()),
        () -> assertFalse(dbOnly.done(), "the file system is still being restored"),
        () -> assertTrue(both.done()),
        () -> assertFalse(both.failed()),
        () -> assertEquals(fs, both.fileSystemId()),
        () -> assertEquals("", both.cause()),
        () -> assertEquals(POINT_ARN, cloud.fileSystemsById.get(fs).tags.get(BackupTags.RESTORED_FROM)),
        () -> assertEquals(EXECUTION, cloud.fileSystemsById.get(fs).tags.get(RestoreService.TAG_EXECUTION)));
  }

  @Test
  void aFailedFileSystemRestoreFailsTheRestoreWithTheJobsMessageOnceBothHalvesFinished() {
    service.start(drill());
    cloud.jobFails("Insufficient permissions to create the file system");

    RestoreService.Progress dbStillCreating = service.check(drill());
    cloud.instanceBecomes("available");
    RestoreService.Progress done = service.check(drill());

    assertFalse(dbStillCreating.done(), "waits for the other half, so that a drill can delete it");
    assertTrue(done.done());
    assertTrue(done.failed());
    assertTrue(done.cause().contains("FAILED: Insufficient permissions to create the file system"), done.cause());
  }

  @Test
  void aDatabaseThatEndsIncompatibleFailsTheRestore() {
    service.start(drill());
    cloud.instanceBecomes("incompatible-restore");
    cloud.jobCompletes();

    RestoreService.Progress done = service.check(drill());

    assertTrue(done.done());
    assertTrue(done.failed());
    assertTrue(done.cause().contains("ended incompatible-restore"), done.cause());
  }

  // ---- verify ---------------------------------------------------------------------------------

  @Test
  void verifyPassesAFaithfulRestoreAndSaysWhereTheFilesAreAndWhichConnectToInstall() {
    String fs = restoredDrill();

    RestoreService.Verification v = service.verify(drill());

    assertAll(
        () -> assertTrue(v.passed(), v.cause()),
        () -> assertEquals(Set.of(), failed(v.findings())),
        () -> assertEquals(12, v.findings().size()),
        () -> assertEquals(fs, v.fileSystemId()),
        () -> assertEquals("aws-backup-restore_2024-08-02T10-15-30-123Z", v.restoreDirectory()),
        () -> assertEquals("2024.08.0", v.connectVersion()),
        () -> assertTrue(v.dbEndpoint().startsWith(v.dbInstanceId()), v.dbEndpoint()),
        () -> assertEquals("", v.cause()),
        () -> assertTrue(v.summary().startsWith("Restore drill of backup set " + SET + " of Connect cluster 'prod': VERIFIED"),
            v.summary()),
        () -> assertTrue(v.summary().contains("/aws-backup-restore_2024-08-02T10-15-30-123Z on the new file system"),
            v.summary()),
        () -> assertTrue(v.summary().contains("2024.08.0 - install this version"), v.summary()),
        () -> assertFalse(v.summary().contains("Left in place"), "a drill leaves nothing"));
  }

  @Test
  void verifyFailsAnUnencryptedFileSystemAnotherEngineVersionAndTheWrongAvailabilityTopology() {
    String fs = restoredDrill();
    cloud.fileSystemsById.get(fs).encrypted = false;
    cloud.instanceReports("16.3", true, true);

    RestoreService.Verification v = service.verify(drill());

    assertFalse(v.passed());
    assertEquals(Set.of("db-engine-version", "db-multi-az", "efs-encrypted"), failed(v.findings()));
    assertTrue(v.cause().contains("FAIL db-engine-version: instance 16.3, snapshot 15.7"), v.cause());
    assertTrue(v.summary().contains("NOT VERIFIED (3 of 12 checks failed)"), v.summary());
  }

  @Test
  void verifyFailsAFileSystemThatDoesNotCarryTheRecoveryPointItCameFrom() {
    String fs = restoredDrill();
    cloud.fileSystemsById.get(fs).tags.put(BackupTags.RESTORED_FROM, "arn:aws:backup:eu-west-1:123456789012:recovery-point:OTHER");

    assertEquals(Set.of("efs-restored-from"), failed(service.verify(drill()).findings()));
  }

  @Test
  void aVerifiedHandoverReportsEndpointFileSystemDirectoryAndVersionToInstall() {
    service.start(handover());
    cloud.instanceBecomes("available");
    String fs = cloud.jobCompletes().id;
    service.check(handover());

    RestoreService.Verification v = service.verify(handover());

    assertTrue(v.passed(), v.cause());
    assertTrue(v.summary().contains("Left in place for a hand-over"), v.summary());
    assertTrue(v.summary().contains("DB endpoint:       " + v.dbEndpoint()), v.summary());
    assertTrue(v.summary().contains("File system:       " + fs), v.summary());
    assertTrue(v.summary().contains("Restore directory: aws-backup-restore_"), v.summary());
    assertTrue(v.summary().contains("Connect version:   2024.08.0"), v.summary());
  }

  // ---- delete ---------------------------------------------------------------------------------

  @Test
  void aDrillDeletesTheFileSystemThenTheInstanceAndNothingElse() {
    String fs = restoredDrill();
    String db = cloud.restoredInstance().id();
    cloud.mutations.clear();

    RestoreService.Deleted deleted = service.delete(drill());

    assertAll(
        () -> assertTrue(deleted.done()),
        () -> assertEquals(List.of("efs.delete " + fs, "rds.delete " + db), cloud.mutations),
        () -> assertTrue(cloud.fileSystemsById.containsKey(FakeRestoreCloud.SOURCE_FS), "source file system kept"),
        () -> assertTrue(cloud.instancesByArn.containsKey(FakeRestoreCloud.instanceArn("prod-db")), "source DB kept"),
        () -> assertEquals("file system " + fs + ": deleted; DB instance " + db + ": deletion started", deleted.summary()));
  }

  @Test
  void aRetriedDeleteFindsEverythingGoneAndIsDone() {
    restoredDrill();
    service.delete(drill());
    cloud.mutations.clear();

    RestoreService.Deleted again = service.delete(drill());

    assertTrue(again.done());
    assertEquals(List.of(), cloud.mutations);
  }

  @Test
  void cleanupOfAFailedDrillDeletesTheInstanceWhenTheFileSystemRestoreCreatedNothing() {
    service.start(drill());
    cloud.instanceBecomes("available");
    cloud.jobFails("Insufficient permissions to create the file system");
    String db = cloud.restoredInstance().id();
    cloud.mutations.clear();

    RestoreService.Deleted deleted = service.delete(drill());

    assertTrue(deleted.done());
    assertEquals(List.of("rds.delete " + db), cloud.mutations);
  }

  @Test
  void deletionWaitsForARunningRestoreJobAndKeepsTheInstanceMeanwhile() {
    service.start(drill());
    cloud.instanceBecomes("available");
    String db = cloud.restoredInstance().id();
    cloud.mutations.clear();

    RestoreService.Deleted first = service.delete(drill());
    String fs = cloud.jobCompletes().id;
    RestoreService.Deleted second = service.delete(drill());

    assertFalse(first.done());
    assertEquals("kept until the file system is deleted", first.database());
    assertTrue(second.done());
    assertEquals(List.of("efs.tagRestored " + fs, "efs.delete " + fs, "rds.delete " + db), cloud.mutations);
  }

  @Test
  void mountTargetsOfARestoredFileSystemAreDeletedFirst() {
    String fs = restoredDrill();
    cloud.fileSystemsById.get(fs).withMountTargetsIn("eu-west-1a", "eu-west-1b");

    RestoreService.Deleted first = service.delete(drill());
    RestoreService.Deleted second = service.delete(drill());

    assertFalse(first.done());
    assertTrue(second.done());
    assertFalse(cloud.fileSystemsById.containsKey(fs));
  }

  @Test
  void withoutARecordedJobTheFileSystemIsFoundByTheExecutionsCreationToken() {
    service.start(drill());
    cloud.instanceBecomes("available");
    String fs = cloud.jobCompletes().id;
    RestoredDatabase i = cloud.restoredInstance();
    Map<String, String> tags = new LinkedHashMap<>(i.tags());
    tags.remove(RestoreService.TAG_FILE_SYSTEM_JOB); // StartRestore stopped before it recorded the job
    cloud.instancesByArn.put(i.arn(), new RestoredDatabase(i.arn(), i.region(), i.id(), i.instanceClass(), i.status(),
        i.engine(), i.engineVersion(), i.multiAz(), i.encrypted(), i.endpoint(), i.restoredFrom(), tags));

    RestoreService.Deleted deleted = service.delete(drill());

    assertTrue(deleted.done());
    assertFalse(cloud.fileSystemsById.containsKey(fs));
    assertEquals(null, cloud.restoredInstance());
  }

  @Test
  void aHandoversResourcesAreNeverDeleted() {
    service.start(handover());
    cloud.mutations.clear();

    assertThrows(UnsafeToProceedException.class, () -> service.delete(handover()));
    // a drill's input naming the hand-over's execution finds the instance tagged for a hand-over
    assertThrows(UnsafeToProceedException.class, () -> service.delete(drill()));

    assertEquals(List.of(), cloud.mutations);
  }

  @Test
  void anInstanceAnotherExecutionCreatedIsNeverDeleted() {
    service.start(drill());
    String other = "arn:aws:states:eu-west-1:123456789012:execution:connect-ha-restore:drill-2";
    RestoredDatabase i = cloud.restoredInstance();
    Map<String, String> tags = new LinkedHashMap<>(i.tags());
    tags.put(RestoreService.TAG_EXECUTION, other);
    cloud.instancesByArn.put(i.arn(), new RestoredDatabase(i.arn(), i.region(), i.id(), i.instanceClass(), i.status(),
        i.engine(), i.engineVersion(), i.multiAz(), i.encrypted(), i.endpoint(), i.restoredFrom(), tags));
    cloud.mutations.clear();

    assertThrows(UnsafeToProceedException.class, () -> service.delete(drill()));

    assertEquals(List.of(), cloud.mutations);
  }
}
