package dev.connectha.model.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.connectha.errors.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackupVaultTest {
  private static final String POINT_EAST = "arn:aws:backup:us-east-1:123456789012:recovery-point:R1";

  @Test
  void aNameIsAVaultInTheHomeRegion() {
    assertEquals(new BackupVault("us-east-1", "Default"), BackupVault.locate("Default", "us-east-1"));
  }

  @Test
  void anArnNamesItsOwnRegion() {
    assertEquals(new BackupVault("us-west-2", "connect-ha-dr"),
        BackupVault.locate("arn:aws:backup:us-west-2:123456789012:backup-vault:connect-ha-dr", "us-east-1"));
  }

  @Test
  void theVaultHoldingARecoveryPointIsInTheRecoveryPointsRegion() {
    assertEquals(new BackupVault("us-west-2", "Default"),
        BackupVault.holding("Default", "arn:aws:backup:us-west-2:123456789012:recovery-point:R2"));
    assertThrows(InvalidInputException.class,
        () -> BackupVault.holding("arn:aws:backup:us-west-2:123456789012:backup-vault:dr", POINT_EAST));
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"", "x", "has space", "arn:aws:backup:us-east-1:123456789012:recovery-point:R1",
      "arn:aws:s3:::bucket"})
  void refusesWhatIsNotAVault(String vault) {
    assertThrows(InvalidInputException.class, () -> BackupVault.locate(vault, "us-east-1"));
  }
}
