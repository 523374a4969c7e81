package dev.connectha.model;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.backup.KeptConfiguration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One backup of a cluster: an RDS snapshot and an AWS Backup recovery point of the EFS file system,
 * started together and recorded with the Connect version they belong to (a restore needs it).
 *
 * @param setId               unique within the cluster; letters, digits, '.', '_' and '-', at most 100
 * @param cluster             the cluster's name
 * @param mode                ONLINE or COLD (Connect stopped)
 * @param startedAt           when the set was started: its point in time, and what "newest" orders by
 * @param completedAt         when it reached COMPLETE, INCOMPLETE or FAILED; null while in progress
 * @param connectVersion      the Connect version the database schema belongs to; null if unknown
 * @param dbSnapshotId        the RDS snapshot identifier
 * @param dbSnapshotArn       the RDS snapshot ARN
 * @param efsRecoveryPointArn the AWS Backup recovery point of the file system
 * @param status              see {@link BackupStatus}
 * @param cause               why a set is INCOMPLETE or FAILED (or who deleted it)
 * @param drCopies            copies in other regions, at most one per region
 * @param efsBackupJobId      the AWS Backup job making the EFS half (its recovery point exists once it completes)
 * @param configuration       eks topology: the Helm values and ConfigMap kept with the set, by digest (the content
 *                            is beside the record, {@code KeptConfigurations}); null when the set keeps none
 */
public record BackupSet(
    String setId,
    String cluster,
    BackupMode mode,
    Instant startedAt,
    Instant completedAt,
    ConnectVersion connectVersion,
    String dbSnapshotId,
    String dbSnapshotArn,
    String efsRecoveryPointArn,
    BackupStatus status,
    String cause,
    List<DrCopy> drCopies,
    String efsBackupJobId,
    KeptConfiguration configuration) {

  private static final Pattern SET_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  /** Newest first: later {@code startedAt}, then the larger {@code setId} (a total, stable order). */
  public static final Comparator<BackupSet> NEWEST_FIRST = Comparator.comparing(BackupSet::startedAt)
      .thenComparing(BackupSet::setId).reversed();

  /** A copy of the set in a disaster-recovery region. */
  public record DrCopy(String region, String dbSnapshotArn, String efsRecoveryPointArn, CopyStatus status,
      String efsCopyJobId) {
    public DrCopy {
      if (region == null || region.isBlank() || status == null) {
        throw new InvalidInputException("a DR copy needs its region and status");
      }
    }
  }

  /** Where a DR copy is. */
  public enum CopyStatus { IN_PROGRESS, COMPLETE, FAILED, DELETED }

  public BackupSet {
    requireSetId(setId);
    ClusterName.require(cluster);
    if (mode == null || startedAt == null || status == null) {
      throw new InvalidInputException("backup set " + setId + ": mode, startedAt and status are required");
    }
    if (completedAt != null && completedAt.isBefore(startedAt)) {
      throw new InvalidInputException("backup set " + setId + ": completedAt " + completedAt
          + " is before startedAt " + startedAt);
    }
    drCopies = List.copyOf(Objects.requireNonNullElse(drCopies, List.of()));
    if (drCopies.stream().map(DrCopy::region).distinct().count() != drCopies.size()) {
      throw new InvalidInputException("backup set " + setId + ": more than one DR copy per region");
    }
  }

  /** A set that keeps no configuration (every ec2 set). */
  public BackupSet(String setId, String cluster, BackupMode mode, Instant startedAt, Instant completedAt,
      ConnectVersion connectVersion, String dbSnapshotId, String dbSnapshotArn, String efsRecoveryPointArn,
      BackupStatus status, String cause, List<DrCopy> drCopies, String efsBackupJobId) {
    this(setId, cluster, mode, startedAt, completedAt, connectVersion, dbSnapshotId, dbSnapshotArn, efsRecoveryPointArn,
        status, cause, drCopies, efsBackupJobId, null);
  }

  /** A set that has just been started: IN_PROGRESS, nothing taken yet. */
  public static BackupSet started(String setId, String cluster, BackupMode mode, Instant startedAt,
      ConnectVersion connectVersion) {
    return new BackupSet(setId, cluster, mode, startedAt, null, connectVersion, null, null, null,
        BackupStatus.IN_PROGRESS, null, List.of(), null);
  }

  /** Returns the id, or throws {@link InvalidInputException} before anything calls AWS. */
  public static String requireSetId(String setId) {
    if (setId == null || !SET_ID.matcher(setId).matches()) {
      throw new InvalidInputException("backup set id must be 1-100 letters, digits, '.', '_' or '-', starting with a "
          + "letter or digit: " + (setId == null ? "(missing)" : "'" + setId + "'"));
    }
    return setId;
  }

  public boolean complete() {
    return status == BackupStatus.COMPLETE;
  }

  public BackupSet withStatus(BackupStatus newStatus, String newCause) {
    return new BackupSet(setId, cluster, mode, startedAt, completedAt, connectVersion, dbSnapshotId, dbSnapshotArn,
        efsRecoveryPointArn, newStatus, newCause, drCopies, efsBackupJobId, configuration);
  }

  public BackupSet withCompletedAt(Instant at) {
    return new BackupSet(setId, cluster, mode, startedAt, at, connectVersion, dbSnapshotId, dbSnapshotArn,
        efsRecoveryPointArn, status, cause, drCopies, efsBackupJobId, configuration);
  }

  public BackupSet withDbSnapshot(String snapshotId, String snapshotArn) {
    return new BackupSet(setId, cluster, mode, startedAt, completedAt, connectVersion, snapshotId, snapshotArn,
        efsRecoveryPointArn, status, cause, drCopies, efsBackupJobId, configuration);
  }

  public BackupSet withEfsRecoveryPoint(String recoveryPointArn) {
    return new BackupSet(setId, cluster, mode, startedAt, completedAt, connectVersion, dbSnapshotId, dbSnapshotArn,
        recoveryPointArn, status, cause, drCopies, efsBackupJobId, configuration);
  }

  /** Adds the copy, or replaces the one in the same region. */
  /** The AWS Backup job that makes the EFS half (its recovery point exists only once it completes). */
  public BackupSet withEfsBackupJob(String jobId, String recoveryPointArn) {
    return new BackupSet(setId, cluster, mode, startedAt, completedAt, connectVersion, dbSnapshotId, dbSnapshotArn,
        recoveryPointArn, status, cause, drCopies, jobId, configuration);
  }

  /** The configuration kept with the set (eks topology), by digest. */
  public BackupSet withConfiguration(KeptConfiguration kept) {
    return new BackupSet(setId, cluster, mode, startedAt, completedAt, connectVersion, dbSnapshotId, dbSnapshotArn,
        efsRecoveryPointArn, status, cause, drCopies, efsBackupJobId, kept);
  }

  public BackupSet withDrCopy(DrCopy copy) {
    List<DrCopy> copies = new ArrayList<>(drCopies.stream().filter(c -> !c.region().equals(copy.region())).toList());
    copies.add(copy);
    return new BackupSet(setId, cluster, mode, startedAt, completedAt, connectVersion, dbSnapshotId, dbSnapshotArn,
        efsRecoveryPointArn, status, cause, copies, efsBackupJobId, configuration);
  }
}
