package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.aws.AwsBackupFileSystemBackups;
import dev.connectha.aws.RdsDatabaseSnapshots;
import dev.connectha.config.Config;
import dev.connectha.errors.AwsThrottledException;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.NotReadyException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.errors.UnsafeToProceedException;
import dev.connectha.localcloud.twin.JobType;
import dev.connectha.localcloud.twin.Twin;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.backup.BackupJob;
import dev.connectha.model.backup.BackupTags;
import dev.connectha.model.backup.CopyJob;
import dev.connectha.model.backup.DatabaseRestore;
import dev.connectha.model.backup.DatabaseSnapshot;
import dev.connectha.model.backup.FileSystemRestore;
import dev.connectha.model.backup.JobState;
import dev.connectha.model.backup.RecoveryPoint;
import dev.connectha.model.backup.RestoreJob;
import dev.connectha.model.backup.RestoredDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.efs.model.FileSystemDescription;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * The backup adapters ({@link RdsDatabaseSnapshots}, {@link AwsBackupFileSystemBackups}) run for
 * real against the local cloud: RDS snapshots in moto made slow or failing by the twin, AWS Backup
 * jobs and recovery points served by the twin, copies to us-west-2 through the same endpoint. One
 * fresh twin cluster for the class; every test makes its own backup set, and puts the twin's
 * durations and failures back afterwards.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupAdaptersIT {
  private static final String CLUSTER = "demo";
  private static final String DR_REGION = "us-west-2";
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final LocalCloud cloud;
  private RealAdapters adapters;
  private RdsDatabaseSnapshots snapshots;
  private AwsBackupFileSystemBackups backups;
  private ClusterDocument demo;
  private String fileSystemArn;
  private String drVaultArn;

  BackupAdaptersIT(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @BeforeAll
  void freshClusterAndTheFunctionsAdapters() {
    cloud.reset(Twin.Spec.defaults());
    adapters = new RealAdapters(Config.from(cloud.environmentOf("DescribeClusterFunction")));
    snapshots = adapters.databaseSnapshots();
    backups = adapters.fileSystemBackups();
    demo = adapters.clusterRegistry().load(CLUSTER);
    fileSystemArn = cloud.clients().efs.describeFileSystems(b -> b.fileSystemId(demo.fileSystemId()))
        .fileSystems().get(0).fileSystemArn();
    drVaultArn = cloud.twin().backups().vault(DR_REGION, "connect-ha-dr");
  }

  @AfterEach
  void twinDefaults() {
    cloud.twin().backups().defaults();
    cloud.gateway().clearFaults();
  }

  @AfterAll
  void closeClients() {
    adapters.close();
  }

  // ---- RDS snapshots --------------------------------------------------------------------------

  @Test
  void snapshotOfTheDemoDatabaseBecomesAvailableCarryingClusterAndBackupSetTags() {
    String set = backupSet();

    DatabaseSnapshot started = snapshots.startInstanceSnapshot(demo.dbInstanceId(), "demo-" + set,
        new BackupTags(CLUSTER, set, Map.of("connect-version", "2024.08.0")));
    DatabaseSnapshot done = await(() -> snapshots.describe(started.arn()), s -> !s.inProgress());

    assertAll(
        () -> assertTrue(done.available(), done.status()),
        () -> assertEquals("arn:aws:rds:us-east-1:123456789012:snapshot:demo-" + set, done.arn()),
        () -> assertEquals("us-east-1", done.region()),
        () -> assertEquals(DatabaseSnapshot.Kind.INSTANCE, done.kind()),
        () -> assertEquals("demo-db", done.sourceId()),
        () -> assertEquals("postgres", done.engine()),
        () -> assertEquals("15.7", done.engineVersion()),
        () -> assertTrue(done.encrypted()),
        () -> assertEquals(100, done.sizeGiB()),
        () -> assertNotNull(done.createdAt()),
        () -> assertEquals(CLUSTER, done.cluster()),
        () -> assertEquals(set, done.backupSet()),
        () -> assertEquals("2024.08.0", done.tags().get("connect-version")));
  }

  @Test
  void aSlowSnapshotIsCreatingUntilItsDurationHasPassed() {
    cloud.twin().backups().duration(JobType.DB_SNAPSHOT, Duration.ofSeconds(2));
    String set = backupSet();
    Instant before = Instant.now();

    DatabaseSnapshot started = snapshots.startInstanceSnapshot(demo.dbInstanceId(), "demo-" + set, tags(set));
    DatabaseSnapshot soon = snapshots.describe(started.arn());
    DatabaseSnapshot done = await(() -> snapshots.describe(started.arn()), s -> !s.inProgress());

    assertEquals("creating", started.status());
    assertEquals("creating", soon.status());
    assertTrue(done.available(), done.status());
    assertFalse(Instant.now().isBefore(before.plusSeconds(2)), "available before its 2 s had passed");
  }

  @Test
  void aSnapshotStillCreatingCannotBeRestoredCopiedOrDeletedYet() {
    cloud.twin().backups().duration(JobType.DB_SNAPSHOT, Duration.ofSeconds(30));
    String set = backupSet();
    DatabaseSnapshot started = snapshots.startInstanceSnapshot(demo.dbInstanceId(), "demo-" + set, tags(set));

    assertThrows(NotReadyException.class, () -> snapshots.restoreToNewInstance(started.arn(),
        new DatabaseRestore("restore-" + set, "db.t3.medium", null, false, List.of(), Map.of())));
    assertThrows(NotReadyException.class,
        () -> snapshots.copyToRegion(started.arn(), DR_REGION, "dr-" + set, "alias/aws/rds"));
    assertThrows(NotReadyException.class, () -> snapshots.delete(started.arn()));
    assertEquals("creating", snapshots.describe(started.arn()).status());
  }

  @Test
  void aSnapshotToldToFailEndsFailedAndCannotBeRestored() {
    cloud.twin().backups().duration(JobType.DB_SNAPSHOT, Duration.ofMillis(300))
        .failNext(JobType.DB_SNAPSHOT, "storage full");
    String set = backupSet();

    DatabaseSnapshot started = snapshots.startInstanceSnapshot(demo.dbInstanceId(), "demo-" + set, tags(set));
    DatabaseSnapshot done = await(() -> snapshots.describe(started.arn()), s -> !s.inProgress());

    assertTrue(done.failed(), done.status());
    PreconditionFailedException e = assertThrows(PreconditionFailedException.class,
        () -> snapshots.restoreToNewInstance(done.arn(),
            new DatabaseRestore("restore-" + set, "db.t3.medium", null, false, List.of(), Map.of())));
    assertTrue(e.getMessage().contains("failed"), e.getMessage());
    DatabaseSnapshot next = snapshots.startInstanceSnapshot(demo.dbInstanceId(), "demo-" + backupSet(), tags(set));
    assertTrue(await(() -> snapshots.describe(next.arn()), s -> !s.inProgress()).available(),
        "only the next snapshot fails");
  }

  @Test
  void startingTheSameSnapshotAgainReturnsItButAnotherBackupSetMayNotTakeItsName() {
    String set = backupSet();
    DatabaseSnapshot first = snapshots.startInstanceSnapshot(demo.dbInstanceId(), "demo-" + set, tags(set));

    DatabaseSnapshot again = snapshots.startInstanceSnapshot(demo.dbInstanceId(), "demo-" + set, tags(set));

    assertEquals(first.arn(), again.arn());
    assertThrows(PreconditionFailedException.class,
        () -> snapshots.startInstanceSnapshot(demo.dbInstanceId(), "demo-" + set, tags(backupSet())));
  }

  @Test
  void snapshotOfADatabaseThatDoesNotExistIsAPreconditionFailure() {
    PreconditionFailedException e = assertThrows(PreconditionFailedException.class,
        () -> snapshots.startInstanceSnapshot("no-such-db", "demo-" + backupSet(), tags(backupSet())));

    assertTrue(e.getMessage().contains("no-such-db"), e.getMessage());
  }

  @Test
  void snapshotsAreListedByTheirClusterTagOnly() {
    String set = backupSet();
    String other = "other-" + set;
    DatabaseSnapshot ours = snapshots.startInstanceSnapshot(demo.dbInstanceId(), "demo-" + set, tags(set));
    DatabaseSnapshot foreign = snapshots.startInstanceSnapshot(demo.dbInstanceId(), "foreign-" + set,
        new BackupTags(other, set));
    cloud.clients().rds.createDBSnapshot(b -> b.dbInstanceIdentifier(demo.dbInstanceId())
        .dbSnapshotIdentifier("untagged-" + set));

    List<DatabaseSnapshot> demos = snapshots.listOfCluster(CLUSTER);
    List<DatabaseSnapshot> others = snapshots.listOfCluster(other);

    assertTrue(arns(demos).contains(ours.arn()), demos.toString());
    assertFalse(arns(demos).contains(foreign.arn()));
    assertTrue(demos.stream().allMatch(s -> CLUSTER.equals(s.cluster())), demos.toString());
    assertTrue(demos.stream().noneMatch(s -> s.id().startsWith("untagged-")));
    assertEquals(List.of(foreign.arn()), arns(others));
  }

  @Test
  void auroraClusterSnapshotIsTakenDescribedAndListedAsAClusterSnapshot() {
    String set = backupSet();
    String clusterId = "aurora-" + set;
    cloud.clients().rds.createDBCluster(b -> b.dbClusterIdentifier(clusterId).engine("aurora-postgresql")
        .engineVersion("15.4").masterUsername("connect").masterUserPassword("local-only-password")
        .storageEncrypted(true));

    DatabaseSnapshot started = snapshots.startClusterSnapshot(clusterId, "aurora-" + set, tags(set));
    DatabaseSnapshot done = await(() -> snapshots.describe(started.arn()), s -> !s.inProgress());

    assertTrue(done.available(), done.status());
    assertEquals(DatabaseSnapshot.Kind.CLUSTER, done.kind());
    assertEquals("arn:aws:rds:us-east-1:123456789012:cluster-snapshot:aurora-" + set, done.arn());
    assertEquals(clusterId, done.sourceId());
    assertEquals("aurora-postgresql", done.engine());
    assertEquals(set, done.backupSet());
    assertTrue(arns(snapshots.listOfCluster(CLUSTER)).contains(done.arn()));
  }

  @Test
  void deletingASnapshotRemovesThatOneOnlyAndASecondDeleteIsNoError() {
    String set = backupSet();
    DatabaseSnapshot first = available(snapshots.startInstanceSnapshot(demo.dbInstanceId(), "first-" + set, tags(set)));
    DatabaseSnapshot second = available(snapshots.startInstanceSnapshot(demo.dbInstanceId(), "second-" + set, tags(set)));

    assertTrue(snapshots.delete(first.arn()));

    assertThrows(PreconditionFailedException.class, () -> snapshots.describe(first.arn()));
    assertTrue(snapshots.describe(second.arn()).available());
    assertEquals("available", cloud.clients().rds.describeDBInstances(b -> b.dbInstanceIdentifier("demo-db"))
        .dbInstances().get(0).dbInstanceStatus());
    assertFalse(snapshots.delete(first.arn()));
  }

  @Test
  void aSnapshotTheControlPlaneDidNotCreateIsNeverDeleted() {
    String id = "manual-" + backupSet();
    String arn = cloud.clients().rds.createDBSnapshot(b -> b.dbInstanceIdentifier(demo.dbInstanceId())
        .dbSnapshotIdentifier(id)).dbSnapshot().dbSnapshotArn();

    assertThrows(UnsafeToProceedException.class, () -> snapshots.delete(arn));

    assertTrue(snapshots.describe(arn).available());
  }

  @Test
  void copyOfASnapshotLandsInUsWest2CarryingTheSourceTags() {
    cloud.twin().backups().duration(JobType.DB_SNAPSHOT_COPY, Duration.ofMillis(500));
    String set = backupSet();
    DatabaseSnapshot source = available(snapshots.startInstanceSnapshot(demo.dbInstanceId(), "demo-" + set, tags(set)));

    assertThrows(InvalidInputException.class,
        () -> snapshots.copyToRegion(source.arn(), DR_REGION, "demo-" + set + "-dr", null), "encrypted: needs a key");
    DatabaseSnapshot copy = snapshots.copyToRegion(source.arn(), DR_REGION, "demo-" + set + "-dr", "alias/aws/rds");
    DatabaseSnapshot copied = await(() -> snapshots.describe(copy.arn()), s -> !s.inProgress());

    assertEquals("creating", copy.status());
    assertAll(
        () -> assertTrue(copied.available(), copied.status()),
        () -> assertEquals("arn:aws:rds:us-west-2:123456789012:snapshot:demo-" + set + "-dr", copied.arn()),
        () -> assertEquals(DR_REGION, copied.region()),
        () -> assertEquals(CLUSTER, copied.cluster()),
        () -> assertEquals(set, copied.backupSet()),
        () -> assertEquals(source.arn(), copied.tags().get(BackupTags.COPIED_FROM)),
        () -> assertTrue(copied.encrypted(), "the copy is encrypted too"),
        () -> assertEquals(List.of(copied.arn()), arns(snapshots.listOfCluster(CLUSTER, DR_REGION)).stream()
            .filter(a -> a.equals(copied.arn())).toList()),
        () -> assertFalse(arns(snapshots.listOfCluster(CLUSTER)).contains(copied.arn()), "not in the home region"),
        () -> assertTrue(snapshots.describe(source.arn()).available(), "the source stays"),
        () -> assertEquals(copied.arn(), snapshots.copyToRegion(source.arn(), DR_REGION, "demo-" + set + "-dr",
            "alias/aws/rds").arn(), "a retried copy is the same copy"));
  }

  @Test
  void restoreOfASnapshotCreatesANewInstanceAndLeavesTheSourceUntouched() {
    String set = backupSet();
    DBInstance sourceBefore = demoDb();
    DatabaseSnapshot snapshot = available(snapshots.startInstanceSnapshot(demo.dbInstanceId(), "demo-" + set, tags(set)));
    DatabaseRestore restore = new DatabaseRestore("restore-" + set, "db.t3.medium", null, false, List.of(),
        Map.of("purpose", "restore drill"));

    RestoredDatabase started = snapshots.restoreToNewInstance(snapshot.arn(), restore);
    RestoredDatabase restored = await(() -> snapshots.describeInstance(started.arn()), RestoredDatabase::available);

    DBInstance sourceAfter = demoDb();
    assertAll(
        () -> assertEquals("arn:aws:rds:us-east-1:123456789012:db:restore-" + set, restored.arn()),
        () -> assertEquals("restore-" + set, restored.id()),
        () -> assertEquals("db.t3.medium", restored.instanceClass()),
        () -> assertFalse(restored.multiAz()),
        () -> assertEquals("postgres", restored.engine()),
        () -> assertEquals("15.7", restored.engineVersion()),
        () -> assertTrue(restored.encrypted()),
        () -> assertEquals(snapshot.arn(), restored.restoredFrom()),
        () -> assertEquals("restore drill", restored.tags().get("purpose")),
        () -> assertNotNull(restored.endpoint()),
        () -> assertNotEquals(sourceBefore.endpoint().address(), restored.endpoint()),
        () -> assertEquals(sourceBefore.dbInstanceStatus(), sourceAfter.dbInstanceStatus()),
        () -> assertEquals(sourceBefore.dbInstanceClass(), sourceAfter.dbInstanceClass()),
        () -> assertEquals(sourceBefore.multiAZ(), sourceAfter.multiAZ()),
        () -> assertEquals(sourceBefore.endpoint(), sourceAfter.endpoint()),
        () -> assertEquals(started.arn(), snapshots.restoreToNewInstance(snapshot.arn(), restore).arn(),
            "a retried restore is the same restore"));
  }

  @Test
  void aRestoreNeverReusesAnExistingInstanceAndOnlyRestoredInstancesAreDeleted() {
    String set = backupSet();
    DatabaseSnapshot snapshot = available(snapshots.startInstanceSnapshot(demo.dbInstanceId(), "demo-" + set, tags(set)));
    String demoDbArn = demoDb().dbInstanceArn();
    RestoredDatabase restored = snapshots.restoreToNewInstance(snapshot.arn(),
        new DatabaseRestore("drill-" + set, "db.t3.medium", null, false, List.of(), Map.of()));

    assertThrows(PreconditionFailedException.class, () -> snapshots.restoreToNewInstance(snapshot.arn(),
        new DatabaseRestore(demo.dbInstanceId(), "db.t3.medium", null, false, List.of(), Map.of())));
    assertThrows(UnsafeToProceedException.class, () -> snapshots.deleteRestoredInstance(demoDbArn));
    assertTrue(snapshots.deleteRestoredInstance(restored.arn()));

    await(() -> {
      try {
        return snapshots.describeInstance(restored.arn()).status();
      } catch (PreconditionFailedException gone) {
        return "gone";
      }
    }, status -> status.equals("gone") || status.equals("deleting"));
    assertEquals("available", demoDb().dbInstanceStatus());
  }

  // ---- AWS Backup: backup jobs and recovery points --------------------------------------------

  @Test
  void efsBackupJobRunsToCompletedAndMakesATaggedRecoveryPoint() {
    cloud.twin().backups().duration(JobType.BACKUP, Duration.ofSeconds(1));
    String set = backupSet();

    BackupJob started = backups.startBackup(demo.fileSystemId(), demo.backupVault(), Twin.BACKUP_ROLE_ARN, tags(set),
        set);
    Set<JobState> seen = new LinkedHashSet<>();
    BackupJob done = await(() -> backups.describeBackupJob(started.jobId()), j -> {
      seen.add(j.state());
      return j.state().finished();
    });
    RecoveryPoint point = backups.describeRecoveryPoint(demo.backupVault(), done.recoveryPointArn());

    assertAll(
        () -> assertEquals(JobState.CREATED, started.state()),
        () -> assertTrue(started.recoveryPointArn().matches(
            "arn:aws:backup:us-east-1:123456789012:recovery-point:[0-9A-F-]{36}"), started.recoveryPointArn()),
        () -> assertTrue(seen.contains(JobState.RUNNING), seen.toString()),
        () -> assertEquals(JobState.COMPLETED, done.state()),
        () -> assertEquals(100.0, done.percentDone()),
        () -> assertNotNull(done.completedAt()),
        () -> assertEquals(started.recoveryPointArn(), done.recoveryPointArn()),
        () -> assertEquals(fileSystemArn, done.resourceArn()),
        () -> assertTrue(point.completed(), point.status()),
        () -> assertEquals(fileSystemArn, point.resourceArn()),
        () -> assertEquals("EFS", point.resourceType()),
        () -> assertEquals(Twin.BACKUP_VAULT, point.vault()),
        () -> assertTrue(point.encrypted()),
        () -> assertEquals(CLUSTER, point.cluster()),
        () -> assertEquals(set, point.backupSet()));
  }

  @Test
  void aFailingBackupJobEndsFailedWithItsMessageAndNoRecoveryPoint() {
    cloud.twin().backups().duration(JobType.BACKUP, Duration.ofMillis(300))
        .failNext(JobType.BACKUP, "Access denied to the file system");
    String set = backupSet();

    BackupJob started = backups.startBackup(demo.fileSystemId(), demo.backupVault(), Twin.BACKUP_ROLE_ARN, tags(set),
        set);
    BackupJob done = await(() -> backups.describeBackupJob(started.jobId()), j -> j.state().finished());

    assertEquals(JobState.FAILED, done.state());
    assertEquals("Access denied to the file system", done.statusMessage());
    assertThrows(PreconditionFailedException.class,
        () -> backups.describeRecoveryPoint(demo.backupVault(), started.recoveryPointArn()));
  }

  @Test
  void theSameIdempotencyTokenStartsOneBackupJob() {
    String set = backupSet();

    BackupJob first = backups.startBackup(demo.fileSystemId(), demo.backupVault(), Twin.BACKUP_ROLE_ARN, tags(set), set);
    BackupJob second = backups.startBackup(fileSystemArn, demo.backupVault(), Twin.BACKUP_ROLE_ARN, tags(set), set);

    assertEquals(first.jobId(), second.jobId());
    assertEquals(first.recoveryPointArn(), second.recoveryPointArn());
  }

  @Test
  void backupIntoAMissingVaultOrOfAMissingFileSystemIsAPreconditionFailure() {
    String set = backupSet();

    PreconditionFailedException noVault = assertThrows(PreconditionFailedException.class,
        () -> backups.startBackup(demo.fileSystemId(), "no-such-vault", Twin.BACKUP_ROLE_ARN, tags(set), set));
    PreconditionFailedException noFileSystem = assertThrows(PreconditionFailedException.class,
        () -> backups.startBackup("fs-0123456789abcdef0", demo.backupVault(), Twin.BACKUP_ROLE_ARN, tags(set), set));
    PreconditionFailedException noJob = assertThrows(PreconditionFailedException.class,
        () -> backups.describeBackupJob(UUID.randomUUID().toString().toUpperCase()));

    assertTrue(noVault.getMessage().contains("no-such-vault"), noVault.getMessage());
    assertTrue(noFileSystem.getMessage().contains("fs-0123456789abcdef0"), noFileSystem.getMessage());
    assertTrue(noJob.getMessage().contains("does not exist"), noJob.getMessage());
  }

  @Test
  void malformedInputIsRefusedBeforeAnyAwsBackupCall() {
    cloud.gateway().resetCounts();
    String set = backupSet();

    assertThrows(InvalidInputException.class,
        () -> backups.startBackup(demo.fileSystemId(), demo.backupVault(), "not-a-role", tags(set), set));
    assertThrows(InvalidInputException.class,
        () -> backups.startBackup(demo.fileSystemId(), demo.backupVault(), Twin.BACKUP_ROLE_ARN, tags(set), "bad token!"));
    assertThrows(InvalidInputException.class,
        () -> backups.describeRecoveryPoint(demo.backupVault(), "not-an-arn"));
    assertThrows(InvalidInputException.class,
        () -> snapshots.copyToRegion("arn:aws:rds:us-east-1:123456789012:snapshot:x", "mars-1", "y", null));

    assertTrue(cloud.gateway().callCounts().keySet().stream().noneMatch(k -> k.startsWith("backup:")
        || k.startsWith("rds:")), cloud.gateway().callCounts().toString());
  }

  @Test
  void listByTagsFindsOnlyThisClustersRecoveryPoints() {
    String set = backupSet();
    String other = "other-" + set;
    RecoveryPoint ours = completedBackup(tags(set));
    RecoveryPoint foreign = completedBackup(new BackupTags(other, set));

    List<RecoveryPoint> demos = backups.listByTags(demo.backupVault(), Map.of(BackupTags.CLUSTER, CLUSTER));
    List<RecoveryPoint> thisSet = backups.listByTags(demo.backupVault(),
        Map.of(BackupTags.CLUSTER, CLUSTER, BackupTags.BACKUP_SET, set));
    List<RecoveryPoint> ofTheFileSystem = backups.listByResource(demo.backupVault(), fileSystemArn);

    assertTrue(pointArns(demos).contains(ours.arn()), demos.toString());
    assertFalse(pointArns(demos).contains(foreign.arn()));
    assertTrue(demos.stream().allMatch(p -> CLUSTER.equals(p.cluster())), demos.toString());
    assertEquals(List.of(ours.arn()), pointArns(thisSet));
    assertEquals(Map.of(BackupTags.CLUSTER, other, BackupTags.BACKUP_SET, set), backups.tagsOf(foreign.arn()));
    assertTrue(pointArns(ofTheFileSystem).containsAll(List.of(ours.arn(), foreign.arn())));
  }

  @Test
  void deleteRemovesOneRecoveryPointOnlyAndASecondDeleteIsNoError() {
    String set = backupSet();
    RecoveryPoint first = completedBackup(tags(set));
    RecoveryPoint second = completedBackup(tags(set));

    assertTrue(backups.deleteRecoveryPoint(demo.backupVault(), first.arn()));

    assertThrows(PreconditionFailedException.class, () -> backups.describeRecoveryPoint(demo.backupVault(), first.arn()));
    assertTrue(backups.describeRecoveryPoint(demo.backupVault(), second.arn()).completed());
    assertEquals(List.of(second.arn()), pointArns(backups.listByTags(demo.backupVault(),
        Map.of(BackupTags.BACKUP_SET, set))));
    assertFalse(backups.deleteRecoveryPoint(demo.backupVault(), first.arn()));
  }

  @Test
  void aRecoveryPointTheControlPlaneDidNotCreateIsNeverDeleted() {
    String arn = cloud.clients().backup.startBackupJob(b -> b.backupVaultName(demo.backupVault())
        .resourceArn(fileSystemArn).iamRoleArn(Twin.BACKUP_ROLE_ARN)).recoveryPointArn();

    assertThrows(UnsafeToProceedException.class, () -> backups.deleteRecoveryPoint(demo.backupVault(), arn));

    assertTrue(backups.describeRecoveryPoint(demo.backupVault(), arn).completed());
  }

  @Test
  void tagsAddedToARecoveryPointAreListedWithItsOwn() {
    String set = backupSet();
    RecoveryPoint point = completedBackup(tags(set));

    backups.tagRecoveryPoint(point.arn(), Map.of("connect-version", "2024.08.0"));

    assertEquals(Map.of(BackupTags.CLUSTER, CLUSTER, BackupTags.BACKUP_SET, set, "connect-version", "2024.08.0"),
        backups.tagsOf(point.arn()));
    assertThrows(InvalidInputException.class,
        () -> backups.tagRecoveryPoint(point.arn(), Map.of(BackupTags.BACKUP_SET, "another")));
  }

  @Test
  void copyOfARecoveryPointLandsInTheUsWest2Vault() {
    cloud.twin().backups().duration(JobType.COPY, Duration.ofMillis(500));
    String set = backupSet();
    RecoveryPoint source = completedBackup(tags(set));

    CopyJob started = backups.startCopy(demo.backupVault(), source.arn(), drVaultArn, Twin.BACKUP_ROLE_ARN, set);
    CopyJob done = await(() -> backups.describeCopyJob(started.region(), started.jobId()), j -> j.state().finished());
    RecoveryPoint copy = backups.describeRecoveryPoint(drVaultArn, done.destinationRecoveryPointArn());

    assertAll(
        () -> assertEquals("us-east-1", started.region()),
        () -> assertEquals(JobState.COMPLETED, done.state()),
        () -> assertEquals(source.arn(), done.sourceRecoveryPointArn()),
        () -> assertEquals(drVaultArn, done.destinationVaultArn()),
        () -> assertTrue(done.destinationRecoveryPointArn().startsWith("arn:aws:backup:us-west-2:123456789012:"
            + "recovery-point:"), done.destinationRecoveryPointArn()),
        () -> assertEquals(DR_REGION, copy.region()),
        () -> assertEquals("connect-ha-dr", copy.vault()),
        () -> assertEquals(fileSystemArn, copy.resourceArn()),
        () -> assertTrue(copy.sourceVaultArn().endsWith(":backup-vault:" + Twin.BACKUP_VAULT), copy.sourceVaultArn()),
        () -> assertEquals(source.tags(), copy.tags()),
        () -> assertEquals(List.of(copy.arn()), pointArns(backups.listByTags(drVaultArn,
            Map.of(BackupTags.BACKUP_SET, set)))),
        () -> assertTrue(backups.describeRecoveryPoint(demo.backupVault(), source.arn()).completed(), "the source stays"));
  }

  // ---- AWS Backup: restores -------------------------------------------------------------------

  @Test
  void restoreOfARecoveryPointCreatesANewEncryptedFileSystemAndReportsTheRestoreDirectory() {
    cloud.twin().backups().duration(JobType.RESTORE, Duration.ofMillis(500));
    String set = backupSet();
    RecoveryPoint point = completedBackup(tags(set));
    int fileSystemsBefore = cloud.clients().efs.describeFileSystems().fileSystems().size();

    RestoreJob started = backups.startRestoreToNewFileSystem(demo.backupVault(), point.arn(), Twin.BACKUP_ROLE_ARN,
        new FileSystemRestore("restore-" + set), set);
    RestoreJob done = await(() -> backups.describeRestoreJob(started.region(), started.jobId()),
        j -> j.state().finished());
    FileSystemDescription created = cloud.clients().efs.describeFileSystems(b -> b.fileSystemId(done.createdFileSystemId()))
        .fileSystems().get(0);

    assertAll(
        () -> assertFalse(started.state().finished(), started.state().toString()),
        () -> assertEquals(JobState.COMPLETED, done.state()),
        () -> assertNotEquals(demo.fileSystemId(), done.createdFileSystemId()),
        () -> assertEquals(created.fileSystemArn(), done.createdResourceArn()),
        () -> assertTrue(created.encrypted(), "restored unencrypted"),
        () -> assertEquals("restore-" + set, created.creationToken()),
        () -> assertEquals("available", created.lifeCycleStateAsString()),
        () -> assertEquals(fileSystemsBefore + 1, cloud.clients().efs.describeFileSystems().fileSystems().size()),
        () -> assertTrue(done.expectedRestoreDirectory().matches(
            "aws-backup-restore_\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}-\\d{3}Z"), done.expectedRestoreDirectory()),
        () -> assertEquals(cloud.twin().backups().restoreDirectoryOf(done.createdFileSystemId()).orElseThrow(),
            done.expectedRestoreDirectory()),
        () -> assertEquals(started.jobId(), backups.startRestoreToNewFileSystem(demo.backupVault(), point.arn(),
            Twin.BACKUP_ROLE_ARN, new FileSystemRestore("restore-" + set), set).jobId(), "a retried restore is the same"));
  }

  @Test
  void aFailingRestoreEndsFailedWithItsMessageAndCreatesNoFileSystem() {
    cloud.twin().backups().failNext(JobType.RESTORE, "Insufficient permissions to create the file system");
    String set = backupSet();
    RecoveryPoint point = completedBackup(tags(set));
    int fileSystemsBefore = cloud.clients().efs.describeFileSystems().fileSystems().size();

    RestoreJob started = backups.startRestoreToNewFileSystem(demo.backupVault(), point.arn(), Twin.BACKUP_ROLE_ARN,
        new FileSystemRestore("restore-" + set), set);
    RestoreJob done = await(() -> backups.describeRestoreJob(started.region(), started.jobId()),
        j -> j.state().finished());

    assertEquals(JobState.FAILED, done.state());
    assertEquals("Insufficient permissions to create the file system", done.statusMessage());
    assertEquals(null, done.createdFileSystemId());
    assertEquals(fileSystemsBefore, cloud.clients().efs.describeFileSystems().fileSystems().size());
  }

  @Test
  void throttlingOfAwsBackupSurfacesAsAwsThrottledException() {
    String set = backupSet();
    BackupJob job = backups.startBackup(demo.fileSystemId(), demo.backupVault(), Twin.BACKUP_ROLE_ARN, tags(set), set);
    cloud.gateway().injectFault("backup", "GET /backup-jobs/{id}", 400, "ThrottlingException", 10);
    cloud.gateway().injectFault("backup", "PUT /backup-jobs", 400, "ThrottlingException", 10);

    AwsThrottledException describing = assertThrows(AwsThrottledException.class,
        () -> backups.describeBackupJob(job.jobId()));
    AwsThrottledException starting = assertThrows(AwsThrottledException.class,
        () -> backups.startBackup(demo.fileSystemId(), demo.backupVault(), Twin.BACKUP_ROLE_ARN, tags(set), backupSet()));

    assertTrue(describing.retryable());
    assertTrue(describing.getMessage().contains("ThrottlingException"), describing.getMessage());
    assertTrue(starting.getMessage().contains("ThrottlingException"), starting.getMessage());
    cloud.gateway().clearFaults();
    assertEquals(JobState.COMPLETED, backups.describeBackupJob(job.jobId()).state());
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** A backup set id that is also a valid tail of RDS identifiers (letters, digits, one hyphen). */
  private static String backupSet() {
    return "s" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  private static BackupTags tags(String set) {
    return new BackupTags(CLUSTER, set);
  }

  private DatabaseSnapshot available(DatabaseSnapshot started) {
    DatabaseSnapshot done = await(() -> snapshots.describe(started.arn()), s -> !s.inProgress());
    assertTrue(done.available(), done.status());
    return done;
  }

  private RecoveryPoint completedBackup(BackupTags tags) {
    BackupJob job = backups.startBackup(demo.fileSystemId(), demo.backupVault(), Twin.BACKUP_ROLE_ARN, tags,
        backupSet());
    BackupJob done = await(() -> backups.describeBackupJob(job.jobId()), j -> j.state().finished());
    assertEquals(JobState.COMPLETED, done.state(), done.statusMessage());
    return backups.describeRecoveryPoint(demo.backupVault(), done.recoveryPointArn());
  }

  private DBInstance demoDb() {
    return cloud.clients().rds.describeDBInstances(b -> b.dbInstanceIdentifier(demo.dbInstanceId())).dbInstances().get(0);
  }

  private static List<String> arns(List<DatabaseSnapshot> list) {
    return list.stream().map(DatabaseSnapshot::arn).toList();
  }

  private static List<String> pointArns(List<RecoveryPoint> list) {
    return list.stream().map(RecoveryPoint::arn).toList();
  }

  /** Reads until {@code done} holds, polling every 50 ms up to {@link #TIMEOUT}. */
  private static <T> T await(Supplier<T> read, Predicate<T> done) {
    Instant deadline = Instant.now().plus(TIMEOUT);
    T value = read.get();
    while (!done.test(value)) {
      assertTrue(Instant.now().isBefore(deadline), "still " + value + " after " + TIMEOUT);
      LocalCloud.pause(Duration.ofMillis(50));
      value = read.get();
    }
    return value;
  }
}
