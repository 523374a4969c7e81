package dev.connectha.model.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.connectha.errors.InvalidInputException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackupTagsTest {

  @Test
  void carriesClusterAndBackupSetFirstThenTheOthersInKeyOrder() {
    BackupTags tags = new BackupTags("demo", "2024-08-01T10-00", Map.of("z", "last", "connect-version", "2024.08.0"));

    assertEquals(List.of("connect-ha:cluster", "connect-ha:backup-set", "connect-version", "z"),
        List.copyOf(tags.asMap().keySet()));
    assertEquals("demo", tags.asMap().get(BackupTags.CLUSTER));
    assertEquals("2024-08-01T10-00", tags.asMap().get(BackupTags.BACKUP_SET));
  }

  @Test
  void noExtraTagsIsTheTwoControlPlaneTags() {
    assertEquals(Map.of(BackupTags.CLUSTER, "demo", BackupTags.BACKUP_SET, "s1"), new BackupTags("demo", "s1").asMap());
    assertEquals(Map.of(), new BackupTags("demo", "s1", null).extra());
  }

  @Test
  void theClusterMustBeAValidClusterName() {
    assertThrows(InvalidInputException.class, () -> new BackupTags("Bad_Name", "s1"));
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"", "-leading", "has space", "slash/", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
  void theBackupSetMustBeAShortIdentifier(String backupSet) {
    assertThrows(InvalidInputException.class, () -> new BackupTags("demo", backupSet));
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"connect-ha:cluster", "connect-ha:backup-set", "connect-ha:copied-from",
      "connect-ha:restored-from", "aws:cloudformation:stack-name", ""})
  void extraTagsMayNotUseTheControlPlanesOrAwsKeys(String key) {
    assertThrows(InvalidInputException.class, () -> new BackupTags("demo", "s1", Map.of(key, "v")));
  }

  @Test
  void extraTagsKeepToAwsLimits() {
    assertThrows(InvalidInputException.class, () -> new BackupTags("demo", "s1", Map.of("k".repeat(129), "v")));
    assertThrows(InvalidInputException.class, () -> new BackupTags("demo", "s1", Map.of("k", "v".repeat(257))));
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("k", null);
    assertThrows(InvalidInputException.class, () -> BackupTags.checkExtra(nullValue));
  }
}
