package dev.connectha.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.model.backup.RdsIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The names a restore gives what it creates: from the execution, valid for RDS, EFS and AWS Backup. */
class RestoreNamesTest {
  static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:connect-ha-restore:drill-1";

  @Test
  void theSameExecutionGetsTheSameNamesOnEveryRetry() {
    assertEquals(RestoreNames.of("prod", EXECUTION), RestoreNames.of("prod", EXECUTION));
  }

  @Test
  void everyExecutionGetsNewNamesSoASecondDrillOfTheSameSetCreatesNewResources() {
    RestoreNames first = RestoreNames.of("prod", EXECUTION);
    RestoreNames second = RestoreNames.of("prod", EXECUTION.replace("drill-1", "drill-2"));

    assertNotEquals(first.dbInstanceId(), second.dbInstanceId());
    assertNotEquals(first.idempotencyToken(), second.idempotencyToken());
  }

  @Test
  void theInstanceIsNamedClusterRestoreShortIdAndTheFileSystemTokenAlike() {
    RestoreNames names = RestoreNames.of("prod", EXECUTION);

    assertTrue(names.dbInstanceId().matches("prod-restore-[0-9a-f]{8}"), names.dbInstanceId());
    assertEquals(names.dbInstanceId(), names.creationToken());
    assertTrue(names.idempotencyToken().matches("restore-[0-9a-f]{16}"), names.idempotencyToken());
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "prod", "9lives", "east--1", "x-", "a234567890123456789012345678901234567890"})
  void everyValidClusterNameGivesValidRdsEfsAndAwsBackupNames(String cluster) {
    RestoreNames names = RestoreNames.of(cluster, EXECUTION);

    RdsIdentifier.requireInstance(names.dbInstanceId());
    assertTrue(names.creationToken().length() <= 64, names.creationToken());
    assertTrue(names.idempotencyToken().length() <= 50, names.idempotencyToken());
  }
}
