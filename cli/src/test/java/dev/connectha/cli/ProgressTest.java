package dev.connectha.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.ErrorNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/** The phase, downtime and outcome of an execution, derived from a recorded history (the SDK's own event shapes). */
class ProgressTest {
  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

  /** Builds a history as Step Functions records it: ids in order, one second per event unless told. */
  private static final class History {
    final List<HistoryEvent> events = new ArrayList<>();
    Instant at = T0;

    History started() {
      return add(HistoryEvent.builder().type(HistoryEventType.EXECUTION_STARTED));
    }

    History state(String name, long seconds, String output) {
      add(HistoryEvent.builder().type(name.endsWith("?") ? HistoryEventType.CHOICE_STATE_ENTERED
          : HistoryEventType.TASK_STATE_ENTERED).stateEnteredEventDetails(d -> d.name(name).input("{}")));
      at = at.plusSeconds(seconds);
      return add(HistoryEvent.builder().type(name.endsWith("?") ? HistoryEventType.CHOICE_STATE_EXITED
          : HistoryEventType.TASK_STATE_EXITED).stateExitedEventDetails(d -> d.name(name).output(output)));
    }

    History states(long seconds, String... names) {
      for (String name : names) {
        state(name, seconds, "{}");
      }
      return this;
    }

    History add(HistoryEvent.Builder event) {
      events.add(event.id((long) events.size() + 1).timestamp(at).build());
      return this;
    }

    History succeeded() {
      return add(HistoryEvent.builder().type(HistoryEventType.EXECUTION_SUCCEEDED)
          .executionSucceededEventDetails(d -> d.output("{\"cluster\":\"demo\",\"downtimeSeconds\":42.0}")));
    }

    History failed(String error) {
      return add(HistoryEvent.builder().type(HistoryEventType.EXECUTION_FAILED)
          .executionFailedEventDetails(d -> d.error(error).cause("because")));
    }

    Progress replay(Workflow workflow, List<String> lines) {
      Progress progress = new Progress(workflow);
      events.forEach(e -> lines.addAll(progress.apply(e)));
      return progress;
    }
  }

  private static History upgradeUntilTheFirstNode() {
    return new History().started()
        .states(1, "ValidateInput", "ApplyDefaults", "CheckUpgrade", "AcquireLock", "DescribeCluster", "CheckReadiness",
            "DidPreflightPass?", "SuspendAutomation", "StageEveryNode", "IsEveryNodeStaged?", "EnsureFirstNodeRegistered",
            "IsOnlineRestorePointAsked?", "IsMaintenancePageAsked?")
        .states(0, "MarkDowntimeStart")
        .states(5, "StopEveryNode")
        .states(0, "IsEveryNodeStopped?", "IsColdRestorePointAsked?")
        .states(20, "TakeColdRestorePoint")
        .states(30, "UpgradeFirstNode")
        .states(0, "DidTheFirstNodeStart?")
        .states(1, "RecordSchemaVersion");
  }

  @Test
  void anUpgradeGoesThroughItsPhasesInPositsOrderAndItsDowntimeRunsFromTheFirstStopUntilTheFirstNodeServes() {
    History history = upgradeUntilTheFirstNode()
        .states(0, "IsFirstNodeServing?", "DidTheFirstStartGoOut?", "IsMaintenancePageToTurnOff?")
        .states(40, "UpgradeTheRest")
        .states(2, "VerifyEveryNodeOnTarget", "IsEveryNodeOnTarget?", "VerifyEveryNodeServing", "IsEveryNodeServing?",
            "RecordVersion", "IsMaintenancePageOn?", "IsAutomationSuspended?", "ResumeAutomation", "IsLockHeld?",
            "ReleaseLock")
        .state("SummarizeUpgrade", 1, "{\"summary\":{\"subject\":\"connect-ha rolling upgrade demo: UPGRADED 2024.10.0\","
            + "\"text\":\"Rolling upgrade of Connect cluster 'demo': UPGRADED\",\"downtimeSeconds\":56.0}}")
        .states(0, "PublishSummary", "DidTheUpgradeFail?", "ReportUpgrade")
        .succeeded();
    List<String> lines = new ArrayList<>();

    Progress progress = history.replay(Workflow.UPGRADE, lines);

    List<String> phases = lines.stream().filter(l -> l.startsWith("== ")).map(l -> l.substring(3)).toList();
    assertEquals(List.of("preflight", "stage", "stop", "restore point", "first node", "the rest", "verify", "report"), phases);
    // MarkDowntimeStart entered at T0+13s; IsMaintenancePageToTurnOff? entered after stop 5 s + restore point 20 s
    // + first node 30 s + record 1 s
    assertEquals(Duration.ofSeconds(56), progress.downtime(Instant.MAX).orElseThrow());
    assertFalse(progress.down());
    assertTrue(lines.contains("!! downtime ends after 56.0s: the first upgraded node serves"), lines.toString());
    assertEquals(Progress.Outcome.SUCCEEDED, progress.outcome());
    assertEquals(0, progress.outcome().exitCode());
    assertEquals("connect-ha rolling upgrade demo: UPGRADED 2024.10.0", progress.subject().orElseThrow());
    assertEquals(42.0, progress.output().orElseThrow().path("downtimeSeconds").asDouble());
    Progress.StateRun restorePoint = progress.runs().stream().filter(r -> r.name().equals("TakeColdRestorePoint"))
        .findFirst().orElseThrow();
    assertEquals(new Progress.StateRun("TakeColdRestorePoint", "restore point", Duration.ofSeconds(20)), restorePoint);
    assertTrue(lines.contains("<- UpgradeFirstNode (30.0s)"), lines.toString());
  }

