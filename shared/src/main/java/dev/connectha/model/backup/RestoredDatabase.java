package dev.connectha.model.backup;

import java.util.Map;
import java.util.Objects;

/**
 * A DB instance a restore created.
 *
 * @param arn          the handle to describe and delete it with
 * @param endpoint     its address (null until RDS assigns one)
 * @param restoredFrom the snapshot ARN from {@link BackupTags#RESTORED_FROM}; null on an instance no restore made
 */
public record RestoredDatabase(
    String arn,
    String region,
    String id,
    String instanceClass,
    String status,
    String engine,
    String engineVersion,
    boolean multiAz,
    boolean encrypted,
    String endpoint,
    String restoredFrom,
    Map<String, String> tags) {

  public RestoredDatabase {
    tags = Map.copyOf(Objects.requireNonNullElse(tags, Map.of()));
  }

  public boolean available() {
    return "available".equals(status);
  }
}
