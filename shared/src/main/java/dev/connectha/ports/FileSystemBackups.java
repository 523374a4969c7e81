package dev.connectha.ports;

import dev.connectha.model.backup.BackupJob;
import dev.connectha.model.backup.BackupTags;
import dev.connectha.model.backup.CopyJob;
import dev.connectha.model.backup.FileSystemRestore;
import dev.connectha.model.backup.RecoveryPoint;
import dev.connectha.model.backup.RestoreJob;
import java.util.List;
import java.util.Map;

/**
 * EFS backups with AWS Backup: on-demand backup jobs, the recovery points they make, copies to a
 * vault in another region, and restores into NEW file systems. A {@code vault} is a name (in the
 * region of what it holds, by default the home region) or a vault ARN. Recovery points are named
 * by ARN (which carries the region). Nothing here deletes what the caller did not name, and the
 * delete refuses a recovery point the control plane did not create ({@code UnsafeToProceedException}).
 *
 * <p>Errors: malformed ARNs, names or tokens are {@code InvalidInputException} before any AWS
 * call; a missing vault, file system, job or recovery point is {@code PreconditionFailedException}.
 */
public interface FileSystemBackups {

  /**
   * Starts an AWS Backup job of the file system (its id, or its ARN) into {@code vault}, AWS Backup
   * assuming {@code iamRoleArn}; the recovery point will carry {@code tags}. The same
   * {@code idempotencyToken} (1-50 letters, digits, '-', '_', '.') starts one job only.
   */
  BackupJob startBackup(String fileSystem, String vault, String iamRoleArn, BackupTags tags, String idempotencyToken);

  /** The backup job as AWS Backup reports it now (in the home region). */
  BackupJob describeBackupJob(String jobId);

  /** The recovery point in {@code vault}, with its tags. */
  RecoveryPoint describeRecoveryPoint(String vault, String recoveryPointArn);

  /** Recovery points in {@code vault} of one resource (a file system ARN), oldest first, with their tags. */
  List<RecoveryPoint> listByResource(String vault, String resourceArn);

  /** Recovery points in {@code vault} that carry every one of {@code tags}, oldest first. */
  List<RecoveryPoint> listByTags(String vault, Map<String, String> tags);

  /**
   * Deletes exactly this recovery point, if it carries {@code connect-ha:backup-set}. Returns false
   * when it was already gone (a retried prune is not an error).
   */
  boolean deleteRecoveryPoint(String vault, String recoveryPointArn);

  /**
   * Starts copying the recovery point to {@code destinationVaultArn} (a vault in another region).
   * The job runs, and is described, in the recovery point's region.
   */
  CopyJob startCopy(String vault, String recoveryPointArn, String destinationVaultArn, String iamRoleArn,
      String idempotencyToken);

  /** The copy job as AWS Backup reports it now, in {@code region} (the job's {@link CopyJob#region()}). */
  CopyJob describeCopyJob(String region, String copyJobId);

  /**
   * Starts restoring the recovery point into a NEW, encrypted file system (never over an existing
   * one). The job runs, and is described, in the recovery point's region.
   */
  RestoreJob startRestoreToNewFileSystem(String vault, String recoveryPointArn, String iamRoleArn,
      FileSystemRestore restore, String idempotencyToken);

  /** The restore job as AWS Backup reports it now, in {@code region} (the job's {@link RestoreJob#region()}). */
  RestoreJob describeRestoreJob(String region, String restoreJobId);

  /** Adds (or overwrites) {@code tags} on the recovery point; the control plane's own keys are refused. */
  void tagRecoveryPoint(String recoveryPointArn, Map<String, String> tags);

  /** The recovery point's tags. */
  Map<String, String> tagsOf(String recoveryPointArn);
}