  @Test
  void theDowntimeClockRunsWhileNoNodeServes() {
    List<String> lines = new ArrayList<>();

    Progress progress = upgradeUntilTheFirstNode().replay(Workflow.UPGRADE, lines);

    assertTrue(progress.down());
    assertEquals("first node", progress.phase());
    assertFalse(progress.finished());
    assertEquals(Progress.Outcome.RUNNING, progress.outcome());
    // downtime started when MarkDowntimeStart was entered, 13 s in
    assertEquals(Duration.ofSeconds(100), progress.downtime(T0.plusSeconds(113)).orElseThrow());
    assertEquals(1, lines.stream().filter(l -> l.startsWith("!! downtime starts")).count());
  }

  @Test
  void aHaltedUpgradeExitsThreeAndNamesTheDowntimeThatLastedToTheEnd() {
    History history = upgradeUntilTheFirstNode()
        .states(0, "IsFirstNodeServing?", "FirstNodeNotServing", "DidTheFirstStartGoOut?", "Halt", "IsMaintenancePageOn?",
            "IsAutomationSuspended?", "ResumeAutomation", "IsLockHeld?", "ReleaseLock", "SummarizeUpgrade",
            "PublishSummary", "DidTheUpgradeFail?", "UpgradeFailed")
        .failed(ErrorNames.UNSAFE_TO_PROCEED);
    List<String> lines = new ArrayList<>();

    Progress progress = history.replay(Workflow.UPGRADE, lines);

    assertEquals(Progress.Outcome.HALTED, progress.outcome());
    assertEquals(3, progress.outcome().exitCode());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("!! no node serves at the end")), lines.toString());
    assertEquals(ErrorNames.UNSAFE_TO_PROCEED, progress.error().orElseThrow());
  }

  @Test
  void aRollbackEndsTheDowntimeWhenTheOldVersionServesAgainAndExitsOne() {
    History history = new History().started().states(1, "CheckUpgrade", "MarkDowntimeStart", "StopEveryNode")
        .states(0, "IsEveryNodeStopped?", "NodesDidNotStop", "WasTheFirstNodeTouched?")
        .states(4, "StartEveryNodeOnOldVersion")
        .states(0, "RolledBack", "ReleaseLock", "UpgradeFailed")
        .failed(ErrorNames.UNSAFE_TO_PROCEED);
    List<String> lines = new ArrayList<>();

    Progress progress = history.replay(Workflow.UPGRADE, lines);

    assertEquals(Duration.ofSeconds(6), progress.downtime(Instant.MAX).orElseThrow()); // stop 1 s... start 4 s
    assertTrue(lines.contains("!! downtime ends after 6.0s: the old version serves again"), lines.toString());
    assertEquals(Progress.Outcome.FAILED, progress.outcome());
    assertEquals(1, progress.outcome().exitCode());
  }

  @Test
  void aWorkflowThatRefusedItsInputExitsTwo() {
    Progress progress = new History().started().states(0, "ValidateInput", "RejectInput")
        .failed(ErrorNames.INVALID_INPUT).replay(Workflow.UPGRADE, new ArrayList<>());

    assertEquals(Progress.Outcome.BAD_INPUT, progress.outcome());
    assertEquals(2, progress.outcome().exitCode());
  }

  @Test
  void otherWorkflowsHaveNoPhasesAndTheirSummaryIsWhatTheyPublish() {
    History history = new History().started().states(2, "ValidateInput", "StartBackupSet", "CheckBackupSet")
        .add(HistoryEvent.builder().type(HistoryEventType.TASK_SCHEDULED).taskScheduledEventDetails(d -> d
            .resourceType("sns").resource("publish").region("us-east-1")
            .parameters("{\"TopicArn\":\"arn:aws:sns:us-east-1:123456789012:t\",\"Subject\":\"connect-ha backup demo: COMPLETE\","
                + "\"Message\":\"Backup set bs-1 of cluster demo: COMPLETE\"}")))
        .succeeded();
    List<String> lines = new ArrayList<>();

    Progress progress = history.replay(Workflow.BACKUP, lines);

    assertTrue(lines.stream().noneMatch(l -> l.startsWith("== ") || l.startsWith("!! downtime")), lines.toString());
    assertEquals(new LinkedHashSet<>(List.of("-> ValidateInput", "<- ValidateInput (2.0s)")),
        new LinkedHashSet<>(lines.subList(0, 2)));
    assertEquals("connect-ha backup demo: COMPLETE", progress.subject().orElseThrow());
    assertEquals("Backup set bs-1 of cluster demo: COMPLETE", progress.message().orElseThrow());
    assertEquals(0, progress.outcome().exitCode());
  }
}
