package dev.connectha.backup;

import dev.connectha.ports.BackupSets;
import dev.connectha.ports.ClusterRegistry;
import dev.connectha.ports.DatabaseSnapshots;
import dev.connectha.ports.FileSystemBackups;
import dev.connectha.ports.FileSystems;
import dev.connectha.ports.KeptConfigurations;
import dev.connectha.ports.RestoredFileSystems;
import dev.connectha.errors.NotReadyException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.errors.UnsafeToProceedException;
import dev.connectha.model.BackupMode;
import dev.connectha.model.BackupSet;
import dev.connectha.model.BackupStatus;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.FileSystemState;
import dev.connectha.model.Finding;
import dev.connectha.model.FindingStatus;
import dev.connectha.model.backup.AwsArn;
import dev.connectha.model.backup.BackupTags;
import dev.connectha.model.backup.DatabaseRestore;
import dev.connectha.model.backup.DatabaseSnapshot;
import dev.connectha.model.backup.FileSystemRestore;
import dev.connectha.model.backup.RecoveryPoint;
import dev.connectha.model.backup.RestoreJob;
import dev.connectha.model.backup.RestoredDatabase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.inject.Inject;

/**
 * Restores a backup set into NEW resources: its RDS snapshot into a new DB instance and its AWS
 * Backup recovery point into a new encrypted EFS file system. The source database and file system
 * are never touched. Every name derives from the execution ({@link RestoreNames}); the new DB
 * instance is the restore's anchor: it is tagged with the execution, the set and the file-system
 * restore job, so that every later step, on any retry, finds both halves from the input alone.
 *
 * <p>A drill verifies and deletes what it made (also when it fails); a hand-over verifies and keeps
 * it. Only what carries {@code connect-ha:restored-from} and this execution's tag is deleted.
 */
public final class RestoreService {
  /** On what a restore creates: the execution that created it. */
  public static final String TAG_EXECUTION = "connect-ha:restore-execution";
  /** On what a restore creates: {@code drill} or {@code handover} (a hand-over's resources are never deleted). */
  public static final String TAG_MODE = "connect-ha:restore-mode";
  public static final String TAG_CLUSTER = "connect-ha:restored-cluster";
  public static final String TAG_SET = "connect-ha:restored-set";
  /** The Connect version the restored database belongs to: what must be installed to use it. */
  public static final String TAG_CONNECT_VERSION = "connect-ha:connect-version";
  /** On the new DB instance: the AWS Backup job restoring the set's file system. */
  public static final String TAG_FILE_SYSTEM_JOB = "connect-ha:efs-restore-job";

  /**
   * What a restore of the set would create, found before anything is created.
   *
   * @param dbSubnetGroup null for the account's default
   */
  public record Plan(String cluster, String setId, String mode, String connectVersion, String dbSnapshotArn,
      String recoveryPointArn, String dbInstanceId, String dbInstanceArn, String dbInstanceClass, boolean multiAz,
      String dbSubnetGroup, String fileSystemCreationToken, String engine, String engineVersion) {}

  /** What StartRestore created: the new DB instance (being restored) and the file-system restore job. */
  public record Started(Plan plan, String dbInstanceArn, String dbInstanceId, String database, String restoreJobId,
      String fileSystemCreationToken, String fileSystem) {}

  /**
   * Whether both halves finished, and whether one failed.
   *
   * @param fileSystemId the new file system, once the restore job created it ("" before)
   * @param cause        why a half failed ("" when none did)
   */
  public record Progress(boolean done, boolean failed, String database, String fileSystem, String fileSystemId,
      String cause) {}

