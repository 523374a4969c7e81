package dev.connectha.backup;

import static dev.connectha.backup.FakeRestoreCloud.CLUSTER;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.connectha.model.ConnectVersion;
import dev.connectha.model.LearnedState;
import dev.connectha.model.RetentionPolicy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The version a backup set is recorded with: the database schema's, not the registered one. */
class BackupVersionTest {
  static final Instant NOW = Instant.parse("2024-10-01T03:00:00Z");

  final FakeRestoreCloud cloud = new FakeRestoreCloud();
  final BackupSetService service = cloud.backupSetService(Clock.fixed(NOW, ZoneOffset.UTC), pause -> { });
  final ValidateBackupInputHandler validate = new ValidateBackupInputHandler(service, "ConnectHaTest");

  private String validatedVersion() {
    return validate.handle(new BackupInput(CLUSTER, "online", new RetentionPolicy(7, 7, 4, 12), "", null, null, null,
        null, null)).connectVersion();
  }

  @Test
  void whileNothingIsLearnedABackupBelongsToTheRegisteredVersion() {
    assertEquals(ConnectVersion.parse("2024.08.0"), service.schemaVersion(cloud.registry.load(CLUSTER)));
    assertEquals("2024.08.0", validatedVersion());
  }

  @Test
  void afterAHaltedUpgradeABackupBelongsToTheSchemasVersionNotTheNodesOrTheRegisteredOne() {
    cloud.learned.states.put(CLUSTER, new LearnedState(CLUSTER,
        new LearnedState.Recorded(ConnectVersion.parse("2024.10.0"), NOW.minusSeconds(3600), "e-halted"), null));

    assertEquals(ConnectVersion.parse("2024.10.0"), service.schemaVersion(cloud.registry.load(CLUSTER)));
    assertEquals("2024.10.0", validatedVersion());
  }
}
