package dev.connectha.backup;

import static dev.connectha.backup.FakeRestoreCloud.CLUSTER;
import static dev.connectha.backup.FakeRestoreCloud.ROLE;
import static dev.connectha.backup.FakeRestoreCloud.SET;
import static dev.connectha.backup.FakeRestoreCloud.SOURCE_DB;
import static dev.connectha.backup.FakeRestoreCloud.SOURCE_FS;
import static dev.connectha.backup.FakeRestoreCloud.VAULT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.model.BackupMode;
import dev.connectha.model.BackupSet;
import dev.connectha.model.BackupStatus;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.EksPlacement;
import dev.connectha.model.RetentionPolicy;
import dev.connectha.model.Topology;
import dev.connectha.model.backup.KeptConfiguration;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The backup set service for the eks topology: the topology the workflow goes on by, the kept configuration's life. */
class EksBackupSetTest {
  static final Instant NOW = Instant.parse("2024-10-01T03:00:00Z");
  static final KeptConfiguration KEPT = new KeptConfiguration("connect-rstudio-connect-config",
      Map.of("rstudio-connect.gcfg", "sha256:aa"), "connect", 3, "rstudio-connect-0.7.0", "2024.08.0", "sha256:bb", 40, 60,
      90);

  final FakeRestoreCloud cloud = new FakeRestoreCloud();
  final BackupSetService service = cloud.backupSetService(Clock.fixed(NOW, ZoneOffset.UTC), pause -> { });

  void registerOnEks() {
    cloud.registry.documents.put(CLUSTER, new ClusterDocument(CLUSTER, "arn:tg", SOURCE_DB, null, SOURCE_FS, null,
        Map.of(), VAULT, ROLE, null, 2, ConnectVersion.parse("2024.08.0"), null, null, null, null, null, null, null, null,
        null, Topology.EKS, new EksPlacement("posit", "connect", "connect-rstudio-connect", null, "connect", null)));
  }

  @Test
  void theColdBackupsCheckTellsItWhetherToScaleAWorkloadOrStopNodes() {
    ValidateBackupInputHandler validate = new ValidateBackupInputHandler(service, "ConnectHaTest");
    BackupInput cold = new BackupInput(CLUSTER, "cold", new RetentionPolicy(7, 7, 4, 12), "", null, null, null, null, null);
    assertEquals("ec2", validate.handle(cold).topology());
    registerOnEks();
    assertEquals("eks", validate.handle(cold).topology());
  }

  @Test
  void theSummaryOfASetThatKeepsItsConfigurationNamesItByDigest() {
    BackupSet set = cloud.sets.get(SET).withConfiguration(KEPT);

    String summary = BackupSetService.summary(set);

    assertTrue(summary.contains("Config:    Helm release connect revision 3 (rstudio-connect-0.7.0), values sha256:bb"),
        summary);
  }

  @Test
  void retentionDeletesTheKeptConfigurationWithItsSet() {
    // an older set whose halves are gone already: retention only has its record and its configuration to delete
    Instant older = FakeRestoreCloud.TAKEN.minusSeconds(86_400);
    cloud.sets.put("bs-old", BackupSet.started("bs-old", CLUSTER, BackupMode.COLD, older, null)
        .withStatus(BackupStatus.COMPLETE, null).withCompletedAt(older.plusSeconds(60)).withConfiguration(KEPT));
    cloud.configurations.keep(CLUSTER, "bs-old", new byte[] {1});
    cloud.configurations.keep(CLUSTER, SET, new byte[] {2});

    BackupSetService.Pruned pruned = service.prune(CLUSTER, new RetentionPolicy(1, 0, 0, 0));

    assertEquals(List.of("bs-old"), pruned.expired());
    assertFalse(cloud.configurations.stored.containsKey(CLUSTER + "/bs-old"));
    assertTrue(cloud.configurations.stored.containsKey(CLUSTER + "/" + SET), "a kept set keeps its configuration");
  }
}
