package dev.connectha.model.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.connectha.errors.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RdsIdentifierTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"a", "demo-db", "demo-s1a2b3", "Connect1", "a-b-c-1"})
  void acceptsWhatRdsAccepts(String id) {
    assertEquals(id, RdsIdentifier.requireInstance(id));
    assertEquals(id, RdsIdentifier.requireSnapshot(id));
    assertEquals(id, RdsIdentifier.requireCluster(id));
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"", "1db", "-db", "db-", "db--1", "db_1", "db.1", "rds:demo-db-2024"})
  void refusesWhatRdsRefuses(String id) {
    assertThrows(InvalidInputException.class, () -> RdsIdentifier.requireSnapshot(id));
  }

  @Test
  void instancesTakeUpTo63CharactersAndSnapshotsUpTo255() {
    String long63 = "a".repeat(63);
    assertEquals(long63, RdsIdentifier.requireInstance(long63));
    assertThrows(InvalidInputException.class, () -> RdsIdentifier.requireInstance(long63 + "a"));
    assertThrows(InvalidInputException.class, () -> RdsIdentifier.requireCluster(long63 + "a"));
    assertEquals("a".repeat(255), RdsIdentifier.requireSnapshot("a".repeat(255)));
    assertThrows(InvalidInputException.class, () -> RdsIdentifier.requireSnapshot("a".repeat(256)));
  }

  @Test
  void aMissingIdentifierIsInvalidInput() {
    assertThrows(InvalidInputException.class, () -> RdsIdentifier.requireInstance(null));
  }
}
