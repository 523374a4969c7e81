package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.aws.DynamoDbBackupSets;
import dev.connectha.aws.DynamoDbClusterLocks;
import dev.connectha.config.Config;
import dev.connectha.config.DocumentKind;
import dev.connectha.json.Json;
import dev.connectha.localcloud.twin.NodeDeath;
import dev.connectha.localcloud.twin.SimNode;
import dev.connectha.localcloud.twin.Twin;
import dev.connectha.model.BackupSet;
import dev.connectha.model.BackupStatus;
import dev.connectha.model.ConnectVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * One node of three dies at each step of statemachines/rolling-upgrade.asl.json (issue 9): stage,
 * stop, the cold restore point, the first node's install, its start, and the rest. Each case checks
 * the verdict, which nodes serve which version, that no old binary ran after a migration (the
 * twin's tracker), that the lock is free, the schema's recorded version (never older than the
 * schema), and the version the next backup set records.
 */
@ExtendWith(LocalCloudExtension.class)
class NodeDeathDuringUpgradeIT {
  private static final String OLD = "2024.08.0";
  private static final String NEW = "2024.10.0";
  private static final DocumentKind STAGE = DocumentKind.STAGE_CONNECT;
  private static final DocumentKind STOP = DocumentKind.STOP_CONNECT;
  private static final DocumentKind INSTALL = DocumentKind.INSTALL_CONNECT;
  private static final DocumentKind START = DocumentKind.START_CONNECT;
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  /** How long a command the death is placed in takes, and when in it the node dies. */
  private static final Duration COMMAND = Duration.ofSeconds(2);
  private static final Duration MIDWAY = Duration.ofSeconds(1);

  private final LocalCloud cloud;
  private Deployer.Deployment deployment;
  private DynamoDbBackupSets sets;
  private DynamoDbClusterLocks locks;
  private RealAdapters adapters;

  NodeDeathDuringUpgradeIT(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @BeforeEach
  void threeNodesInThreeZones() {
    deployment = cloud.reset(new Twin.Spec("demo", 3, List.of("us-east-1a", "us-east-1b", "us-east-1c"), OLD));
    adapters = new RealAdapters(Config.from(cloud.environmentOf("StartBackupSetFunction")));
    sets = adapters.backupSets(null);
    locks = adapters.clusterLocks(Clock.systemUTC());
  }

  // ---- the matrix -----------------------------------------------------------------------------

  /** Which node dies: the plan's first node (the one that migrates the schema), or another. */
  enum Victim { FIRST, OTHER }

  /**
   * Where the node dies: planned on the twin before the upgrade starts ({@code planned}, given the
   * twin and the victim's instance id), or the moment the upgrade enters {@code whenEntered};
   * {@code commandRan}: the node's command ran before it died.
   */
  record Death(String what, BiConsumer<Twin, String> planned, String whenEntered, NodeDeath how, boolean commandRan) {
    /** As its command of {@code document} is delivered: the command never runs. */
    static Death as(DocumentKind document, NodeDeath how) {
      return new Death(how + " as " + document.suffix() + " reaches it", (twin, id) -> twin.killDuring(id, document, how), null, how,
          false);
    }

    /** Half-way through its command of {@code document}: the command never completes. */
    static Death midway(DocumentKind document, NodeDeath how) {
      return new Death(how + " half-way through " + document.suffix(), (twin, id) -> {
        twin.commandDuration(document, COMMAND);
        twin.killDuring(id, document, how, MIDWAY);
      }, null, how, false);
    }

    /** The moment its command of {@code document} has run and succeeded, before anyone reads that. */
    static Death rightAfter(DocumentKind document, NodeDeath how) {
      return new Death(how + " right after " + document.suffix() + " succeeded", (twin, id) -> twin.killAfter(id, document, how), null,
          how, true);
    }

    /** The moment the upgrade enters {@code state} (which must last: the test checks the death fell inside it). */
    static Death whileIn(String state, NodeDeath how) {
      return new Death(how + " during " + state, (twin, id) -> {}, state, how, false);
    }

    @Override
    public String toString() {
      return what;
    }
  }

  /**
   * What the upgrade must end in: its verdict (the summary's outcome), the version the surviving
   * nodes serve (null: none serves), the schema's recorded version, the next backup set's, and what
   * the summary says of the dead node (in its line under "Nodes:", or in the error when none is listed).
   */
  record Expected(String verdict, String serving, String schema, String nextSet, String deadNode) {}

  private static final String FAILED = "failed";
  private static final String ROLLED_BACK = "rolled back to the previous version";
  private static final String HALTED = "halted";

  static Stream<Arguments> deaths() {
    return Stream.of(
        // before any stop: nothing changed, the cluster keeps serving
        Arguments.of("stage", Victim.OTHER, Death.as(STAGE, NodeDeath.STOPPED), new Expected(FAILED, OLD, OLD, OLD, "Failed")),
        // every node was to be stopped, none upgraded: the survivors serve the old version again
        Arguments.of("stop", Victim.OTHER, Death.as(STOP, NodeDeath.TERMINATED),
            new Expected(ROLLED_BACK, OLD, OLD, OLD, "LOST")),
        Arguments.of("restore point", Victim.FIRST, Death.whileIn("TakeColdRestorePoint", NodeDeath.STOPPED),
            new Expected(ROLLED_BACK, OLD, OLD, OLD, "LEFT STOPPED")),
        // the first node migrates, the survivor follows; the dead node is not upgraded
        Arguments.of("restore point", Victim.OTHER, Death.whileIn("TakeColdRestorePoint", NodeDeath.STOPPED),
            new Expected(HALTED, NEW, NEW, NEW, "NOT upgraded")),
        // no start reached the first node: the schema was never migrated
        Arguments.of("first install", Victim.FIRST, Death.midway(INSTALL, NodeDeath.STOPPED),
            new Expected(ROLLED_BACK, OLD, OLD, OLD, "LEFT STOPPED")),
        Arguments.of("first install", Victim.FIRST, Death.rightAfter(INSTALL, NodeDeath.STOPPED),
            new Expected(ROLLED_BACK, OLD, OLD, OLD, "LEFT STOPPED")),
        // the start reached a running node: the schema may be migrated; never an old binary again
        Arguments.of("first start", Victim.FIRST, Death.midway(START, NodeDeath.TERMINATED),
            new Expected(HALTED, null, NEW, NEW, "NOT serving")),
        Arguments.of("the rest", Victim.OTHER, Death.midway(INSTALL, NodeDeath.TERMINATED),
            new Expected(HALTED, NEW, NEW, NEW, "NOT upgraded")));
  }

  @ParameterizedTest(name = "{0}: {1} node {2}")
  @MethodSource("deaths")
  void aNodeDeathAtEachStepEndsInTheDecidedVerdictWithNoOldBinaryAfterAMigrationAndTheRightRecordedVersion(String step,
      Victim victim, Death death, Expected expected) {
    List<SimNode> byId = cloud.twin().nodes().stream().sorted(Comparator.comparing((SimNode n) -> n.instanceId)).toList();
    // the planner upgrades first the first node behind the target in instance-id order (checked below)
    SimNode first = byId.get(0);
    SimNode dead = victim == Victim.FIRST ? first : byId.get(1);
    List<SimNode> survivors = byId.stream().filter(n -> n != dead).toList();
    death.planned().accept(cloud.twin(), dead.instanceId);
    if (death.whenEntered() != null) {
      cloud.twin().backups().durations(Duration.ofSeconds(3)); // the restore point lasts long enough to die in
    }

    Killed killed = new Killed();
    LocalCloud.Execution run = upgrade(death, dead.instanceId, killed);
    String summary = summary();

    assertEquals(first.instanceId, plan(run).path("firstNode").asText(), "the test placed the death by the wrong first node");
    if (death.whenEntered() != null) {
      assertTheDeathFellInside(run, death.whenEntered(), killed);
    }
    if (death.commandRan()) {
      assertEquals(NEW, dead.connectVersion, "the install ran before the node died");
    }
    assertEquals("FAILED", run.status(), () -> step + ": a node died, the upgrade cannot succeed: " + summary);
    assertTrue(summary.contains("'demo': " + expected.verdict().toUpperCase() + " ("),
        () -> step + ": expected " + expected.verdict() + ", states " + run.lastStates(12) + "\n" + summary);
    assertDead(dead);
    assertSurvivorsServe(survivors, expected.serving());
    assertInvariants(run);
    assertRecordedSchema(expected.schema());

    cloud.twin().backups().defaults();
    BackupSet next = nextBackupSet();

    assertEquals(expected.nextSet(), next.connectVersion().toString(), () -> "the next backup set: " + next);
    assertSurvivorsServe(survivors, expected.serving());
    assertEquals(List.of(), cloud.twin().upgradeViolations(), "the backup started an old binary after the migration");
    // what the report says of the dead node, and of the restore point after a halt
    String said = expected.verdict().equals(FAILED) ? run.cause() : nodeLine(summary, dead.instanceId);
    assertTrue(said.contains(dead.instanceId) && said.contains(expected.deadNode()),
        () -> "the report on the dead node " + dead.instanceId + ": " + said + "\n" + summary);
    assertNoLineSaysItServes(summary, dead.instanceId);
    if (expected.verdict().equals(HALTED)) {
      assertTrue(summary.contains("restoring backup set " + restorePoint(run)), () -> "the restore point is named:\n" + summary);
    }
  }

  // ---- running it -----------------------------------------------------------------------------

  /** When the test killed the node (for a death placed by state), and whether every node was stopped then. */
  private static final class Killed {
    Instant at;
    boolean everyNodeStopped;
  }

  /** The upgrade (cold restore point, 1 s polls), with the death placed; waits until it ends. */
  private LocalCloud.Execution upgrade(Death death, String victim, Killed killed) {
    String input = "{\"cluster\":\"demo\",\"targetVersion\":\"" + NEW
        + "\",\"options\":{\"pollSeconds\":1,\"restorePoint\":\"cold\"}}";
    String arn = cloud.clients().sfn.startExecution(b -> b.stateMachineArn(deployment.stateMachineArn(
        "RollingUpgradeStateMachine")).name("rolling-upgrade-demo-" + UUID.randomUUID()).input(input)).executionArn();
    if (death.whenEntered() != null) {
      awaitEntered(arn, death.whenEntered());
      killed.everyNodeStopped = cloud.twin().nodes().stream().noneMatch(n -> n.serviceActive);
      cloud.twin().kill(victim, death.how());
      killed.at = Instant.now();
    }
    return cloud.await(arn, TIMEOUT);
  }

  /** Polls the execution's history until it entered {@code state}. */
  private void awaitEntered(String arn, String state) {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (cloud.clients().sfn.getExecutionHistoryPaginator(b -> b.executionArn(arn)).events().stream()
        .noneMatch(e -> e.stateEnteredEventDetails() != null && e.stateEnteredEventDetails().name().equals(state))) {
      assertEquals("RUNNING", cloud.clients().sfn.describeExecution(b -> b.executionArn(arn)).statusAsString(),
          "the upgrade ended before " + state);
      assertTrue(Instant.now().isBefore(deadline), "the upgrade never entered " + state);
      LocalCloud.pause(Duration.ofMillis(100));
    }
  }

  /** The node died inside {@code state}, while every node was stopped. */
  private static void assertTheDeathFellInside(LocalCloud.Execution run, String state, Killed killed) {
    Instant entered = timestamp(run, state, true);
    Instant exited = timestamp(run, state, false);
    assertTrue(killed.everyNodeStopped, "every node was stopped when the node died");
    assertTrue(!killed.at.isBefore(entered) && killed.at.isBefore(exited),
        () -> "the node died at " + killed.at + ", not inside " + state + " (" + entered + " to " + exited + ")");
  }

  private static Instant timestamp(LocalCloud.Execution run, String state, boolean entered) {
    return run.history().stream().filter(e -> entered
            ? e.stateEnteredEventDetails() != null && e.stateEnteredEventDetails().name().equals(state)
            : e.stateExitedEventDetails() != null && e.stateExitedEventDetails().name().equals(state))
        .map(HistoryEvent::timestamp).findFirst()
        .orElseThrow(() -> new AssertionError(state + " never " + (entered ? "entered" : "exited")));
  }

  /** The plan ValidateUpgrade made ({@code firstNode}, {@code restNodes}). */
  private static JsonNode plan(LocalCloud.Execution run) {
    return exited(run, "CheckUpgrade").path("plan");
  }

  /** The restore point's set id, as the upgrade kept it. */
  private static String restorePoint(LocalCloud.Execution run) {
    return exited(run, "TakeColdRestorePoint").path("restorePoint").path("setId").asText();
  }

  /** The execution's state as it left {@code state}. */
  private static JsonNode exited(LocalCloud.Execution run, String state) {
    String output = run.history().stream().filter(e -> e.stateExitedEventDetails() != null
        && e.stateExitedEventDetails().name().equals(state)).findFirst()
        .orElseThrow(() -> new AssertionError(state + " never exited")).stateExitedEventDetails().output();
    try {
      return Json.MAPPER.readTree(output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The upgrade's published summary (the restore point's and other messages are dropped). */
  private String summary() {
    return cloud.notifications().stream().filter(m -> m.startsWith("Rolling upgrade of Connect cluster")).findFirst()
        .orElseThrow(() -> new AssertionError("no upgrade summary published"));
  }

  /** A cold backup after the upgrade (it stops and starts again exactly the nodes that serve): its set. */
  private BackupSet nextBackupSet() {
    LocalCloud.Execution backup = cloud.run("BackupStateMachine", "{\"cluster\":\"demo\",\"mode\":\"cold\",\"pollSeconds\":1,"
        + "\"retention\":{\"keepLast\":3,\"keepDaily\":0,\"keepWeekly\":0,\"keepMonthly\":0}}",
        "backup-demo-" + UUID.randomUUID(), TIMEOUT);
    assertTrue(backup.succeeded(),
        () -> "the next backup: " + backup.error() + ": " + backup.cause() + " " + backup.lastStates(8));
    BackupSet set = sets.get("demo", backup.output().path("setId").asText());
    assertEquals(BackupStatus.COMPLETE, set.status(), set.toString());
    assertTrue(locks.holder("demo").isEmpty(), () -> "the backup's lock still held: " + locks.holder("demo"));
    return set;
  }

  // ---- what every case checks -----------------------------------------------------------------

  private void assertDead(SimNode dead) {
    assertFalse(dead.serviceActive, dead.instanceId + " died, yet serves");
    InstanceStateName state = cloud.clients().ec2.describeInstances(b -> b.instanceIds(dead.instanceId)).reservations().get(0)
        .instances().get(0).state().name();
    assertNotEquals(InstanceStateName.RUNNING, state, dead.instanceId + " died, yet its instance runs");
  }

  /** Every survivor serves {@code version}; null: none serves (an old binary stays stopped after a migration). */
  private static void assertSurvivorsServe(List<SimNode> survivors, String version) {
    for (SimNode node : survivors) {
      if (version == null) {
        assertFalse(node.serviceActive, node.instanceId + " serves " + node.connectVersion);
      } else {
        assertTrue(node.serviceActive, node.instanceId + " does not serve");
        assertEquals(version, node.connectVersion, node.instanceId);
      }
    }
  }

  private void assertInvariants(LocalCloud.Execution run) {
    assertEquals(List.of(), cloud.twin().upgradeViolations(), "an old binary ran after the migration");
    assertTrue(locks.holder("demo").isEmpty(), () -> "lock still held: " + locks.holder("demo"));
    assertTrue(cloud.twin().automationRestored(), "alarm actions not restored");
  }

  /**
   * The learned schema version is {@code expected} ({@code OLD}: nothing newer recorded), and never
   * older than the schema itself: backups, restores and launches read it.
   */
  private void assertRecordedSchema(String expected) {
    Optional<ConnectVersion> recorded = adapters.learnedStates().find("demo").map(s -> s.schemaVersion())
        .map(r -> r.version());
    if (expected.equals(OLD)) {
      assertTrue(recorded.isEmpty() || recorded.get().toString().equals(OLD), "the schema was never migrated: " + recorded);
    } else {
      assertEquals(Optional.of(expected), recorded.map(ConnectVersion::toString));
    }
    ConnectVersion actual = cloud.twin().schema().version();
    assertFalse(actual.isNewerThan(recorded.orElse(ConnectVersion.parse(OLD))),
        "the schema is at " + actual + ", newer than recorded: " + recorded);
  }

  /** The summary's line for {@code instanceId} under "Nodes:", or "" when it lists none. */
  private static String nodeLine(String summary, String instanceId) {
    return summary.lines().map(String::strip).filter(l -> l.startsWith(instanceId)).findFirst().orElse("");
  }

  /** A dead node is never reported serving. */
  private static void assertNoLineSaysItServes(String summary, String instanceId) {
    String line = nodeLine(summary, instanceId);
    assertFalse(line.contains("serving on") || line.contains(", healthy"), () -> "a dead node reported serving: " + line
        + "\n" + summary);
  }
}
