package dev.connectha.model.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.connectha.errors.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestoreRequestsTest {

  @Test
  void aDatabaseRestoreNeedsAValidNewIdentifierAndInstanceClass() {
    assertThrows(InvalidInputException.class,
        () -> new DatabaseRestore("bad--id", "db.t3.medium", null, false, List.of(), Map.of()));
    assertThrows(InvalidInputException.class,
        () -> new DatabaseRestore("drill-1", "t3.medium", null, false, List.of(), Map.of()));
    assertThrows(InvalidInputException.class,
        () -> new DatabaseRestore("drill-1", "db.t3.medium", null, false, List.of(), Map.of(BackupTags.RESTORED_FROM, "x")));
  }

  @Test
  void aDatabaseRestoreDefaultsToNoSecurityGroupsAndNoTags() {
    DatabaseRestore restore = new DatabaseRestore("drill-1", "db.t3.medium", null, true, null, null);

    assertEquals(List.of(), restore.securityGroupIds());
    assertEquals(Map.of(), restore.tags());
  }

  @Test
  void aFileSystemRestoreDefaultsToGeneralPurposeAndTheAwsManagedKey() {
    FileSystemRestore restore = new FileSystemRestore("restore-s1");

    assertEquals("generalPurpose", restore.performanceMode());
    assertEquals(null, restore.kmsKeyId());
  }

  @Test
  void aFileSystemRestoreNeedsAShortCreationTokenAndAKnownPerformanceMode() {
    assertThrows(InvalidInputException.class, () -> new FileSystemRestore(""));
    assertThrows(InvalidInputException.class, () -> new FileSystemRestore("t".repeat(65)));
    assertThrows(InvalidInputException.class, () -> new FileSystemRestore("restore-s1", "elastic", null));
    assertEquals("maxIO", new FileSystemRestore("restore-s1", "maxIO", null).performanceMode());
  }
}