  /**
   * The checks of the restored resources, what to install to use them, and the text to publish.
   * Strings are "" where there is nothing to say (the workflow selects every field).
   *
   * @param restoreDirectory the {@code aws-backup-restore_<time>} directory the files landed in
   * @param connectVersion   the Connect version the set belongs to: install it to use the restore
   * @param cause            the failed checks in one line ("" when all passed)
   * @param configuration    eks: the Helm values and ConfigMap the set keeps, by digest, read back and checked
   */
  public record Verification(boolean passed, List<Finding> findings, String dbInstanceArn, String dbInstanceId,
      String dbEndpoint, String fileSystemId, String restoreJobId, String restoreDirectory, String connectVersion,
      String summary, String cause, RestoredConfiguration configuration) {}

  /**
   * What DeleteRestored did. Not {@code done} while the file system cannot be deleted yet (its restore
   * job still runs, or its mount targets are being deleted): call again.
   */
  public record Deleted(boolean done, String dbInstanceId, String database, String fileSystemId, String fileSystem,
      String summary) {}

  private record Prepared(ClusterDocument cluster, BackupSet set, RestoreNames names, Plan plan) {}

  private record Located(BackupSet set, RestoreNames names, String dbInstanceArn, String region) {}

  private final ClusterRegistry registry;
  private final BackupSets sets;
  private final DatabaseSnapshots snapshots;
  private final FileSystemBackups fileBackups;
  private final FileSystems fileSystems;
  private final RestoredFileSystems restoredFileSystems;
  private final KeptConfigurations configurations;

  @Inject
  public RestoreService(ClusterRegistry registry, BackupSets sets, DatabaseSnapshots snapshots,
      FileSystemBackups fileBackups, FileSystems fileSystems, RestoredFileSystems restoredFileSystems,
      KeptConfigurations configurations) {
    this.registry = registry;
    this.sets = sets;
    this.snapshots = snapshots;
    this.fileBackups = fileBackups;
    this.fileSystems = fileSystems;
    this.restoredFileSystems = restoredFileSystems;
    this.configurations = configurations;
  }

  // ---- validate -------------------------------------------------------------------------------

  /** Everything a restore needs, checked with reads only: nothing is created. */
  public Plan validate(RestoreInput input) {
    return prepare(input).plan();
  }

  private Prepared prepare(RestoreInput input) {
    ClusterDocument cluster = registry.load(input.cluster());
    BackupSet set = sets.get(input.cluster(), input.setId());
    if (set.status() != BackupStatus.COMPLETE) {
      throw new PreconditionFailedException("backup set " + set.setId() + " of cluster " + set.cluster() + " is "
          + set.status() + ": a restore needs both halves of one complete set, the database snapshot and the "
          + "file-system recovery point taken together" + (set.cause() == null ? "" : " (" + set.cause() + ")"));
    }
    if (set.dbSnapshotArn() == null || set.efsRecoveryPointArn() == null) {
      throw new PreconditionFailedException("backup set " + set.setId() + " is COMPLETE but records "
          + (set.dbSnapshotArn() == null ? "no database snapshot" : "no file-system recovery point"));
    }
    if (set.connectVersion() == null) {
      throw new PreconditionFailedException("backup set " + set.setId() + " records no Connect version: a restore "
          + "needs the Connect version its database belongs to");
    }
    if (cluster.backupRoleArn() == null || cluster.backupRoleArn().isBlank()) {
      throw new PreconditionFailedException("cluster " + cluster.name() + " has no backupRoleArn: AWS Backup assumes "
          + "it to restore the file system");
    }
    DatabaseSnapshot snapshot = snapshots.describe(set.dbSnapshotArn());
    if (snapshot.kind() == DatabaseSnapshot.Kind.CLUSTER) {
      throw new PreconditionFailedException("DB snapshot " + snapshot.arn() + " is an Aurora cluster snapshot: the "
          + "restore workflow restores RDS instance snapshots only");
    }
    if (!snapshot.available()) {
      throw new PreconditionFailedException("DB snapshot " + snapshot.arn() + " is " + snapshot.status()
          + ": only an available snapshot is restored");
    }
    RecoveryPoint point = fileBackups.describeRecoveryPoint(cluster.backupVault(), set.efsRecoveryPointArn());
    if (!point.completed()) {
      throw new PreconditionFailedException("recovery point " + point.arn() + " is " + point.status()
          + ": only a completed one is restored");
    }
    RestoreNames names = input.names();
    if (names.dbInstanceId().equalsIgnoreCase(snapshot.sourceId())) {
      throw new UnsafeToProceedException("the restore's DB instance name " + names.dbInstanceId()
          + " is the source instance's: a restore never touches the source");
    }
    String instanceArn = beside(set.dbSnapshotArn(), names.dbInstanceId());
    Optional<RestoredDatabase> existing = findInstance(instanceArn);
    if (existing.isPresent() && !input.executionId().equals(existing.get().tags().get(TAG_EXECUTION))) {
      throw new PreconditionFailedException("DB instance " + names.dbInstanceId() + " already exists and is not this "
          + "restore's: a restore only creates new instances");
    }
    String instanceClass = input.requestedInstanceClass();
    if (instanceClass == null) {
      instanceClass = findInstance(beside(set.dbSnapshotArn(), snapshot.sourceId()))
          .map(RestoredDatabase::instanceClass)
          .orElseThrow(() -> new PreconditionFailedException("the source DB instance " + snapshot.sourceId()
              + " no longer exists to take its class from: give dbInstanceClass"));
    }
    RestoreMode mode = input.restoreMode();
    Plan plan = new Plan(set.cluster(), set.setId(), mode.toString(), set.connectVersion().toString(),
        set.dbSnapshotArn(), set.efsRecoveryPointArn(), names.dbInstanceId(), instanceArn, instanceClass, mode.multiAz(),
        input.requestedSubnetGroup(), names.creationToken(), snapshot.engine(), snapshot.engineVersion());
    return new Prepared(cluster, set, names, plan);
  }

