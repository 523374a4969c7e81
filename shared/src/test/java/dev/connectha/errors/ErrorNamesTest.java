package dev.connectha.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ErrorNamesTest {

  @Test
  void everyTerminalErrorIsListedAsTerminal() {
    assertEquals(names(TerminalException.class), Set.copyOf(ErrorNames.TERMINAL));
  }

  @Test
  void everyRetryableErrorIsListedAsRetryable() {
    assertEquals(names(RetryableException.class), Set.copyOf(ErrorNames.RETRYABLE));
  }

  @Test
  void aLockedClusterAndAMissingBackupSetAreTerminalAndNamedByTheirClass() {
    assertEquals("dev.connectha.errors.ClusterLockedException", ErrorNames.CLUSTER_LOCKED);
    assertEquals("dev.connectha.errors.BackupSetNotFoundException", ErrorNames.BACKUP_SET_NOT_FOUND);
    assertFalse(new ClusterLockedException("locked").retryable());
    assertFalse(new BackupSetNotFoundException("missing").retryable());
    assertTrue(ErrorNames.all().containsAll(Set.of(ErrorNames.CLUSTER_LOCKED, ErrorNames.BACKUP_SET_NOT_FOUND)));
  }

  private static Set<String> names(Class<?> sealed) {
    return Arrays.stream(sealed.getPermittedSubclasses()).map(Class::getName).collect(Collectors.toSet());
  }
}
