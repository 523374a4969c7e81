package dev.connectha.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dagger.BindsInstance;
import dagger.Component;
import dev.connectha.config.ClockModule;
import dev.connectha.config.Config;
import dev.connectha.ports.BackupSets;
import dev.connectha.ports.ClusterLocks;
import java.util.HashMap;
import java.util.Map;
import javax.inject.Singleton;
import org.junit.jupiter.api.Test;

/** What a function's component gets when it asks for the lock and the backup sets (no AWS call is made). */
class AdaptersWiringTest {
  private static final Map<String, String> ENV = Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "id",
      "AWS_SECRET_ACCESS_KEY", "secret", "LOCK_TABLE_NAME", "connect-ha-locks",
      "BACKUP_SET_TABLE_NAME", "connect-ha-backup-sets");

  @Singleton
  @Component(modules = {AdaptersModule.class, ClockModule.class})
  interface LocksComponent {
    ClusterLocks locks();

    BackupSets backupSets();

    @Component.Factory
    interface Factory {
      LocksComponent create(@BindsInstance Config config);
    }
  }

  @Test
  void aComponentWithTheAdaptersAndTheClockGetsTheDynamoDbLockAndBackupSets() {
    LocksComponent component = DaggerAdaptersWiringTest_LocksComponent.factory().create(Config.from(ENV));

    assertInstanceOf(DynamoDbClusterLocks.class, component.locks());
    assertInstanceOf(DynamoDbBackupSets.class, component.backupSets());
  }

  @Test
  void aFunctionWithoutTheLockTableFailsWhenItAsksForTheLock() {
    Map<String, String> env = new HashMap<>(ENV);
    env.remove("LOCK_TABLE_NAME");
    LocksComponent component = DaggerAdaptersWiringTest_LocksComponent.factory().create(Config.from(env));

    IllegalStateException e = assertThrows(IllegalStateException.class, component::locks);

    assertTrue(e.getMessage().contains("LOCK_TABLE_NAME"), e.getMessage());
    assertEquals(DynamoDbBackupSets.class, component.backupSets().getClass());
  }
}
