package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.aws.AwsBackupFileSystemBackups;
import dev.connectha.aws.DynamoDbBackupSets;
import dev.connectha.aws.RdsDatabaseSnapshots;
import dev.connectha.config.Config;
import dev.connectha.json.Json;
import dev.connectha.localcloud.twin.Twin;
import dev.connectha.model.BackupMode;
import dev.connectha.model.BackupSet;
import dev.connectha.model.BackupStatus;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.RetentionPolicy;
import dev.connectha.model.backup.BackupJob;
import dev.connectha.model.backup.BackupTags;
import dev.connectha.model.backup.DatabaseSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Retention on the local cloud over random histories: PruneBackups deletes exactly the resources of
 * the sets {@link RetentionPolicy} expires, and leaves every foreign snapshot (untagged, or another
 * cluster's) alone. Each seed is one history of real snapshots, recovery points and set records.
 */
@ExtendWith(LocalCloudExtension.class)
class RetentionIT {
  private final LocalCloud cloud;

  RetentionIT(LocalCloud cloud) {
    this.cloud = cloud;
  }

  private record History(List<BackupSet> sets, List<String> foreignSnapshots, RetentionPolicy policy) {}

  @ParameterizedTest(name = "history {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void pruneDeletesExactlyTheExpiredSetsResourcesAndNothingForeign(long seed) throws Exception {
    cloud.reset(Twin.Spec.defaults());
    RealAdapters adapters = new RealAdapters(Config.from(cloud.environmentOf("PruneBackupsFunction")));
    History history = history(new Random(seed), adapters);
    Set<String> expired = history.policy().expired("demo", history.sets(), Instant.now()).stream()
        .map(BackupSet::setId).collect(Collectors.toSet());

    JsonNode pruned = Json.MAPPER.readTree(cloud.lambda().invoke("connect-ha-PruneBackups",
        Json.MAPPER.writeValueAsBytes(java.util.Map.of("cluster", "demo", "retention", history.policy()))).payload());

    assertEquals(expired, names(pruned.path("expired")), pruned.toString());
    System.out.printf("history %d: %d sets, policy %s, %d expired%n", seed, history.sets().size(), history.policy(),
        expired.size());
    RdsDatabaseSnapshots snapshots = adapters.databaseSnapshots();
    AwsBackupFileSystemBackups points = adapters.fileSystemBackups();
    Set<String> remainingSnapshots = snapshots.listOfCluster("demo").stream().map(DatabaseSnapshot::arn)
        .collect(Collectors.toSet());
    for (BackupSet set : history.sets()) {
      boolean gone = expired.contains(set.setId());
      assertEquals(!gone, remainingSnapshots.contains(set.dbSnapshotArn()), set.setId() + " snapshot");
      if (set.efsRecoveryPointArn() != null) {
        assertEquals(!gone, exists(points, set.efsRecoveryPointArn()), set.setId() + " recovery point");
      }
      BackupStatus now = adapters.backupSets(null).get("demo", set.setId()).status();
      assertEquals(gone ? BackupStatus.DELETED : set.status(), now, set.setId());
    }
    Set<String> allSnapshots = cloud.clients().rds.describeDBSnapshots(b -> b.snapshotType("manual")).dbSnapshots().stream()
        .map(s -> s.dbSnapshotArn()).collect(Collectors.toSet());
    history.foreignSnapshots().forEach(arn -> assertTrue(allSnapshots.contains(arn), "foreign snapshot deleted: " + arn));
    assertEquals(0, pruned.path("refused").size(), pruned.toString());
  }

  private static Set<String> names(JsonNode array) {
    Set<String> out = new HashSet<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static boolean exists(AwsBackupFileSystemBackups points, String arn) {
    try {
      points.tagsOf(arn);
      return true;
    } catch (dev.connectha.errors.PreconditionFailedException gone) {
      return false;
    }
  }

  /** 4-10 sets spread over 90 days, mostly complete, some incomplete or failed, plus foreign snapshots. */
  private History history(Random random, RealAdapters adapters) {
    DynamoDbBackupSets records = adapters.backupSets(null);
    RdsDatabaseSnapshots snapshots = adapters.databaseSnapshots();
    AwsBackupFileSystemBackups points = adapters.fileSystemBackups();
    String fs = cloud.clients().efs.describeFileSystems().fileSystems().get(0).fileSystemId();
    Instant now = Instant.now();
    List<BackupSet> sets = new ArrayList<>();
    int count = 4 + random.nextInt(7);
    for (int i = 0; i < count; i++) {
      String setId = "bs-h" + i;
      BackupTags tags = new BackupTags("demo", setId);
      DatabaseSnapshot snapshot = snapshots.startInstanceSnapshot("demo-db", "connect-ha-" + setId, tags);
      int roll = random.nextInt(10);
      BackupStatus status = roll < 7 ? BackupStatus.COMPLETE : roll < 9 ? BackupStatus.INCOMPLETE : BackupStatus.FAILED;
      String point = null;
      if (status == BackupStatus.COMPLETE) {
        BackupJob job = points.startBackup(fs, Twin.BACKUP_VAULT, Twin.BACKUP_ROLE_ARN, tags, setId);
        point = job.recoveryPointArn();
      }
      Instant started = now.minus(Duration.ofHours(1 + random.nextInt(90 * 24)));
      BackupSet set = new BackupSet(setId, "demo", BackupMode.ONLINE, started, started.plusSeconds(60),
          ConnectVersion.parse("2024.08.0"), snapshot.id(), snapshot.arn(), point, status,
          status == BackupStatus.COMPLETE ? null : "simulated", List.of(), null);
      records.put(set);
      sets.add(set);
    }
    List<String> foreign = new ArrayList<>();
    foreign.add(cloud.clients().rds.createDBSnapshot(b -> b.dbInstanceIdentifier("demo-db")
        .dbSnapshotIdentifier("operator-manual-snapshot")).dbSnapshot().dbSnapshotArn());
    foreign.add(snapshots.startInstanceSnapshot("demo-db", "connect-ha-other-cluster",
        new BackupTags("other", "bs-h0")).arn());
    RetentionPolicy policy = new RetentionPolicy(1 + random.nextInt(3), random.nextInt(4), random.nextInt(3),
        random.nextInt(3));
    return new History(sets, foreign, policy);
  }

  @org.junit.jupiter.api.Test
  void aRetentionThatWouldKeepNothingIsRefusedBeforeAnythingIsDeleted() {
    cloud.reset(Twin.Spec.defaults());

    LambdaRuntime.Invocation answer = cloud.lambda().invoke("connect-ha-PruneBackups",
        "{\"cluster\":\"demo\",\"retention\":{\"keepLast\":0,\"keepDaily\":0,\"keepWeekly\":0,\"keepMonthly\":0}}".getBytes());

    assertTrue(answer.functionError());
    assertTrue(new String(answer.payload()).contains("InvalidInputException"));
    assertFalse(cloud.gateway().callCounts().keySet().stream().anyMatch(k -> k.contains("Delete")));
  }
}
