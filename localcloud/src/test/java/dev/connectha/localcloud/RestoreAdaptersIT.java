package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.aws.EfsFileSystems;
import dev.connectha.aws.RdsDatabaseSnapshots;
import dev.connectha.config.Config;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.UnsafeToProceedException;
import dev.connectha.localcloud.twin.Twin;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.backup.BackupTags;
import dev.connectha.model.backup.DatabaseRestore;
import dev.connectha.model.backup.DatabaseSnapshot;
import dev.connectha.model.backup.RestoredDatabase;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the restore adds to the shared adapters, for real against the local cloud: marking and
 * deleting restored EFS file systems ({@link EfsFileSystems}), and tagging restored DB instances
 * ({@link RdsDatabaseSnapshots#tagRestoredInstance}). Both refuse what no restore created.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestoreAdaptersIT {
  private final LocalCloud cloud;
  private RealAdapters adapters;
  private EfsFileSystems fileSystems;
  private RdsDatabaseSnapshots snapshots;
  private ClusterDocument demo;

  RestoreAdaptersIT(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @BeforeAll
  void freshClusterAndTheFunctionsAdapters() {
    cloud.reset(Twin.Spec.defaults());
    adapters = new RealAdapters(Config.from(cloud.environmentOf("DescribeClusterFunction")));
    fileSystems = adapters.fileSystems();
    snapshots = adapters.databaseSnapshots();
    demo = adapters.clusterRegistry().load("demo");
  }

  @AfterAll
  void closeClients() {
    adapters.close();
  }

  /** A new file system as AWS Backup's restore leaves it: encrypted, untagged, found by its creation token. */
  private String restoredLikeFileSystem(String token) {
    return cloud.clients().efs.createFileSystem(b -> b.creationToken(token).encrypted(true)).fileSystemId();
  }

  @Test
  void theClustersOwnFileSystemIsNeverDeleted() {
    UnsafeToProceedException refused = assertThrows(UnsafeToProceedException.class,
        () -> fileSystems.deleteRestored(demo.fileSystemId()));

    assertTrue(refused.getMessage().contains("connect-ha:restored-from"), refused.getMessage());
    assertEquals("available", fileSystems.describe(demo.fileSystemId()).lifecycleState());
    assertEquals(2, fileSystems.describe(demo.fileSystemId()).mountTargetAzs().size());
  }

  @Test
  void aFileSystemFoundByItsCreationTokenAndMarkedRestoredIsDeletedWithItsMountTargets() {
    String token = "demo-restore-" + UUID.randomUUID().toString().substring(0, 8);
    String fs = restoredLikeFileSystem(token);
    String subnet = cloud.clients().efs.describeMountTargets(b -> b.fileSystemId(demo.fileSystemId())).mountTargets()
        .get(0).subnetId();
    cloud.clients().efs.createMountTarget(b -> b.fileSystemId(fs).subnetId(subnet));

    Optional<String> found = fileSystems.findByCreationToken(token);
    fileSystems.tagRestored(fs, "arn:aws:backup:us-east-1:123456789012:recovery-point:ABC",
        Map.of("connect-ha:restore-mode", "drill"));
    Map<String, String> tags = fileSystems.tagsOf(fs);
    boolean deleted = fileSystems.deleteRestored(fs);

    assertEquals(Optional.of(fs), found);
    assertEquals("arn:aws:backup:us-east-1:123456789012:recovery-point:ABC", tags.get(BackupTags.RESTORED_FROM));
    assertEquals("drill", tags.get("connect-ha:restore-mode"));
    assertTrue(deleted);
    assertEquals(Optional.empty(), fileSystems.findByCreationToken(token));
    assertFalse(fileSystems.deleteRestored(fs), "a retried delete finds it gone");
    assertEquals(2, fileSystems.describe(demo.fileSystemId()).mountTargetAzs().size(), "the cluster's own untouched");
  }

  @Test
  void onlyConnectHaTagsAreWrittenOnARestoredFileSystem() {
    String fs = restoredLikeFileSystem("demo-restore-" + UUID.randomUUID().toString().substring(0, 8));

    assertThrows(InvalidInputException.class, () -> fileSystems.tagRestored(fs,
        "arn:aws:backup:us-east-1:123456789012:recovery-point:ABC", Map.of("Name", "mine now")));
    assertEquals(Map.of(), fileSystems.tagsOf(fs));
  }

  @Test
  void onlyARestoredDbInstanceIsTagged() {
    String set = "s" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    DatabaseSnapshot snapshot = snapshots.startInstanceSnapshot(demo.dbInstanceId(), "demo-" + set,
        new BackupTags("demo", set));
    RestoredDatabase restored = snapshots.restoreToNewInstance(snapshot.arn(),
        new DatabaseRestore("demo-restore-" + set, "db.t3.medium", null, false, List.of(), Map.of()));
    String sourceArn = restored.arn().replace("db:demo-restore-" + set, "db:" + demo.dbInstanceId());

    RestoredDatabase tagged = snapshots.tagRestoredInstance(restored.arn(), Map.of("connect-ha:efs-restore-job", "J1"));

    assertEquals("J1", tagged.tags().get("connect-ha:efs-restore-job"));
    assertEquals("J1", snapshots.describeInstance(restored.arn()).tags().get("connect-ha:efs-restore-job"));
    assertThrows(UnsafeToProceedException.class,
        () -> snapshots.tagRestoredInstance(sourceArn, Map.of("connect-ha:efs-restore-job", "J1")));
    assertThrows(InvalidInputException.class,
        () -> snapshots.tagRestoredInstance(restored.arn(), Map.of(BackupTags.RESTORED_FROM, "forged")));
    assertEquals(null, snapshots.describeInstance(sourceArn).tags().get("connect-ha:efs-restore-job"));
  }
}
