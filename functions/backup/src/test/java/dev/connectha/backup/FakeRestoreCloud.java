package dev.connectha.backup;

import dev.connectha.ports.BackupSets;
import dev.connectha.ports.ClusterRegistry;
import dev.connectha.ports.DatabaseSnapshots;
import dev.connectha.ports.FileSystemBackups;
import dev.connectha.ports.FileSystems;
import dev.connectha.ports.RestoredFileSystems;
import dev.connectha.config.Polling;
import dev.connectha.errors.BackupSetNotFoundException;
import dev.connectha.errors.ClusterNotFoundException;
import dev.connectha.errors.NotReadyException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.errors.UnsafeToProceedException;
import dev.connectha.model.BackupMode;
import dev.connectha.model.BackupSet;
import dev.connectha.model.BackupStatus;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.FileSystemState;
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
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hand-written fakes of the adapters a restore (and a backup set's wait) uses, sharing one small world: a cluster "prod"
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

  final Map<String, ClusterDocument> clusters = new LinkedHashMap<>();
  final Map<String, BackupSet> sets = new LinkedHashMap<>();
  final Map<String, DatabaseSnapshot> snapshotsByArn = new LinkedHashMap<>();
  final Map<String, RestoredDatabase> instancesByArn = new LinkedHashMap<>();
  final Map<String, RecoveryPoint> points = new LinkedHashMap<>();
  final Map<String, BackupJob> backupJobs = new LinkedHashMap<>();
  final Map<String, RestoreJob> jobs = new LinkedHashMap<>();
  final Map<String, String> jobsByToken = new LinkedHashMap<>();
  final Map<String, String> creationTokenOfJob = new LinkedHashMap<>();
  final Map<String, FakeFileSystem> fileSystemsById = new LinkedHashMap<>();
  /** A message to refuse the next DB restore with (as RDS refuses an unknown instance class). */
  String refuseNextDbRestore;
  int nextFileSystem = 1;

  static final class FakeFileSystem {
    final String id;
    final String creationToken;
    boolean encrypted = true;
    String lifecycle = "available";
    final Map<String, String> tags = new LinkedHashMap<>();
    int mountTargets;

    FakeFileSystem(String id, String creationToken) {
      this.id = id;
      this.creationToken = creationToken;
    }
  }

  final ClusterRegistry registry = name -> {
    calls.add("registry.load " + name);
    ClusterDocument doc = clusters.get(name);
    if (doc == null) {
      throw new ClusterNotFoundException("no cluster document /connect-ha/clusters/" + name);
    }
    return doc;
  };

  final Sets backupSets = new Sets();
  final Snapshots snapshots = new Snapshots();
  final Backups fileBackups = new Backups();
  final Efs efs = new Efs();

  FakeRestoreCloud() {
    clusters.put(CLUSTER, new ClusterDocument(CLUSTER, null, SOURCE_DB, null, SOURCE_FS, null, Map.of(), VAULT, ROLE,
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
    FakeFileSystem source = new FakeFileSystem(SOURCE_FS, "prod-data");
    source.mountTargets = 2;
    fileSystemsById.put(SOURCE_FS, source);
  }

  static String instanceArn(String id) {
    return "arn:aws:rds:" + REGION + ":" + ACCOUNT + ":db:" + id;
  }

  BackupSetService backupSetService(Clock clock, Polling.Sleeper sleeper) {
    return new BackupSetService(registry, backupSets, snapshots, fileBackups, clock, sleeper);
  }

  RestoreService service() {
    return new RestoreService(registry, backupSets, snapshots, fileBackups, efs, efs);
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
  FakeFileSystem jobCompletes() {
    RestoreJob job = onlyJob();
    FakeFileSystem fs = new FakeFileSystem("fs-0restored" + nextFileSystem++, creationTokenOfJob.get(job.jobId()));
    fileSystemsById.put(fs.id, fs);
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

  // ---- fakes ----------------------------------------------------------------------------------

  final class Sets implements BackupSets {
    @Override
    public BackupSet put(BackupSet set) {
      throw new UnsupportedOperationException("a restore never records backup sets");
    }

    @Override
    public BackupSet update(BackupSet set) {
      throw new UnsupportedOperationException("a restore never changes backup sets");
    }

    @Override
    public BackupSet get(String cluster, String setId) {
      calls.add("sets.get " + setId);
      BackupSet set = sets.get(setId);
      if (set == null || !set.cluster().equals(cluster)) {
        throw new BackupSetNotFoundException("cluster " + cluster + " has no backup set " + setId);
      }
      return set;
    }

    @Override
    public List<BackupSet> list(String cluster) {
      throw new UnsupportedOperationException();
    }
  }

  final class Snapshots implements DatabaseSnapshots {
    @Override
    public DatabaseSnapshot describe(String snapshotArn) {
      calls.add("rds.describeSnapshot " + snapshotArn);
      DatabaseSnapshot s = snapshotsByArn.get(snapshotArn);
      if (s == null) {
        throw new PreconditionFailedException("DB snapshot " + snapshotArn + " does not exist");
      }
      return s;
    }

    @Override
    public RestoredDatabase restoreToNewInstance(String snapshotArn, DatabaseRestore restore) {
      calls.add("rds.restore " + restore.newInstanceId());
      String arn = instanceArn(restore.newInstanceId());
      RestoredDatabase existing = instancesByArn.get(arn);
      if (existing != null) {
        if (snapshotArn.equals(existing.restoredFrom())) {
          return existing;
        }
        throw new PreconditionFailedException("DB instance " + restore.newInstanceId() + " already exists");
      }
      if (refuseNextDbRestore != null) {
        String message = refuseNextDbRestore;
        refuseNextDbRestore = null;
        throw new PreconditionFailedException(message);
      }
      mutations.add("rds.restore " + restore.newInstanceId() + " " + restore.instanceClass()
          + (restore.multiAz() ? " multi-az" : " single-az"));
      DatabaseSnapshot s = snapshotsByArn.get(snapshotArn);
      Map<String, String> tags = new LinkedHashMap<>(restore.tags());
      tags.put(BackupTags.RESTORED_FROM, snapshotArn);
      RestoredDatabase created = new RestoredDatabase(arn, REGION, restore.newInstanceId(), restore.instanceClass(),
          "creating", s.engine(), s.engineVersion(), restore.multiAz(), s.encrypted(), null, snapshotArn, tags);
      instancesByArn.put(arn, created);
      return created;
    }

    @Override
    public RestoredDatabase describeInstance(String dbInstanceArn) {
      calls.add("rds.describeInstance " + dbInstanceArn);
      RestoredDatabase i = instancesByArn.get(dbInstanceArn);
      if (i == null) {
        throw new PreconditionFailedException("DB instance " + dbInstanceArn + " does not exist");
      }
      return i;
    }

    @Override
    public RestoredDatabase tagRestoredInstance(String dbInstanceArn, Map<String, String> tags) {
      calls.add("rds.tag " + dbInstanceArn);
      mutations.add("rds.tag " + tags.keySet());
      RestoredDatabase i = describeInstance(dbInstanceArn);
      if (i.restoredFrom() == null) {
        throw new UnsafeToProceedException("not restored");
      }
      Map<String, String> all = new LinkedHashMap<>(i.tags());
      all.putAll(tags);
      RestoredDatabase tagged = new RestoredDatabase(i.arn(), i.region(), i.id(), i.instanceClass(), i.status(),
          i.engine(), i.engineVersion(), i.multiAz(), i.encrypted(), i.endpoint(), i.restoredFrom(), all);
      instancesByArn.put(dbInstanceArn, tagged);
      return tagged;
    }

    @Override
    public boolean deleteRestoredInstance(String dbInstanceArn) {
      calls.add("rds.delete " + dbInstanceArn);
      RestoredDatabase i = instancesByArn.get(dbInstanceArn);
      if (i == null) {
        return false;
      }
      if (i.restoredFrom() == null) {
        throw new UnsafeToProceedException("DB instance " + dbInstanceArn + " was not restored");
      }
      mutations.add("rds.delete " + i.id());
      instancesByArn.remove(dbInstanceArn);
      return true;
    }

    @Override
    public DatabaseSnapshot startInstanceSnapshot(String dbInstanceId, String snapshotId, BackupTags tags) {
      throw new UnsupportedOperationException("a restore takes no snapshot");
    }

    @Override
    public DatabaseSnapshot startClusterSnapshot(String dbClusterId, String snapshotId, BackupTags tags) {
      throw new UnsupportedOperationException("a restore takes no snapshot");
    }

    @Override
    public List<DatabaseSnapshot> listOfCluster(String cluster) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<DatabaseSnapshot> listOfCluster(String cluster, String region) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean delete(String snapshotArn) {
      throw new UnsupportedOperationException("a restore never deletes a snapshot");
    }

    @Override
    public DatabaseSnapshot copyToRegion(String snapshotArn, String destinationRegion, String targetSnapshotId,
        String kmsKeyId) {
      throw new UnsupportedOperationException();
    }
  }

  final class Backups implements FileSystemBackups {
    @Override
    public RecoveryPoint describeRecoveryPoint(String vault, String recoveryPointArn) {
      calls.add("backup.describeRecoveryPoint " + recoveryPointArn);
      RecoveryPoint p = points.get(recoveryPointArn);
      if (p == null) {
        throw new PreconditionFailedException("recovery point " + recoveryPointArn + " does not exist");
      }
      return p;
    }

    @Override
    public RestoreJob startRestoreToNewFileSystem(String vault, String recoveryPointArn, String iamRoleArn,
        FileSystemRestore restore, String idempotencyToken) {
      calls.add("backup.startRestore " + idempotencyToken);
      String earlier = jobsByToken.get(idempotencyToken);
      if (earlier != null) {
        return jobs.get(earlier);
      }
      mutations.add("backup.startRestore " + restore.creationToken());
      String id = "job-restore-" + (jobs.size() + 1);
      RestoreJob job = new RestoreJob(id, REGION, recoveryPointArn, JobState.RUNNING, null, 10.0, null, null,
          RESTORE_STARTED, null);
      jobs.put(id, job);
      jobsByToken.put(idempotencyToken, id);
      creationTokenOfJob.put(id, restore.creationToken());
      return job;
    }

    @Override
    public RestoreJob describeRestoreJob(String region, String restoreJobId) {
      calls.add("backup.describeRestoreJob " + restoreJobId);
      RestoreJob job = jobs.get(restoreJobId);
      if (job == null || !job.region().equals(region)) {
        throw new PreconditionFailedException("restore job " + restoreJobId + " does not exist in " + region);
      }
      return job;
    }

    @Override
    public BackupJob startBackup(String fileSystem, String vault, String iamRoleArn, BackupTags tags, String token) {
      throw new UnsupportedOperationException("a restore takes no backup");
    }

    @Override
    public BackupJob describeBackupJob(String jobId) {
      calls.add("backup.describeBackupJob " + jobId);
      return Optional.ofNullable(backupJobs.get(jobId)).orElseThrow(() -> new UnsupportedOperationException(jobId));
    }

    @Override
    public List<RecoveryPoint> listByResource(String vault, String resourceArn) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<RecoveryPoint> listByTags(String vault, Map<String, String> tags) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean deleteRecoveryPoint(String vault, String recoveryPointArn) {
      throw new UnsupportedOperationException("a restore never deletes a recovery point");
    }

    @Override
    public CopyJob startCopy(String vault, String recoveryPointArn, String destinationVaultArn, String iamRoleArn,
        String idempotencyToken) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CopyJob describeCopyJob(String region, String copyJobId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void tagRecoveryPoint(String recoveryPointArn, Map<String, String> tags) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, String> tagsOf(String recoveryPointArn) {
      throw new UnsupportedOperationException();
    }
  }

  final class Efs implements FileSystems, RestoredFileSystems {
    @Override
    public FileSystemState describe(String fileSystemId) {
      calls.add("efs.describe " + fileSystemId);
      FakeFileSystem fs = existing(fileSystemId);
      return new FileSystemState(fs.id, fs.encrypted, fs.lifecycle, fs.mountTargets == 0 ? List.of()
          : List.of("eu-west-1a", "eu-west-1b").subList(0, fs.mountTargets));
    }

    @Override
    public Map<String, String> tagsOf(String fileSystemId) {
      calls.add("efs.tagsOf " + fileSystemId);
      return Map.copyOf(existing(fileSystemId).tags);
    }

    @Override
    public Optional<String> findByCreationToken(String creationToken) {
      calls.add("efs.findByCreationToken " + creationToken);
      return fileSystemsById.values().stream().filter(fs -> creationToken.equals(fs.creationToken)).map(fs -> fs.id)
          .findFirst();
    }

    @Override
    public void tagRestored(String fileSystemId, String recoveryPointArn, Map<String, String> tags) {
      calls.add("efs.tagRestored " + fileSystemId);
      mutations.add("efs.tagRestored " + fileSystemId);
      FakeFileSystem fs = existing(fileSystemId);
      fs.tags.putAll(tags);
      fs.tags.put(BackupTags.RESTORED_FROM, recoveryPointArn);
    }

    @Override
    public boolean deleteRestored(String fileSystemId) {
      calls.add("efs.deleteRestored " + fileSystemId);
      FakeFileSystem fs = fileSystemsById.get(fileSystemId);
      if (fs == null) {
        return false;
      }
      if (!fs.tags.containsKey(BackupTags.RESTORED_FROM)) {
        throw new UnsafeToProceedException("file system " + fileSystemId + " has no restored-from tag");
      }
      if (fs.mountTargets > 0) {
        mutations.add("efs.deleteMountTargets " + fileSystemId);
        fs.mountTargets = 0;
        throw new NotReadyException("file system " + fileSystemId + " still has mount targets being deleted");
      }
      mutations.add("efs.delete " + fileSystemId);
      fileSystemsById.remove(fileSystemId);
      return true;
    }

    private FakeFileSystem existing(String fileSystemId) {
      FakeFileSystem fs = fileSystemsById.get(fileSystemId);
      if (fs == null) {
        throw new PreconditionFailedException("file system " + fileSystemId + " does not exist");
      }
      return fs;
    }
  }
}
