package dev.connectha.model.backup;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * An AWS Backup job restoring a file-system recovery point into a NEW file system.
 *
 * @param region              the recovery point's region: the job runs and is described there
 * @param createdResourceArn  the new file system's ARN, once AWS reports it
 * @param createdFileSystemId the new file system's id, from {@code createdResourceArn}
 */
public record RestoreJob(
    String jobId,
    String region,
    String recoveryPointArn,
    JobState state,
    String statusMessage,
    Double percentDone,
    String createdResourceArn,
    String createdFileSystemId,
    Instant createdAt,
    Instant completedAt) {

  /** What every EFS restore directory's name starts with. */
  public static final String RESTORE_DIRECTORY_PREFIX = "aws-backup-restore_";

  private static final DateTimeFormatter DIRECTORY_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss-SSS'Z'").withZone(ZoneOffset.UTC);

  /**
   * Where the restored files are: AWS Backup never restores EFS over the root, it puts the data in
   * {@code aws-backup-restore_<time>} at the root of the new file system (Posit rule 12). AWS does
   * not return that name; this is the name after the job's creation time, the way AWS forms it. A
   * step that moves the data must still look for {@link #RESTORE_DIRECTORY_PREFIX}{@code *} on the
   * mounted file system. Null before AWS reports the creation time.
   */
  public String expectedRestoreDirectory() {
    return createdAt == null ? null : restoreDirectoryAt(createdAt);
  }

  /** {@code aws-backup-restore_2024-08-01T10-15-30-123Z} for a restore started at that instant. */
  public static String restoreDirectoryAt(Instant startedAt) {
    return RESTORE_DIRECTORY_PREFIX + DIRECTORY_TIME.format(startedAt);
  }
}
