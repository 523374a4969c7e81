package dev.connectha.model.backup;

import dev.connectha.errors.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to restore a snapshot into a NEW DB instance (a restore never touches the source).
 *
 * @param newInstanceId    identifier of the instance to create; it must not exist yet
 * @param instanceClass    e.g. {@code db.m6g.large}
 * @param subnetGroup      DB subnet group; null for the account's default
 * @param multiAz          a standby in a second zone
 * @param securityGroupIds VPC security groups; empty for the subnet group's default
 * @param tags             extra tags ({@link BackupTags#RESTORED_FROM} is added by the adapter)
 */
public record DatabaseRestore(
    String newInstanceId,
    String instanceClass,
    String subnetGroup,
    boolean multiAz,
    List<String> securityGroupIds,
    Map<String, String> tags) {

  public DatabaseRestore {
    RdsIdentifier.requireInstance(newInstanceId);
    if (instanceClass == null || !instanceClass.startsWith("db.")) {
      throw new InvalidInputException("instance class must look like db.m6g.large: " + instanceClass);
    }
    securityGroupIds = List.copyOf(Objects.requireNonNullElse(securityGroupIds, List.of()));
    tags = Map.copyOf(BackupTags.checkExtra(Objects.requireNonNullElse(tags, Map.of())));
  }
}
