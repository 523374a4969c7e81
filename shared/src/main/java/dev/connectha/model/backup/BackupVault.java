package dev.connectha.model.backup;

import dev.connectha.errors.InvalidInputException;
import java.util.regex.Pattern;

/**
 * A backup vault located: the adapters take a vault as a name (in the home region, as the cluster
 * document's {@code backupVault} holds it) or as an ARN (a vault in another region).
 */
public record BackupVault(String region, String name) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{2,50}");

  public BackupVault {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidInputException("backup vault name must be 2-50 letters, digits, '-' or '_': " + name);
    }
  }

  /** {@code nameOrArn} as a vault: a name is in {@code homeRegion}, an ARN names its own region. */
  public static BackupVault locate(String nameOrArn, String homeRegion) {
    if (nameOrArn != null && nameOrArn.startsWith("arn:")) {
      AwsArn arn = AwsArn.parse(nameOrArn, "backup");
      if (!arn.resourceType().equals("backup-vault")) {
        throw new InvalidInputException("not a backup vault ARN: '" + nameOrArn + "'");
      }
      return new BackupVault(arn.region(), arn.resourceId());
    }
    return new BackupVault(homeRegion, nameOrArn);
  }

  /** {@code nameOrArn} as the vault holding {@code recoveryPointArn}: in the recovery point's region. */
  public static BackupVault holding(String nameOrArn, String recoveryPointArn) {
    String region = AwsArn.parse(recoveryPointArn).region();
    if (region.isEmpty()) {
      throw new InvalidInputException("recovery point ARN names no region: '" + recoveryPointArn + "'");
    }
    BackupVault vault = locate(nameOrArn, region);
    if (!vault.region().equals(region)) {
      throw new InvalidInputException("vault " + nameOrArn + " is in " + vault.region() + ", the recovery point "
          + recoveryPointArn + " in " + region);
    }
    return vault;
  }
}
