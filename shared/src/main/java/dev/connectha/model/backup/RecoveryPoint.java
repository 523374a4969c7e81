package dev.connectha.model.backup;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An AWS Backup recovery point (a backup of a file system) in a vault.
 *
 * @param arn            the handle (it names the region)
 * @param resourceArn    what was backed up
 * @param status         AWS's status: {@code COMPLETED}, {@code CREATING}, {@code PARTIAL}, {@code DELETING}, ...
 * @param sourceVaultArn for a copy, the vault it was copied from
 * @param tags           its tags, including {@link BackupTags#CLUSTER} and {@link BackupTags#BACKUP_SET}
 */
public record RecoveryPoint(
    String arn,
    String region,
    String vault,
    String resourceArn,
    String resourceType,
    String status,
    boolean encrypted,
    Long sizeBytes,
    Instant createdAt,
    Instant completedAt,
    String sourceVaultArn,
    Map<String, String> tags) {

  public RecoveryPoint {
    tags = Map.copyOf(Objects.requireNonNullElse(tags, Map.of()));
  }

  public boolean completed() {
    return "COMPLETED".equals(status);
  }

  public String cluster() {
    return tags.get(BackupTags.CLUSTER);
  }

  public String backupSet() {
    return tags.get(BackupTags.BACKUP_SET);
  }
}
