package dev.connectha.backup;

import dev.connectha.ports.BackupSets;
import dev.connectha.ports.ClusterRegistry;
import dev.connectha.ports.DatabaseSnapshots;
import dev.connectha.ports.FileSystemBackups;
import dev.connectha.ports.KeptConfigurations;
import dev.connectha.ports.LearnedStates;
import dev.connectha.config.Polling;
import dev.connectha.errors.ConnectHaException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.model.BackupMode;
import dev.connectha.model.BackupSet;
import dev.connectha.model.BackupSet.CopyStatus;
import dev.connectha.model.BackupSet.DrCopy;
import dev.connectha.model.BackupStatus;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.RetentionPolicy;
import dev.connectha.model.backup.AwsArn;
import dev.connectha.model.backup.BackupJob;
import dev.connectha.model.backup.BackupTags;
import dev.connectha.model.backup.CopyJob;
import dev.connectha.model.backup.DatabaseSnapshot;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.inject.Inject;

/**
 * Backup sets: an RDS snapshot and an AWS Backup job of the EFS file system started together,
 * waited, and recorded as one set with the version the database schema is at (the version a restore
 * needs). Every step is safe to
 * retry: the set id comes from the execution, the snapshot id and the backup job's idempotency
 * token from the set id.
 */
public final class BackupSetService {
  /** What a check found: whether both halves (or the DR copies) finished, and how each stands. */
  public record Progress(String setId, boolean done, String database, String fileSystem, List<DrCopy> drCopies) {}

  /** A finished set and the text the workflow publishes. */
  public record Completed(BackupSet set, String summary) {}

  /**
   * A set just started, with the cluster's topology: an eks set goes on to keep the Helm values and
   * the ConfigMap (RunWorkloadCommand's keepConfiguration) before it is awaited.
   */
  public record StartedSet(String setId, String topology, BackupSet set) {}

  /** What retention did. */
  public record Pruned(String cluster, List<String> expired, int kept, List<String> deleted, List<String> refused) {}

  private final ClusterRegistry registry;
  private final LearnedStates learned;
  private final BackupSets sets;
  private final DatabaseSnapshots snapshots;
  private final FileSystemBackups fileBackups;
  private final KeptConfigurations configurations;
  private final Clock clock;
  private final Polling.Sleeper sleeper;

