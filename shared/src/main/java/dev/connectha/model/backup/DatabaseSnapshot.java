package dev.connectha.model.backup;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A manual RDS snapshot of a DB instance or an Aurora cluster.
 *
 * @param arn            the handle every other call takes (it names the region)
 * @param kind           instance snapshot or cluster snapshot
 * @param id             the snapshot identifier
 * @param sourceId       the DB instance or cluster it was taken of
 * @param status         RDS's status: {@code creating}, {@code available}, {@code failed}, ...
 * @param sizeGiB        allocated storage of the source, in GiB
 * @param createdAt      when RDS took it (null while creating)
 * @param tags           its tags, including {@link BackupTags#CLUSTER} and {@link BackupTags#BACKUP_SET}
 */
public record DatabaseSnapshot(
    String arn,
    String region,
    Kind kind,
    String id,
    String sourceId,
    String status,
    String engine,
    String engineVersion,
    boolean encrypted,
    Integer sizeGiB,
    Instant createdAt,
    Map<String, String> tags) {

  public enum Kind {
    /** {@code CreateDBSnapshot}: an RDS instance. */
    INSTANCE,
    /** {@code CreateDBClusterSnapshot}: an Aurora cluster. */
    CLUSTER
  }

  public DatabaseSnapshot {
    tags = Map.copyOf(Objects.requireNonNullElse(tags, Map.of()));
  }

  public boolean available() {
    return "available".equals(status);
  }

  public boolean failed() {
    return "failed".equals(status);
  }

  /** Neither available nor failed yet (creating, copying, ...). */
  public boolean inProgress() {
    return !available() && !failed();
  }

  /** The cluster it belongs to, from {@link BackupTags#CLUSTER}; null when untagged. */
  public String cluster() {
    return tags.get(BackupTags.CLUSTER);
  }

  /** The backup set it belongs to, from {@link BackupTags#BACKUP_SET}; null when untagged. */
  public String backupSet() {
    return tags.get(BackupTags.BACKUP_SET);
  }
}
