package dev.connectha.backup;

import dev.connectha.config.Polling;
import dev.connectha.fakes.FakeBackupSets;
import dev.connectha.fakes.FakeClusterRegistry;
import dev.connectha.fakes.FakeDatabaseSnapshots;
import dev.connectha.fakes.FakeFileSystemBackups;
import dev.connectha.fakes.FakeFileSystems;
import dev.connectha.fakes.FakeKeptConfigurations;
import dev.connectha.fakes.FakeLearnedStates;
import dev.connectha.model.BackupMode;
import dev.connectha.model.BackupSet;
import dev.connectha.model.BackupStatus;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.backup.BackupJob;
import dev.connectha.model.backup.BackupTags;
import dev.connectha.model.backup.DatabaseSnapshot;
import dev.connectha.model.backup.JobState;
import dev.connectha.model.backup.RecoveryPoint;
import dev.connectha.model.backup.RestoreJob;
import dev.connectha.model.backup.RestoredDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One small world over the shared fakes of the ports a restore (and a backup set's wait) uses: a cluster "prod"
 * with its DB instance and file system, one COMPLETE backup set, and whatever the restore creates.
 * Every adapter call is logged in {@link #calls}; the mutating ones also in {@link #mutations}.
 * Restore jobs and new DB instances stay in progress until a test finishes them.
 */
final class FakeRestoreCloud {
  static final String CLUSTER = "prod";
  static final String REGION = "eu-west-1";
  static final String ACCOUNT = "123456789012";
  static final String SET = "bs-0123456789abcdef";
  static final String SOURCE_DB = "prod-db";
  static final String SOURCE_FS = "fs-0123abcd";
  static final String VAULT = "Default";
  static final String ROLE = "arn:aws:iam::" + ACCOUNT + ":role/connect-ha-backup";
  static final String SNAPSHOT_ARN = "arn:aws:rds:" + REGION + ":" + ACCOUNT + ":snapshot:connect-ha-" + SET;
  static final String POINT_ARN = "arn:aws:backup:" + REGION + ":" + ACCOUNT + ":recovery-point:0F1E2D3C-AAAA-BBBB-CCCC-0123456789AB";
  static final String EXECUTION = "arn:aws:states:" + REGION + ":" + ACCOUNT + ":execution:connect-ha-restore:drill-1";
  static final Instant TAKEN = Instant.parse("2024-08-01T03:00:00Z");
  static final Instant RESTORE_STARTED = Instant.parse("2024-08-02T10:15:30.123Z");

  final List<String> calls = new ArrayList<>();
  final List<String> mutations = new ArrayList<>();

  final FakeClusterRegistry registry = new FakeClusterRegistry(calls);
  final FakeLearnedStates learned = new FakeLearnedStates(calls);
  final FakeBackupSets backupSets = new FakeBackupSets(calls);
  final FakeDatabaseSnapshots snapshots = new FakeDatabaseSnapshots(REGION, ACCOUNT, calls, mutations);
  final FakeFileSystemBackups fileBackups = new FakeFileSystemBackups(REGION,
      Clock.fixed(RESTORE_STARTED, ZoneOffset.UTC), calls, mutations);
  final FakeFileSystems efs = new FakeFileSystems(calls, mutations);
  final FakeKeptConfigurations configurations = new FakeKeptConfigurations(calls);

  final Map<String, BackupSet> sets = backupSets.sets;
  final Map<String, DatabaseSnapshot> snapshotsByArn = snapshots.snapshotsByArn;
  final Map<String, RestoredDatabase> instancesByArn = snapshots.instancesByArn;
  final Map<String, RecoveryPoint> points = fileBackups.points;
  final Map<String, BackupJob> backupJobs = fileBackups.backupJobs;
  final Map<String, RestoreJob> jobs = fileBackups.restoreJobs;
  final Map<String, FakeFileSystems.FileSystem> fileSystemsById = efs.byId;
  int nextFileSystem = 1;

  FakeRestoreCloud() {
    registry.documents.put(CLUSTER, new ClusterDocument(CLUSTER, null, SOURCE_DB, null, SOURCE_FS, null, Map.of(), VAULT, ROLE,
        "https://cdn.posit.co/connect", 2, ConnectVersion.parse("2024.08.0")));
    sets.put(SET, new BackupSet(SET, CLUSTER, BackupMode.COLD, TAKEN, TAKEN.plusSeconds(600),
        ConnectVersion.parse("2024.08.0"), "connect-ha-" + SET, SNAPSHOT_ARN, POINT_ARN, BackupStatus.COMPLETE, null,
        List.of(), "job-backup-1"));
    snapshotsByArn.put(SNAPSHOT_ARN, new DatabaseSnapshot(SNAPSHOT_ARN, REGION, DatabaseSnapshot.Kind.INSTANCE,
        "connect-ha-" + SET, SOURCE_DB, "available", "postgres", "15.7", true, 100, TAKEN,
        Map.of(BackupTags.CLUSTER, CLUSTER, BackupTags.BACKUP_SET, SET)));
    String sourceArn = instanceArn(SOURCE_DB);
    instancesByArn.put(sourceArn, new RestoredDatabase(sourceArn, REGION, SOURCE_DB, "db.m6g.large", "available",
        "postgres", "15.7", true, true, "prod-db.abc.eu-west-1.rds.amazonaws.com", null, Map.of()));
    points.put(POINT_ARN, new RecoveryPoint(POINT_ARN, REGION, VAULT,
        "arn:aws:elasticfilesystem:" + REGION + ":" + ACCOUNT + ":file-system/" + SOURCE_FS, "EFS", "COMPLETED", true,
        5L << 30, TAKEN, TAKEN.plusSeconds(300), null, Map.of(BackupTags.CLUSTER, CLUSTER, BackupTags.BACKUP_SET, SET)));
    efs.add(new FakeFileSystems.FileSystem(SOURCE_FS, "prod-data").withMountTargetsIn("eu-west-1a", "eu-west-1b"));
  }

  static String instanceArn(String id) {
    return "arn:aws:rds:" + REGION + ":" + ACCOUNT + ":db:" + id;
  }

  BackupSetService backupSetService(Clock clock, Polling.Sleeper sleeper) {
    return new BackupSetService(registry, learned, backupSets, snapshots, fileBackups, configurations, clock, sleeper);
  }

  RestoreService service() {
    return new RestoreService(registry, backupSets, snapshots, fileBackups, efs, efs, configurations);
  }

  /** Puts the set in {@code status} (and takes away what such a set lacks). */
  void setStatus(BackupStatus status) {
    BackupSet set = sets.get(SET);
    sets.put(SET, set.withStatus(status, status == BackupStatus.COMPLETE ? null : "file system backup job FAILED"));
  }

  // ---- driving the restore --------------------------------------------------------------------

  /** The only DB instance a restore created, or null. */
  RestoredDatabase restoredInstance() {
    return instancesByArn.values().stream().filter(i -> i.restoredFrom() != null).findFirst().orElse(null);
  }

  void instanceBecomes(String status) {
    RestoredDatabase i = restoredInstance();
    instancesByArn.put(i.arn(), new RestoredDatabase(i.arn(), i.region(), i.id(), i.instanceClass(), status, i.engine(),
        i.engineVersion(), i.multiAz(), i.encrypted(), status.equals("available") ? i.id() + ".xyz." + REGION
            + ".rds.amazonaws.com" : i.endpoint(), i.restoredFrom(), i.tags()));
  }

  /** Changes the restored instance as RDS would report it (engine version, encryption, Multi-AZ). */
  void instanceReports(String engineVersion, boolean encrypted, boolean multiAz) {
    RestoredDatabase i = restoredInstance();
    instancesByArn.put(i.arn(), new RestoredDatabase(i.arn(), i.region(), i.id(), i.instanceClass(), i.status(),
        i.engine(), engineVersion, multiAz, encrypted, i.endpoint(), i.restoredFrom(), i.tags()));
  }

  RestoreJob onlyJob() {
    return jobs.values().iterator().next();
  }

  /** The restore job completes and, as AWS Backup does, creates a new (untagged) file system. */
  FakeFileSystems.FileSystem jobCompletes() {
    RestoreJob job = onlyJob();
    FakeFileSystems.FileSystem fs = efs.add(new FakeFileSystems.FileSystem("fs-0restored" + nextFileSystem++,
        fileBackups.creationTokenOfJob.get(job.jobId())));
    jobs.put(job.jobId(), new RestoreJob(job.jobId(), job.region(), job.recoveryPointArn(), JobState.COMPLETED, null,
        100.0, "arn:aws:elasticfilesystem:" + REGION + ":" + ACCOUNT + ":file-system/" + fs.id, fs.id, job.createdAt(),
        RESTORE_STARTED.plusSeconds(900)));
    return fs;
  }

  void jobFails(String message) {
    RestoreJob job = onlyJob();
    jobs.put(job.jobId(), new RestoreJob(job.jobId(), job.region(), job.recoveryPointArn(), JobState.FAILED, message,
        40.0, null, null, job.createdAt(), RESTORE_STARTED.plusSeconds(60)));
  }
}