  // ---- start ----------------------------------------------------------------------------------

  /**
   * Validates, then starts both restores: the DB instance first (what RDS refuses, e.g. an instance
   * class, is refused before anything else exists), then the file-system restore job, whose id is
   * recorded on the instance. A retry finds both and starts nothing twice.
   */
  public Started start(RestoreInput input) {
    Prepared prepared = prepare(input);
    Plan plan = prepared.plan();
    BackupSet set = prepared.set();
    RestoredDatabase db = snapshots.restoreToNewInstance(set.dbSnapshotArn(), new DatabaseRestore(plan.dbInstanceId(),
        plan.dbInstanceClass(), plan.dbSubnetGroup(), plan.multiAz(), List.of(), restoreTags(input, set)));
    String jobId = db.tags().get(TAG_FILE_SYSTEM_JOB);
    RestoreJob job;
    if (jobId != null) {
      job = fileBackups.describeRestoreJob(regionOf(set.efsRecoveryPointArn()), jobId);
    } else {
      job = fileBackups.startRestoreToNewFileSystem(prepared.cluster().backupVault(), set.efsRecoveryPointArn(),
          prepared.cluster().backupRoleArn(), new FileSystemRestore(prepared.names().creationToken()),
          prepared.names().idempotencyToken());
      db = snapshots.tagRestoredInstance(db.arn() != null ? db.arn() : plan.dbInstanceArn(),
          Map.of(TAG_FILE_SYSTEM_JOB, job.jobId()));
    }
    return new Started(plan, plan.dbInstanceArn(), plan.dbInstanceId(), db.status(), job.jobId(),
        plan.fileSystemCreationToken(), job.state().name());
  }

  // ---- check ----------------------------------------------------------------------------------

