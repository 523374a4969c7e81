package dev.connectha.model.backup;

import java.time.Instant;

/**
 * An AWS Backup job backing up a file system.
 *
 * @param region           where it runs (the file system's region)
 * @param recoveryPointArn the recovery point it creates (AWS names it when the job starts)
 * @param percentDone      0-100; null when AWS does not say
 */
public record BackupJob(
    String jobId,
    String region,
    String vault,
    String resourceArn,
    JobState state,
    String statusMessage,
    Double percentDone,
    String recoveryPointArn,
    Long sizeBytes,
    Instant createdAt,
    Instant completedAt) {}
