package dev.connectha.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.aws.RdsDatabaseSnapshots.InstanceRef;
import dev.connectha.aws.RdsDatabaseSnapshots.SnapshotRef;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.backup.BackupTags;
import dev.connectha.model.backup.DatabaseSnapshot;
import dev.connectha.model.backup.DatabaseSnapshot.Kind;
import dev.connectha.model.backup.RestoredDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.Tag;

/** The RDS snapshot adapter's pure parts: ARN handles and the mapping of RDS's answers. */
class RdsDatabaseSnapshotsTest {

  @Test
  void aSnapshotArnNamesRegionKindAndIdentifier() {
    assertEquals(new SnapshotRef("us-west-2", Kind.INSTANCE, "demo-s1"),
        SnapshotRef.parse("arn:aws:rds:us-west-2:123456789012:snapshot:demo-s1"));
    assertEquals(new SnapshotRef("us-east-1", Kind.CLUSTER, "aurora-s1"),
        SnapshotRef.parse("arn:aws:rds:us-east-1:123456789012:cluster-snapshot:aurora-s1"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"arn:aws:rds:us-east-1:123456789012:db:demo-db",
      "arn:aws:rds:us-east-1:123456789012:snapshot:rds:demo-db-2024-08-01-10-00",
      "arn:aws:backup:us-east-1:123456789012:recovery-point:R1", "demo-s1"})
  void anythingButAManualSnapshotArnIsInvalidInput(String arn) {
    assertThrows(InvalidInputException.class, () -> SnapshotRef.parse(arn));
  }

  @Test
  void anInstanceArnNamesRegionAndIdentifier() {
    assertEquals(new InstanceRef("us-east-1", "restore-s1"),
        InstanceRef.parse("arn:aws:rds:us-east-1:123456789012:db:restore-s1"));
    assertThrows(InvalidInputException.class,
        () -> InstanceRef.parse("arn:aws:rds:us-east-1:123456789012:snapshot:demo-s1"));
  }

  @Test
  void mapsAnInstanceSnapshotWithItsTags() {
    Instant created = Instant.parse("2024-08-01T10:00:00Z");
    DBSnapshot rds = DBSnapshot.builder()
        .dbSnapshotArn("arn:aws:rds:us-west-2:123456789012:snapshot:demo-s1").dbSnapshotIdentifier("demo-s1")
        .dbInstanceIdentifier("demo-db").status("available").engine("postgres").engineVersion("15.7").encrypted(true)
        .allocatedStorage(100).snapshotCreateTime(created)
        .tagList(Tag.builder().key(BackupTags.CLUSTER).value("demo").build(),
            Tag.builder().key(BackupTags.BACKUP_SET).value("s1").build())
        .build();

    DatabaseSnapshot s = RdsDatabaseSnapshots.fromInstanceSnapshot(rds, "us-east-1");

    assertEquals(new DatabaseSnapshot("arn:aws:rds:us-west-2:123456789012:snapshot:demo-s1", "us-west-2",
        Kind.INSTANCE, "demo-s1", "demo-db", "available", "postgres", "15.7", true, 100, created,
        Map.of(BackupTags.CLUSTER, "demo", BackupTags.BACKUP_SET, "s1")), s);
    assertEquals("demo", s.cluster());
    assertEquals("s1", s.backupSet());
  }

  @Test
  void aSnapshotBeingCreatedHasNoTimeYetAndIsInProgress() {
    DatabaseSnapshot s = RdsDatabaseSnapshots.fromClusterSnapshot(DBClusterSnapshot.builder()
        .dbClusterSnapshotIdentifier("aurora-s1").dbClusterIdentifier("aurora").status("creating").build(), "us-east-1");

    assertEquals(Kind.CLUSTER, s.kind());
    assertEquals("us-east-1", s.region(), "no ARN yet: the region asked");
    assertNull(s.createdAt());
    assertFalse(s.encrypted());
    assertTrue(s.inProgress());
    assertNull(s.cluster());
  }

  @Test
  void mapsARestoredInstanceWithWhereItCameFrom() {
    DBInstance instance = DBInstance.builder().dbInstanceArn("arn:aws:rds:us-east-1:123456789012:db:restore-s1")
        .dbInstanceIdentifier("restore-s1").dbInstanceClass("db.t3.medium").dbInstanceStatus("creating")
        .engine("postgres").engineVersion("15.7").multiAZ(false).storageEncrypted(true)
        .tagList(Tag.builder().key(BackupTags.RESTORED_FROM).value("arn:aws:rds:us-east-1:123456789012:snapshot:s1")
            .build())
        .build();

    RestoredDatabase db = RdsDatabaseSnapshots.fromInstance(instance, "us-east-1");

    assertEquals("arn:aws:rds:us-east-1:123456789012:snapshot:s1", db.restoredFrom());
    assertNull(db.endpoint(), "no endpoint while creating");
    assertFalse(db.available());
    assertFalse(db.multiAz());
    assertTrue(db.encrypted());
  }

  @Test
  void listsOldestFirstWithSnapshotsStillCreatingLast() {
    DatabaseSnapshot older = snapshot("b", Instant.parse("2024-08-01T00:00:00Z"));
    DatabaseSnapshot newer = snapshot("a", Instant.parse("2024-08-02T00:00:00Z"));
    DatabaseSnapshot creating = snapshot("c", null);
    List<DatabaseSnapshot> list = new ArrayList<>(List.of(creating, newer, older));

    list.sort(RdsDatabaseSnapshots.OLDEST_FIRST);

    assertEquals(List.of(older, newer, creating), list);
  }

  private static DatabaseSnapshot snapshot(String id, Instant created) {
    return new DatabaseSnapshot("arn:aws:rds:us-east-1:123456789012:snapshot:" + id, "us-east-1", Kind.INSTANCE, id,
        "demo-db", created == null ? "creating" : "available", "postgres", "15.7", true, 100, created, Map.of());
  }
}