  /**
   * How both halves stand. Once the restore job has created the file system, it is tagged
   * {@code connect-ha:restored-from} (AWS Backup does not tag it): from then on it can be told apart
   * from every file system the control plane did not make.
   */
  public Progress check(RestoreInput input) {
    Located here = locate(input);
    RestoredDatabase db = ownInstance(here, input);
    RestoreJob job = restoreJobOf(here, db);
    boolean databaseFailed = failedStatus(db.status());
    boolean databaseDone = db.available() || databaseFailed;
    boolean fileSystemDone = job.state().finished();
    boolean fileSystemFailed = fileSystemDone && (!job.state().succeeded() || job.createdFileSystemId() == null);
    if (job.state().succeeded() && job.createdFileSystemId() != null) {
      claim(here, input, job.createdFileSystemId());
    }
    List<String> causes = new ArrayList<>();
    if (databaseFailed) {
      causes.add("the database restore into " + db.id() + " ended " + db.status());
    }
    if (fileSystemFailed) {
      causes.add("file-system restore job " + job.jobId() + " ended " + job.state()
          + (job.statusMessage() == null ? "" : ": " + job.statusMessage()));
    }
    return new Progress(databaseDone && fileSystemDone, databaseFailed || fileSystemFailed, db.status(),
        job.state().name(), Objects.requireNonNullElse(job.createdFileSystemId(), ""), String.join("; ", causes));
  }

  /** RDS statuses from which a restoring instance will not become available. */
  static boolean failedStatus(String status) {
    return status != null && (status.equals("failed") || status.startsWith("incompatible-")
        || status.startsWith("inaccessible-encryption-credentials") || status.equals("restore-error")
        || status.equals("storage-full"));
  }

  // ---- verify ---------------------------------------------------------------------------------

  /**
   * Checks what the restore made against what the set promised, and says where the files are and
   * which Connect version they need. Failing checks are reported, not thrown: the workflow decides.
   */
  public Verification verify(RestoreInput input) {
    Located here = locate(input);
    BackupSet set = here.set();
    RestoreMode mode = input.restoreMode();
    RestoredDatabase db = ownInstance(here, input);
    DatabaseSnapshot snapshot = snapshots.describe(set.dbSnapshotArn());
    RestoreJob job = restoreJobOf(here, db);
    String fileSystemId = job.createdFileSystemId();
    FileSystemState fs = fileSystemId == null ? null : fileSystems.describe(fileSystemId);
    Map<String, String> fsTags = fileSystemId == null ? Map.of() : restoredFileSystems.tagsOf(fileSystemId);
    String directory = job.state().succeeded() ? job.expectedRestoreDirectory() : null;
    String version = set.connectVersion() == null ? null : set.connectVersion().toString();

    List<Finding> findings = new ArrayList<>();
    findings.add(check("db-available", "The restored DB instance is available", db.available(),
        db.id() + " is " + db.status()));
    findings.add(check("db-engine", "It is PostgreSQL", "postgres".equals(db.engine())
        || "aurora-postgresql".equals(db.engine()), "engine " + db.engine()));
    findings.add(check("db-engine-version", "It runs the snapshot's engine version",
        db.engineVersion() != null && db.engineVersion().equals(snapshot.engineVersion()),
        "instance " + db.engineVersion() + ", snapshot " + snapshot.engineVersion()));
    findings.add(check("db-encrypted", "It is encrypted at rest", db.encrypted(), "StorageEncrypted=" + db.encrypted()));
    findings.add(check("db-restored-from", "It was restored from the set's snapshot",
        set.dbSnapshotArn().equals(db.restoredFrom()), BackupTags.RESTORED_FROM + "=" + db.restoredFrom()));
    findings.add(check("db-multi-az", mode == RestoreMode.DRILL ? "It is single-AZ (a drill)" : "It is Multi-AZ (a hand-over)",
        db.multiAz() == mode.multiAz(), "MultiAZ=" + db.multiAz()));
    findings.add(check("efs-restore-job", "The file-system restore job completed", job.state().succeeded(),
        "job " + job.jobId() + " " + job.state() + (job.statusMessage() == null ? "" : ": " + job.statusMessage())));
    findings.add(check("efs-available", "The new file system is available", fs != null
        && "available".equals(fs.lifecycleState()), fs == null ? "no file system was created" : fs.id() + " is " + fs.lifecycleState()));
    findings.add(check("efs-encrypted", "It is encrypted at rest", fs != null && fs.encrypted(),
        fs == null ? "no file system was created" : "Encrypted=" + fs.encrypted()));
    findings.add(check("efs-restored-from", "It was restored from the set's recovery point",
        set.efsRecoveryPointArn().equals(fsTags.get(BackupTags.RESTORED_FROM)),
        BackupTags.RESTORED_FROM + "=" + fsTags.get(BackupTags.RESTORED_FROM)));
    findings.add(check("restore-directory", "The files are in AWS Backup's restore directory", directory != null,
        directory == null ? "the restore job reports no creation time" : "/" + directory + " on the new file system"));
    findings.add(check("connect-version", "The set records the Connect version to install", version != null,
        version == null ? "no version recorded" : "Connect " + version));
    RestoredConfiguration configuration = RestoredConfiguration.of(set, configurations);
    if (configuration.kept()) {
      findings.add(check("kept-configuration", "The Helm values and ConfigMap kept with the set read back unchanged",
          configuration.verified(), configuration.verified() ? "values " + configuration.valuesDigest() + ", ConfigMap keys "
              + configuration.configMapKeys() : configuration.cause()));
    }

    boolean passed = findings.stream().allMatch(f -> f.status() == FindingStatus.PASS);
    String cause = String.join("; ", findings.stream().filter(f -> f.status() != FindingStatus.PASS)
        .map(f -> "FAIL " + f.rule() + ": " + f.summary()).toList());
    return new Verification(passed, findings, here.dbInstanceArn(), db.id(), nonNull(db.endpoint()),
        nonNull(fileSystemId), job.jobId(), nonNull(directory), nonNull(version),
        summary(input, set, db, fs, directory, findings, passed, configuration.describe()), cause, configuration);
  }

