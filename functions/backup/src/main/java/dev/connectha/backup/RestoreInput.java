package dev.connectha.backup;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.BackupSet;
import dev.connectha.model.ClusterName;
import dev.connectha.model.backup.AwsArn;
import java.util.regex.Pattern;

/**
 * The input of every restore function, checked whole before any AWS call. The names of what a
 * restore creates derive from the execution ({@link RestoreNames}), so every step finds them again
 * on a retry, and a later step (or an operator) finds them from the same three fields.
 *
 * @param cluster         the registered cluster
 * @param setId           the backup set to restore; it must be COMPLETE
 * @param mode            {@code drill} (default) or {@code handover}
 * @param dbInstanceClass the new DB instance's class; blank for the source instance's
 * @param dbSubnetGroup   the new DB instance's DB subnet group; blank for the account's default
 * @param executionId     the Step Functions execution ARN: the restore's names derive from it
 */
public record RestoreInput(
    String cluster,
    String setId,
    String mode,
    String dbInstanceClass,
    String dbSubnetGroup,
    String executionId) {
  private static final Pattern INSTANCE_CLASS = Pattern.compile("db\\.[a-z0-9-]+\\.[a-z0-9-]+");
  private static final Pattern SUBNET_GROUP = Pattern.compile("[A-Za-z0-9 ._-]{1,255}");

  public RestoreInput {
    ClusterName.require(cluster);
    if (setId == null) {
      throw new InvalidInputException("setId is required: the backup set to restore");
    }
    BackupSet.requireSetId(setId);
    RestoreMode.parse(mode);
    if (dbInstanceClass != null && !dbInstanceClass.isBlank() && !INSTANCE_CLASS.matcher(dbInstanceClass).matches()) {
      throw new InvalidInputException("dbInstanceClass must look like db.m6g.large: '" + dbInstanceClass + "'");
    }
    if (dbSubnetGroup != null && !dbSubnetGroup.isBlank() && !SUBNET_GROUP.matcher(dbSubnetGroup).matches()) {
      throw new InvalidInputException("dbSubnetGroup is not a DB subnet group name: '" + dbSubnetGroup + "'");
    }
    if (executionId == null) {
      throw new InvalidInputException("executionId (the Step Functions execution ARN) is required: the restore's names derive from it");
    }
    AwsArn arn = AwsArn.parse(executionId, "states");
    if (!arn.resourceType().equals("execution")) {
      throw new InvalidInputException("executionId must be a Step Functions execution ARN: '" + executionId + "'");
    }
  }

  public RestoreMode restoreMode() {
    return RestoreMode.parse(mode);
  }

  /** The instance class the input asks for; null for the source instance's. */
  public String requestedInstanceClass() {
    return dbInstanceClass == null || dbInstanceClass.isBlank() ? null : dbInstanceClass;
  }

  /** The DB subnet group the input asks for; null for the account's default. */
  public String requestedSubnetGroup() {
    return dbSubnetGroup == null || dbSubnetGroup.isBlank() ? null : dbSubnetGroup;
  }

  public RestoreNames names() {
    return RestoreNames.of(cluster, executionId);
  }
}