  @Inject
  public BackupSetService(ClusterRegistry registry, LearnedStates learned, BackupSets sets, DatabaseSnapshots snapshots,
      FileSystemBackups fileBackups, KeptConfigurations configurations, Clock clock, Polling.Sleeper sleeper) {
    this.registry = registry;
    this.learned = learned;
    this.sets = sets;
    this.snapshots = snapshots;
    this.fileBackups = fileBackups;
    this.configurations = configurations;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /**
   * The cluster a backup is asked for, checked before anything is locked, stopped or started: it
   * exists (ClusterNotFoundException) and its document names what a backup needs
   * (PreconditionFailedException). BackupInput checks the other fields.
   */
  public ClusterDocument validate(String cluster) {
    ClusterDocument doc = registry.load(cluster);
    if (doc.backupRoleArn() == null || doc.backupRoleArn().isBlank()) {
      throw new PreconditionFailedException("cluster " + cluster + " has no backupRoleArn: AWS Backup cannot back up its file system");
    }
    if (doc.backupVault() == null || doc.backupVault().isBlank()) {
      throw new PreconditionFailedException("cluster " + cluster + " has no backupVault");
    }
    return doc;
  }

  /**
   * The Connect version a backup of the cluster belongs to: the version its database schema is at
   * (learned the moment a node started it, even if that upgrade halted later), else the version the
   * cluster was registered with. A restore of the set needs exactly this version.
   */
  public ConnectVersion schemaVersion(ClusterDocument doc) {
    return learned.versionsOf(doc).schemaVersion();
  }

  /** The set id of an execution: the same on every retry of the same execution. */
  static String setIdFor(String executionId) {
    String seed = executionId != null ? executionId : UUID.randomUUID().toString();
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
      return "bs-" + HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Checks the cluster document as {@link #validate} does, then starts both halves within seconds
   * of each other. A half that AWS refuses for good is recorded as the set's cause and the other
   * half goes on; retryable errors are thrown for the workflow to retry (the calls are idempotent).
   */
  public BackupSet start(String cluster, BackupMode mode, String executionId) {
    return start(validate(cluster), mode, executionId);
  }

  /** {@link #start(String, BackupMode, String)}, with the topology the workflow goes on by. */
  public StartedSet startSet(String cluster, BackupMode mode, String executionId) {
    ClusterDocument doc = validate(cluster);
    BackupSet set = start(doc, mode, executionId);
    return new StartedSet(set.setId(), doc.topology().json(), set);
  }

  private BackupSet start(ClusterDocument doc, BackupMode mode, String executionId) {
    String cluster = doc.name();
    String setId = setIdFor(executionId);
    Optional<BackupSet> earlier = sets.list(cluster).stream().filter(s -> s.setId().equals(setId)).findFirst();
    BackupSet set = earlier.orElseGet(() -> sets.put(BackupSet.started(setId, cluster, mode, clock.instant(),
        schemaVersion(doc))));
    if (set.status() != BackupStatus.IN_PROGRESS) {
      return set;
    }
    ConnectVersion version = set.connectVersion() != null ? set.connectVersion() : schemaVersion(doc);
    BackupTags tags = new BackupTags(cluster, setId, Map.of("connect-ha:connect-version", version.toString(),
        "connect-ha:backup-mode", mode.name().toLowerCase()));
    List<String> causes = new ArrayList<>();
    if (set.dbSnapshotArn() == null) {
      try {
        String snapshotId = "connect-ha-" + setId;
        DatabaseSnapshot snapshot = doc.dbClusterId() != null
            ? snapshots.startClusterSnapshot(doc.dbClusterId(), snapshotId, tags)
            : snapshots.startInstanceSnapshot(doc.dbInstanceId(), snapshotId, tags);
        set = set.withDbSnapshot(snapshot.id(), snapshot.arn());
      } catch (ConnectHaException e) {
        rethrowIfRetryable(e);
        causes.add("database snapshot did not start: " + e.getMessage());
      }
    }
    if (set.efsBackupJobId() == null) {
      try {
        BackupJob job = fileBackups.startBackup(doc.fileSystemId(), doc.backupVault(), doc.backupRoleArn(), tags, setId);
        set = set.withEfsBackupJob(job.jobId(), job.recoveryPointArn());
      } catch (ConnectHaException e) {
        rethrowIfRetryable(e);
        causes.add("file system backup did not start: " + e.getMessage());
      }
    }
    if (!causes.isEmpty()) {
      set = set.withStatus(set.status(), String.join("; ", causes));
    }
    if (set.dbSnapshotArn() == null && set.efsBackupJobId() == null) {
      set = set.withStatus(BackupStatus.FAILED, set.cause()).withCompletedAt(clock.instant());
    }
    return sets.update(set);
  }

  /**
   * {@link #check(String, String)}, with the halves read again every {@code every} until both
   * finished or {@code wait} is over: the last read is the answer. The set's record is read once.
   * A cold set is awaited this way, as Connect is down until it ends; a zero {@code wait} reads once.
   */
  public Progress await(String cluster, String setId, Duration wait, Duration every) {
    BackupSet set = sets.get(cluster, setId);
    if (set.status() != BackupStatus.IN_PROGRESS) {
      return copiesProgress(set);
    }
    return Polling.readUntil(() -> halvesProgress(set), Progress::done, wait, every, sleeper);
  }

  /** Whether both halves finished; for a finished set, whether its DR copies did. */
  public Progress check(String cluster, String setId) {
    BackupSet set = sets.get(cluster, setId);
    return set.status() != BackupStatus.IN_PROGRESS ? copiesProgress(set) : halvesProgress(set);
  }

  private Progress copiesProgress(BackupSet set) {
    BackupSet updated = checkCopies(set);
    boolean copying = updated.drCopies().stream().anyMatch(c -> c.status() == CopyStatus.IN_PROGRESS);
    return new Progress(set.setId(), !copying, updated.status().name(), updated.status().name(), updated.drCopies());
  }

  private Progress halvesProgress(BackupSet set) {
    String database = "not started";
    boolean databaseDone = true;
    if (set.dbSnapshotArn() != null) {
      DatabaseSnapshot snapshot = snapshots.describe(set.dbSnapshotArn());
      database = snapshot.status();
      databaseDone = !snapshot.inProgress();
    }
    String fileSystem = "not started";
    boolean fileSystemDone = true;
    if (set.efsBackupJobId() != null) {
      BackupJob job = fileBackups.describeBackupJob(set.efsBackupJobId());
      fileSystem = job.state().name();
      fileSystemDone = job.state().finished();
    }
    return new Progress(set.setId(), databaseDone && fileSystemDone, database, fileSystem, set.drCopies());
  }

  /**
   * Records the set's outcome: COMPLETE when both halves succeeded, INCOMPLETE when one did (it is
   * kept and tagged), FAILED when none did. {@code failure} is the workflow's error when it ends the
   * set early: a half still running then counts as not done.
   */
  public Completed complete(String cluster, String setId, String failure) {
    BackupSet set = sets.get(cluster, setId);
    if (set.status() == BackupStatus.IN_PROGRESS) {
      List<String> causes = new ArrayList<>();
      if (set.cause() != null) {
        causes.add(set.cause());
      }
      boolean databaseOk = false;
      if (set.dbSnapshotArn() != null) {
        DatabaseSnapshot snapshot = snapshots.describe(set.dbSnapshotArn());
        databaseOk = snapshot.available();
        if (!databaseOk) {
          causes.add("database snapshot " + snapshot.id() + " is " + snapshot.status());
        }
      }
      boolean fileSystemOk = false;
      String recoveryPoint = set.efsRecoveryPointArn();
      if (set.efsBackupJobId() != null) {
        BackupJob job = fileBackups.describeBackupJob(set.efsBackupJobId());
        fileSystemOk = job.state().succeeded() && job.recoveryPointArn() != null;
        if (fileSystemOk) {
          // tagged by the job itself (StartBackupJob's recovery point tags): retention relies on it
          recoveryPoint = job.recoveryPointArn();
        } else {
          causes.add("file system backup job " + job.jobId() + " is " + job.state()
              + (job.statusMessage() == null ? "" : ": " + job.statusMessage()));
        }
      }
      if (failure != null && !(databaseOk && fileSystemOk)) {
        causes.add("the workflow failed: " + failure);
      }
      BackupStatus status = databaseOk && fileSystemOk ? BackupStatus.COMPLETE
          : databaseOk || fileSystemOk ? BackupStatus.INCOMPLETE : BackupStatus.FAILED;
      set = sets.update(set.withEfsBackupJob(set.efsBackupJobId(), fileSystemOk ? recoveryPoint : set.efsRecoveryPointArn())
          .withStatus(status, status == BackupStatus.COMPLETE ? null : String.join("; ", causes))
          .withCompletedAt(clock.instant()));
    }
    return new Completed(set, summary(set));
  }

  static String summary(BackupSet set) {
    StringBuilder text = new StringBuilder();
    text.append("Backup set ").append(set.setId()).append(" of Connect cluster '").append(set.cluster()).append("': ")
        .append(set.status()).append(" (").append(set.mode().name().toLowerCase()).append(", Connect ")
        .append(set.connectVersion()).append(")\n\n");
    text.append("Started:   ").append(set.startedAt()).append('\n');
    if (set.completedAt() != null) {
      text.append("Finished:  ").append(set.completedAt()).append(" (")
          .append(Duration.between(set.startedAt(), set.completedAt()).toSeconds()).append(" s)\n");
    }
    text.append("Database:  ").append(set.dbSnapshotArn() == null ? "no snapshot" : set.dbSnapshotArn()).append('\n');
    text.append("Files:     ").append(set.efsRecoveryPointArn() == null ? "no recovery point" : set.efsRecoveryPointArn())
        .append('\n');
    if (set.configuration() != null) {
      text.append("Config:    ").append(set.configuration().describe()).append('\n');
    }
    if (set.cause() != null) {
      text.append("\nCause: ").append(set.cause()).append('\n');
    }
    if (set.status() == BackupStatus.INCOMPLETE) {
      text.append("\nThe half that finished is kept and tagged; an incomplete set never counts as a kept backup."
          + " The next scheduled backup still runs.\n");
    }
    text.append("\nRestore it with the restore workflow: {\"cluster\": \"").append(set.cluster()).append("\", \"setId\": \"")
        .append(set.setId()).append("\"}; a restore needs Connect ").append(set.connectVersion()).append(".\n");
    return text.toString();
  }

  /**
   * Retention: deletes the snapshots and recovery points of this cluster's expired sets, each only
   * after checking it carries this cluster's tag and the set's {@code connect-ha:backup-set} tag.
   * What fails that check is refused and listed, never deleted.
   */
  public Pruned prune(String cluster, RetentionPolicy policy) {
    ClusterDocument doc = registry.load(cluster);
    List<BackupSet> all = sets.list(cluster);
    List<BackupSet> expired = policy.expired(cluster, all, clock.instant());
    List<String> deleted = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (BackupSet set : expired) {
      List<DrCopy> copies = new ArrayList<>();
      deleteSnapshot(set, set.dbSnapshotArn(), deleted, refused);
      deleteRecoveryPoint(set, doc.backupVault(), set.efsRecoveryPointArn(), deleted, refused);
      for (DrCopy copy : set.drCopies()) {
        deleteSnapshot(set, copy.dbSnapshotArn(), deleted, refused);
        deleteRecoveryPoint(set, doc.backupVault(), copy.efsRecoveryPointArn(), deleted, refused);
        copies.add(new DrCopy(copy.region(), copy.dbSnapshotArn(), copy.efsRecoveryPointArn(), CopyStatus.DELETED,
            copy.efsCopyJobId()));
      }
      if (set.configuration() != null) {
        configurations.forget(cluster, set.setId()); // the kept values can hold a licence key: not kept longer than the set
      }
      BackupSet marked = set.withStatus(BackupStatus.DELETED, set.cause());
      for (DrCopy copy : copies) {
        marked = marked.withDrCopy(copy);
      }
      sets.update(marked);
    }
    return new Pruned(cluster, expired.stream().map(BackupSet::setId).toList(), all.size() - expired.size()
        - (int) all.stream().filter(s -> s.status() == BackupStatus.DELETED).count(), deleted, refused);
  }

  private void deleteSnapshot(BackupSet set, String arn, List<String> deleted, List<String> refused) {
    if (arn == null) {
      return;
    }
    try {
      DatabaseSnapshot snapshot = snapshots.describe(arn);
      if (!set.cluster().equals(snapshot.cluster()) || !set.setId().equals(snapshot.backupSet())) {
        refused.add(arn + " (tags say cluster " + snapshot.cluster() + ", set " + snapshot.backupSet() + ")");
        return;
      }
    } catch (PreconditionFailedException gone) {
      return; // already deleted: a retried prune is not an error
    }
    if (snapshots.delete(arn)) {
      deleted.add(arn);
    }
  }

  private void deleteRecoveryPoint(BackupSet set, String vault, String arn, List<String> deleted, List<String> refused) {
    if (arn == null) {
      return;
    }
    Map<String, String> tags;
    try {
      tags = fileBackups.tagsOf(arn);
    } catch (PreconditionFailedException gone) {
      return;
    }
    if (!set.cluster().equals(tags.get(BackupTags.CLUSTER)) || !set.setId().equals(tags.get(BackupTags.BACKUP_SET))) {
      refused.add(arn + " (tags " + tags + ")");
      return;
    }
    // a DR copy sits in the vault of the same name in its own region (the ARN names the region)
    if (fileBackups.deleteRecoveryPoint(vault, arn)) {
      deleted.add(arn);
    }
  }

  /** Starts copying both halves of a complete set into {@code region} (same vault name there). */
  public BackupSet copy(String cluster, String setId, String region) {
    ClusterDocument doc = registry.load(cluster);
    BackupSet set = sets.get(cluster, setId);
    if (set.status() != BackupStatus.COMPLETE) {
      throw new PreconditionFailedException("backup set " + setId + " is " + set.status() + ": only a complete set is copied");
    }
    if (set.drCopies().stream().anyMatch(c -> c.region().equals(region))) {
      return set;
    }
    DatabaseSnapshot source = snapshots.describe(set.dbSnapshotArn());
    DatabaseSnapshot copy = snapshots.copyToRegion(set.dbSnapshotArn(), region, "connect-ha-" + setId,
        source.encrypted() ? "alias/aws/rds" : null);
    AwsArn point = AwsArn.parse(set.efsRecoveryPointArn());
    String destinationVault = "arn:" + point.partition() + ":backup:" + region + ":" + point.account() + ":backup-vault:"
        + doc.backupVault();
    CopyJob job = fileBackups.startCopy(doc.backupVault(), set.efsRecoveryPointArn(), destinationVault, doc.backupRoleArn(),
        setId + "-" + region);
    return sets.update(set.withDrCopy(new DrCopy(region, copy.arn(), null, CopyStatus.IN_PROGRESS, job.jobId())));
  }

  private BackupSet checkCopies(BackupSet set) {
    BackupSet updated = set;
    for (DrCopy copy : set.drCopies()) {
      if (copy.status() != CopyStatus.IN_PROGRESS) {
        continue;
      }
      DatabaseSnapshot snapshot = snapshots.describe(copy.dbSnapshotArn());
      CopyJob job = fileBackups.describeCopyJob(AwsArn.parse(set.efsRecoveryPointArn()).region(), copy.efsCopyJobId());
      if (snapshot.inProgress() || !job.state().finished()) {
        continue;
      }
      boolean ok = snapshot.available() && job.state().succeeded();
      updated = updated.withDrCopy(new DrCopy(copy.region(), copy.dbSnapshotArn(), job.destinationRecoveryPointArn(),
          ok ? CopyStatus.COMPLETE : CopyStatus.FAILED, copy.efsCopyJobId()));
    }
    return updated == set ? set : sets.update(updated);
  }

  /** How long ago the newest COMPLETE set finished; empty when the cluster has none. */
  public Optional<Duration> newestCompleteAge(String cluster) {
    registry.load(cluster);
    return sets.list(cluster).stream().filter(BackupSet::complete).findFirst()
        .map(s -> Duration.between(s.completedAt() != null ? s.completedAt() : s.startedAt(), clock.instant()));
  }

  private static void rethrowIfRetryable(ConnectHaException e) {
    if (e.retryable()) {
      throw e;
    }
  }
}