  private static Finding check(String rule, String title, boolean ok, String evidence) {
    return ok ? Finding.pass(rule, title, evidence, List.of(evidence)) : Finding.fail(rule, title, evidence, List.of(evidence));
  }

  static String summary(RestoreInput input, BackupSet set, RestoredDatabase db, FileSystemState fs, String directory,
      List<Finding> findings, boolean passed, String configurationLines) {
    RestoreMode mode = input.restoreMode();
    long failed = findings.stream().filter(f -> f.status() != FindingStatus.PASS).count();
    String version = set.connectVersion() == null ? "unknown" : set.connectVersion().toString();
    StringBuilder text = new StringBuilder();
    text.append("Restore ").append(mode == RestoreMode.DRILL ? "drill" : "hand-over").append(" of backup set ")
        .append(set.setId()).append(" of Connect cluster '").append(set.cluster()).append("': ")
        .append(passed ? "VERIFIED" : "NOT VERIFIED (" + failed + " of " + findings.size() + " checks failed)")
        .append("\n\n");
    text.append("Backup set:  ").append(set.setId()).append(" (").append(set.mode().name().toLowerCase())
        .append(", taken ").append(set.startedAt()).append(")")
        .append(set.mode() == BackupMode.ONLINE ? " - taken while Connect served: database and files may be seconds "
            + "apart; a cold set is Posit's consistent backup" : "").append('\n');
    text.append("Connect:     ").append(version).append(" - install this version to use the restored data (a restore "
        + "needs the Connect version its database belongs to)\n");
    text.append("Database:    ").append(db.id()).append(" (").append(db.engine()).append(' ').append(db.engineVersion())
        .append(", ").append(db.instanceClass()).append(", ").append(db.multiAz() ? "Multi-AZ" : "single-AZ")
        .append("), endpoint ").append(db.endpoint() == null ? "(none yet)" : db.endpoint()).append('\n');
    text.append("             from snapshot ").append(set.dbSnapshotArn()).append('\n');
    text.append("File system: ").append(fs == null ? "(none created)" : fs.id()).append(" from recovery point ")
        .append(set.efsRecoveryPointArn()).append('\n');
    if (directory != null) {
      text.append("Files:       /").append(directory).append(" on the new file system (AWS Backup restores into "
          + "this directory, never over the root)\n");
    }
    text.append(configurationLines);
    text.append('\n');
    for (Finding f : findings) {
      text.append(f.status()).append(' ').append(f.rule()).append(": ").append(f.summary()).append('\n');
    }
    if (mode == RestoreMode.HANDOVER && passed) {
      text.append("\nLeft in place for a hand-over (the control plane does not switch a cluster to them):\n")
          .append("  DB endpoint:       ").append(db.endpoint()).append('\n')
          .append("  File system:       ").append(fs == null ? "" : fs.id()).append('\n')
          .append("  Restore directory: ").append(directory).append('\n')
          .append("  Connect version:   ").append(version).append('\n')
          .append("Next: turn on the DB instance's deletion protection; create a mount target for the file system in "
              + "each of the cluster's subnets; move the contents of ").append(directory)
          .append(" to the file system's root (or point Server.DataDir into it); install Connect ").append(version)
          .append(" on every node; point [Postgres] URL at the new endpoint.\n");
    }
    return text.toString();
  }

