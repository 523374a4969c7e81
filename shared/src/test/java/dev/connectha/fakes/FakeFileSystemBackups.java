package dev.connectha.fakes;

import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.model.backup.BackupJob;
import dev.connectha.model.backup.BackupTags;
import dev.connectha.model.backup.CopyJob;
import dev.connectha.model.backup.FileSystemRestore;
import dev.connectha.model.backup.JobState;
import dev.connectha.model.backup.RecoveryPoint;
import dev.connectha.model.backup.RestoreJob;
import dev.connectha.ports.FileSystemBackups;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AWS Backup in one region: recovery points by ARN, backup jobs and restore jobs by id. A restore
 * job starts {@code RUNNING} and stays so until a test changes it; the same idempotency token
 * starts one job only. Starting backups, listing, copying, tagging and deleting recovery points is
 * not faked. Changes are also written to the mutations journal.
 */
public final class FakeFileSystemBackups implements FileSystemBackups {
  public final Map<String, RecoveryPoint> points = new LinkedHashMap<>();
  public final Map<String, BackupJob> backupJobs = new LinkedHashMap<>();
  public final Map<String, RestoreJob> restoreJobs = new LinkedHashMap<>();
  /** The file-system creation token each restore job was started with, by job id. */
  public final Map<String, String> creationTokenOfJob = new LinkedHashMap<>();
  private final Map<String, String> jobsByToken = new LinkedHashMap<>();
  private final String region;
  private final Clock clock;
  private final List<String> calls;
  private final List<String> mutations;

  public FakeFileSystemBackups(String region, Clock clock, List<String> calls, List<String> mutations) {
    this.region = region;
    this.clock = clock;
    this.calls = calls;
    this.mutations = mutations;
  }

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
      return restoreJobs.get(earlier);
    }
    mutations.add("backup.startRestore " + restore.creationToken());
    String id = "job-restore-" + (restoreJobs.size() + 1);
    RestoreJob job = new RestoreJob(id, region, recoveryPointArn, JobState.RUNNING, null, 10.0, null, null,
        clock.instant(), null);
    restoreJobs.put(id, job);
    jobsByToken.put(idempotencyToken, id);
    creationTokenOfJob.put(id, restore.creationToken());
    return job;
  }

  @Override
  public RestoreJob describeRestoreJob(String region, String restoreJobId) {
    calls.add("backup.describeRestoreJob " + restoreJobId);
    RestoreJob job = restoreJobs.get(restoreJobId);
    if (job == null || !job.region().equals(region)) {
      throw new PreconditionFailedException("restore job " + restoreJobId + " does not exist in " + region);
    }
    return job;
  }

  @Override
  public BackupJob describeBackupJob(String jobId) {
    calls.add("backup.describeBackupJob " + jobId);
    BackupJob job = backupJobs.get(jobId);
    if (job == null) {
      throw new PreconditionFailedException("backup job " + jobId + " does not exist");
    }
    return job;
  }

  @Override
  public BackupJob startBackup(String fileSystem, String vault, String iamRoleArn, BackupTags tags, String token) {
    throw notFaked("starting a backup");
  }

  @Override
  public List<RecoveryPoint> listByResource(String vault, String resourceArn) {
    throw notFaked("listing recovery points");
  }

  @Override
  public List<RecoveryPoint> listByTags(String vault, Map<String, String> tags) {
    throw notFaked("listing recovery points");
  }

  @Override
  public boolean deleteRecoveryPoint(String vault, String recoveryPointArn) {
    throw notFaked("deleting a recovery point");
  }

  @Override
  public CopyJob startCopy(String vault, String recoveryPointArn, String destinationVaultArn, String iamRoleArn,
      String idempotencyToken) {
    throw notFaked("copying a recovery point");
  }

  @Override
  public CopyJob describeCopyJob(String region, String copyJobId) {
    throw notFaked("copying a recovery point");
  }

  @Override
  public void tagRecoveryPoint(String recoveryPointArn, Map<String, String> tags) {
    throw notFaked("tagging a recovery point");
  }

  @Override
  public Map<String, String> tagsOf(String recoveryPointArn) {
    throw notFaked("reading a recovery point's tags");
  }

  private static UnsupportedOperationException notFaked(String what) {
    return new UnsupportedOperationException(what + " is not faked");
  }
}
