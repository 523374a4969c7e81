package dev.connectha.model.backup;

import java.time.Instant;

/**
 * An AWS Backup job copying a recovery point to a vault in another region.
 *
 * @param region the source region: the job is described there
 */
public record CopyJob(
    String jobId,
    String region,
    String sourceRecoveryPointArn,
    String destinationVaultArn,
    String destinationRecoveryPointArn,
    JobState state,
    String statusMessage,
    Instant createdAt,
    Instant completedAt) {}
