package dev.connectha.localcloud.twin;

/** The kinds of long-running backup work the twin makes take time (and fail on demand). */
public enum JobType {
  /** RDS {@code CreateDBSnapshot} / {@code CreateDBClusterSnapshot}: {@code creating} until done. */
  DB_SNAPSHOT,
  /** RDS {@code CopyDBSnapshot} / {@code CopyDBClusterSnapshot}: the copy is {@code creating} until done. */
  DB_SNAPSHOT_COPY,
  /** AWS Backup backup job: CREATED, PENDING, RUNNING, then COMPLETED (a recovery point) or FAILED. */
  BACKUP,
  /** AWS Backup copy job: CREATED, RUNNING, then COMPLETED (a recovery point in the destination) or FAILED. */
  COPY,
  /** AWS Backup restore job: PENDING, RUNNING, then COMPLETED (a new file system) or FAILED. */
  RESTORE
}