  // ---- delete ---------------------------------------------------------------------------------

  /**
   * Deletes what this (drill) restore created: the file system first, while the DB instance still
   * records which restore job made it, then the instance. Refuses a hand-over's resources and
   * anything another execution created. A retry goes on where the last call stopped.
   */
  public Deleted delete(RestoreInput input) {
    if (input.restoreMode() == RestoreMode.HANDOVER) {
      throw new UnsafeToProceedException("a hand-over's restored DB instance and file system are kept: delete them by "
          + "hand once no cluster uses them");
    }
    Located here = locate(input);
    Optional<RestoredDatabase> db = findInstance(here.dbInstanceArn());
    if (db.isPresent()) {
      requireOwn(db.get(), input);
      if (RestoreMode.HANDOVER.toString().equals(db.get().tags().get(TAG_MODE))) {
        throw new UnsafeToProceedException("DB instance " + db.get().id() + " was restored for a hand-over: it is kept");
      }
    }

    boolean pending = false;
    String fileSystemId = null;
    String fileSystem;
    String jobId = db.map(d -> d.tags().get(TAG_FILE_SYSTEM_JOB)).orElse(null);
    if (jobId != null) {
      RestoreJob job = fileBackups.describeRestoreJob(here.region(), jobId);
      if (!job.state().finished()) {
        pending = true;
        fileSystem = "restore job " + jobId + " is still " + job.state() + ": its file system is deleted once it exists";
      } else {
        fileSystemId = job.createdFileSystemId();
        fileSystem = "restore job " + jobId + " " + job.state() + " without creating one";
      }
    } else {
      // the file-system restore never got recorded on the instance: find it by its creation token
      fileSystemId = restoredFileSystems.findByCreationToken(here.names().creationToken()).orElse(null);
      fileSystem = "none with creation token " + here.names().creationToken();
    }
    if (fileSystemId != null) {
      if (!restoredFileSystems.tagsOf(fileSystemId).containsKey(BackupTags.RESTORED_FROM)) {
        restoredFileSystems.tagRestored(fileSystemId, here.set().efsRecoveryPointArn(), restoreTags(input, here.set()));
      }
      try {
        fileSystem = restoredFileSystems.deleteRestored(fileSystemId) ? "deleted" : "already gone";
      } catch (NotReadyException e) {
        pending = true;
        fileSystem = e.getMessage();
      }
    }

    String database;
    if (db.isEmpty()) {
      database = "none (gone, or never created)";
    } else if (pending) {
      database = "kept until the file system is deleted";
    } else {
      try {
        database = snapshots.deleteRestoredInstance(here.dbInstanceArn()) ? "deletion started" : "already gone";
      } catch (NotReadyException e) {
        pending = true;
        database = e.getMessage();
      }
    }
    String summary = "file system " + (fileSystemId == null ? "" : fileSystemId + ": ") + fileSystem + "; DB instance "
        + here.names().dbInstanceId() + ": " + database + (pending ? " (not done yet)" : "");
    return new Deleted(!pending, here.names().dbInstanceId(), database, nonNull(fileSystemId), fileSystem, summary);
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** The set and the names of this execution's restore; reads only the set record. */
  private Located locate(RestoreInput input) {
    BackupSet set = sets.get(input.cluster(), input.setId());
    if (set.dbSnapshotArn() == null || set.efsRecoveryPointArn() == null) {
      throw new PreconditionFailedException("backup set " + set.setId() + " records "
          + (set.dbSnapshotArn() == null ? "no database snapshot" : "no file-system recovery point")
          + ": it was never restored");
    }
    RestoreNames names = input.names();
    return new Located(set, names, beside(set.dbSnapshotArn(), names.dbInstanceId()), regionOf(set.efsRecoveryPointArn()));
  }

  private RestoredDatabase ownInstance(Located here, RestoreInput input) {
    RestoredDatabase db = findInstance(here.dbInstanceArn()).orElseThrow(() -> new PreconditionFailedException(
        "DB instance " + here.names().dbInstanceId() + " does not exist: this execution started no restore"));
    requireOwn(db, input);
    return db;
  }

  private static void requireOwn(RestoredDatabase db, RestoreInput input) {
    if (!input.executionId().equals(db.tags().get(TAG_EXECUTION))) {
      throw new UnsafeToProceedException("DB instance " + db.id() + " was not created by this restore ("
          + TAG_EXECUTION + "=" + db.tags().get(TAG_EXECUTION) + ")");
    }
  }

  private RestoreJob restoreJobOf(Located here, RestoredDatabase db) {
    String jobId = db.tags().get(TAG_FILE_SYSTEM_JOB);
    if (jobId == null) {
      throw new PreconditionFailedException("DB instance " + db.id() + " records no file-system restore job ("
          + TAG_FILE_SYSTEM_JOB + "): StartRestore did not finish");
    }
    return fileBackups.describeRestoreJob(here.region(), jobId);
  }

  /** Tags the file system the restore job created, once: the mark that lets a drill delete it. */
  private void claim(Located here, RestoreInput input, String fileSystemId) {
    if (!restoredFileSystems.tagsOf(fileSystemId).containsKey(BackupTags.RESTORED_FROM)) {
      restoredFileSystems.tagRestored(fileSystemId, here.set().efsRecoveryPointArn(), restoreTags(input, here.set()));
    }
  }

  private Optional<RestoredDatabase> findInstance(String dbInstanceArn) {
    try {
      return Optional.of(snapshots.describeInstance(dbInstanceArn));
    } catch (PreconditionFailedException missing) {
      return Optional.empty();
    }
  }

  /** The tags of everything a restore creates (beside {@code connect-ha:restored-from}, which the adapters add). */
  private static Map<String, String> restoreTags(RestoreInput input, BackupSet set) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(TAG_EXECUTION, input.executionId());
    tags.put(TAG_MODE, input.restoreMode().toString());
    tags.put(TAG_CLUSTER, set.cluster());
    tags.put(TAG_SET, set.setId());
    if (set.connectVersion() != null) {
      tags.put(TAG_CONNECT_VERSION, set.connectVersion().toString());
    }
    return tags;
  }

  /** The ARN of DB instance {@code id} beside {@code snapshotArn}: same partition, region and account. */
  static String beside(String snapshotArn, String id) {
    AwsArn arn = AwsArn.parse(snapshotArn, "rds");
    return new AwsArn(arn.partition(), "rds", arn.region(), arn.account(), "db:" + id).toString();
  }

  private static String regionOf(String recoveryPointArn) {
    return AwsArn.parse(recoveryPointArn, "backup").region();
  }

  private static String nonNull(String text) {
    return text == null ? "" : text;
  }
}
