package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.aws.DynamoDbBackupSets;
import dev.connectha.aws.DynamoDbClusterLocks;
import dev.connectha.config.Config;
import dev.connectha.localcloud.twin.ConnectSchema;
import dev.connectha.localcloud.twin.SimNode;
import dev.connectha.localcloud.twin.Twin;
import dev.connectha.model.BackupStatus;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.LearnedState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * statemachines/backup.asl.json's cold mode on the local cloud when not every node serves: it starts
 * exactly the nodes it stopped, and RunNodeCommand never starts an old binary against a schema the
 * learned record says was migrated (issue 9, defect 2).
 */
@ExtendWith(LocalCloudExtension.class)
class ColdBackupAfterHaltIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final String OLD = "2024.08.0";
  private static final String NEW = "2024.10.0";
  private final LocalCloud cloud;
  private RealAdapters adapters;
  private DynamoDbBackupSets sets;
  private DynamoDbClusterLocks locks;

  ColdBackupAfterHaltIT(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @BeforeEach
  void freshCluster() {
    cloud.reset(Twin.Spec.defaults());
    adapters = new RealAdapters(Config.from(cloud.environmentOf("StartBackupSetFunction")));
    sets = adapters.backupSets(null);
    locks = adapters.clusterLocks(Clock.systemUTC());
  }

  private LocalCloud.Execution coldBackup() {
    return cloud.run("BackupStateMachine", "{\"cluster\":\"demo\",\"mode\":\"cold\",\"pollSeconds\":1,"
        + "\"retention\":{\"keepLast\":3,\"keepDaily\":0,\"keepWeekly\":0,\"keepMonthly\":0}}",
        "backup-demo-" + UUID.randomUUID(), TIMEOUT);
  }

  /** Stops Connect on {@code node} as an operator or a halted upgrade would, logged in the twin's schema. */
  private void leaveStopped(SimNode node) {
    node.serviceActive = false;
    cloud.twin().settle();
  }

  /** What the rolling upgrade records when the first start of {@code version} went out. */
  private void recordSchemaVersion(String version) {
    adapters.learnedStates().save(LearnedState.none("demo").withSchema(
        new LearnedState.Recorded(ConnectVersion.parse(version), Instant.now(), "rolling-upgrade-halted")));
  }

  /** The backup succeeded with a complete set, and let go of the lock. */
  private void assertTheSetIsCompleteAndTheLockFree(LocalCloud.Execution run) {
    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    assertEquals(BackupStatus.COMPLETE, sets.list("demo").get(0).status(), "the set is good");
    assertTrue(locks.holder("demo").isEmpty(), () -> "lock still held: " + locks.holder("demo"));
  }

  /** Connect starts on {@code node} since {@code since}, from the twin's log of every start. */
  private List<ConnectSchema.ServiceEvent> startsSince(SimNode node, Instant since) {
    return cloud.twin().schema().events().stream().filter(e -> e.instanceId().equals(node.instanceId)
        && (e.kind() == ConnectSchema.Kind.START || e.kind() == ConnectSchema.Kind.REFUSED) && !e.at().isBefore(since))
        .toList();
  }

  @Test
  void aColdBackupStartsOnlyTheNodesItStoppedAndLeavesANodeThatWasStoppedBeforeAlone() {
    SimNode serving = cloud.twin().node(0);
    SimNode leftStopped = cloud.twin().node(1);
    leaveStopped(leftStopped);
    Instant before = Instant.now();

    LocalCloud.Execution run = coldBackup();

    assertTheSetIsCompleteAndTheLockFree(run);
    assertTrue(serving.serviceActive, "the node the backup stopped serves again");
    assertFalse(leftStopped.serviceActive, "the node that was stopped before the backup stays stopped");
    assertEquals(1, startsSince(serving, before).size(), startsSince(serving, before).toString());
    assertEquals(List.of(), startsSince(leftStopped, before), "the backup never started the node it did not stop");
  }

  @Test
  void aColdBackupAfterAHaltedUpgradeNeverStartsTheOldNodeTheUpgradeLeftStopped() {
    SimNode upgraded = cloud.twin().node(0);
    SimNode old = cloud.twin().node(1);
    // the halted upgrade: every node stopped, the first one upgraded and started (the schema migrates),
    // the second left stopped on the old version; the upgrade recorded the schema's new version
    leaveStopped(old);
    leaveStopped(upgraded);
    upgraded.connectVersion = NEW;
    upgraded.serviceActive = true;
    cloud.twin().settle();
    recordSchemaVersion(NEW);
    assertEquals(NEW, cloud.twin().schema().version().toString());
    Instant before = Instant.now();

    LocalCloud.Execution run = coldBackup();

    assertTheSetIsCompleteAndTheLockFree(run);
    assertTrue(upgraded.serviceActive, "the upgraded node serves again");
    assertFalse(old.serviceActive, "the old node stays stopped");
    assertEquals(List.of(), startsSince(old, before));
    assertEquals(List.of(), cloud.twin().upgradeViolations(), "no old binary ran against the migrated schema");
  }

  @Test
  void aNodeTheBackupStoppedIsNotStartedAgainWhenItsBinaryIsOlderThanTheRecordedSchemaAndTheSummaryNamesIt() {
    // the schema is recorded at the new version while every node still runs the old one: the backup
    // stops them for the set, and may start none of them again
    recordSchemaVersion(NEW);
    Instant before = Instant.now();

    LocalCloud.Execution run = coldBackup();

    assertTheSetIsCompleteAndTheLockFree(run);
    String summary = cloud.notifications().get(0);
    for (SimNode node : cloud.twin().nodes()) {
      assertFalse(node.serviceActive, node.instanceId + " was started on " + OLD);
      assertEquals(List.of(), startsSince(node, before), node.instanceId);
      assertTrue(summary.contains(node.instanceId), summary);
    }
    assertTrue(summary.contains("did not start 2 node(s)"), summary);
    assertTrue(summary.contains("installed " + OLD + " is older than the schema's " + NEW
        + ": never start an old binary against a migrated schema"), summary);
  }
}
