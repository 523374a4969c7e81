package dev.connectha.localcloud.twin;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every AWS Backup job of the twin has (a backup, copy or restore job): its id and region, the
 * role it runs as, its course ({@link JobClock}), whether what it makes has been made, and a failure
 * found when it settled (besides the one its clock was told to have).
 */
abstract class Job {
  String id = BackupProtocol.jobId();
  String region;
  String roleArn;
  JobClock clock;
  private boolean settled;
  String failure;

  /** True once, the first time it is asked at or after the job's end: then it makes what it makes. */
  boolean settlesAt(Instant now) {
    if (settled || !clock.doneAt(now)) {
      return false;
    }
    settled = true;
    return true;
  }

  /** Why it failed, as seen at {@code now}; null while it runs or when it succeeded. */
  String failureAt(Instant now) {
    return failure != null ? failure : clock.doneAt(now) ? clock.failure() : null;
  }

  /** What AWS Backup says of every job first: the account, the id (under {@code idField}), resource type, role and creation date. */
  Map<String, Object> described(String idField) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("AccountId", BackupTwin.ACCOUNT);
    out.put(idField, id);
    out.put("ResourceType", "EFS");
    out.put("IamRoleArn", roleArn);
    out.put("CreationDate", BackupProtocol.epoch(clock.startedAt()));
    return out;
  }

  /**
   * Puts the job's state under {@code field} into {@code out} and, as AWS Backup describes a job
   * that has ended, its completion date, size and failure; returns the failure (null when none).
   */
  String putOutcome(Map<String, Object> out, String field, Instant now) {
    String failure = failureAt(now);
    out.put(field, failure != null ? "FAILED" : clock.stateAt(now));
    if (clock.doneAt(now)) {
      out.put("CompletionDate", BackupProtocol.epoch(clock.endsAt()));
      out.put("BackupSizeInBytes", BackupProtocol.BACKUP_SIZE);
    }
    if (failure != null) {
      out.put("StatusMessage", failure);
    }
    return failure;
  }

  /** The jobs of one kind, by id, with the idempotency tokens they were started with (per region). */
  static final class Table<J extends Job> {
    private final Map<String, J> jobs = new LinkedHashMap<>();
    private final Map<String, String> tokens = new HashMap<>();

    /** The job started in {@code region} with {@code token}, or null (always null without a token). */
    J startedWith(String region, String token) {
      return token == null ? null : jobs.get(tokens.get(region + "/" + token));
    }

    void add(J job, String token) {
      jobs.put(job.id, job);
      if (token != null) {
        tokens.put(job.region + "/" + token, job.id);
      }
    }

    /** The job {@code id} in {@code region}, or null. */
    J find(String id, String region) {
      J job = jobs.get(id);
      return job == null || !job.region.equals(region) ? null : job;
    }

    Collection<J> all() {
      return jobs.values();
    }

    void clear() {
      jobs.clear();
      tokens.clear();
    }
  }
}
