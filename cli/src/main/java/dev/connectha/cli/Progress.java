package dev.connectha.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.errors.ErrorNames;
import dev.connectha.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * What an execution's history says, event by event: each state entered and left with its
 * duration, the upgrade's phase (derived from its state names), the downtime (from the first stop
 * until the first upgraded node serves, or the old version is back), the published summary and
 * the outcome. Pure: it reads {@link HistoryEvent}s and makes no call.
 */
public final class Progress {
  /** How an execution ended, and the CLI's exit code for it. */
  public enum Outcome {
    RUNNING(-1), SUCCEEDED(0), FAILED(1), BAD_INPUT(2), HALTED(3);

    private final int exitCode;

    Outcome(int exitCode) {
      this.exitCode = exitCode;
    }

    public int exitCode() {
      return exitCode;
    }
  }

  /** One state that was left: its name, its phase, and how long it ran. */
  public record StateRun(String name, String phase, Duration duration) {}

  /** The rolling upgrade's phases, in order, by the states of statemachines/rolling-upgrade.asl.json. */
  public static final List<String> UPGRADE_PHASES = List.of("preflight", "stage", "stop", "restore point", "first node",
      "the rest", "verify", "recover", "report");

  private static final Map<String, String> UPGRADE_PHASE_OF = upgradePhases();

  /** upgrade-eks's phases, in order, by the states of statemachines/upgrade-eks.asl.json. */
  public static final List<String> UPGRADE_EKS_PHASES = List.of("preflight", "scale to 0", "restore point", "first pod",
      "scale out", "recover", "report");

  private static final Map<String, String> UPGRADE_EKS_PHASE_OF = upgradeEksPhases();

  private static Map<String, String> upgradeEksPhases() {
    Map<String, String> phases = new HashMap<>();
    put(phases, "preflight", "ValidateInput", "RejectInput", "ApplyDefaults", "ReadWorkload", "CheckUpgrade", "AcquireLock");
    put(phases, "scale to 0", "MarkDowntimeStart", "ScaleToZero", "AreAllPodsGone?", "CountWaitForPodsGone",
        "WaitForPodsGone", "PodsDidNotStop");
    put(phases, "restore point", "IsColdRestorePointAsked?", "TakeColdRestorePoint");
    put(phases, "first pod", "StartFirstPod", "IsFirstPodReady?", "CountWaitForFirstPod",
        "WaitForFirstPod", "FirstPodNotReady", "ReadFirstPod", "DidTheFirstPodStart?", "MarkFirstPodReady",
        "RecordSchemaVersion", "DidTheFirstPodServe?");
    put(phases, "scale out", "ScaleOut", "IsEveryPodReady?", "CountWaitForEveryPod", "WaitForEveryPod", "PodsNotReady",
        "RecordVersion");
    put(phases, "recover", "PutOldVersionBack", "ScaleBackOnOldVersion", "IsOldVersionServing?", "CountWaitForOldVersion",
        "WaitForOldVersion", "RolledBack", "Halt");
    put(phases, "report", "IsLockHeld?", "ReleaseLock", "SummarizeUpgrade", "PublishSummary", "DidTheUpgradeFail?",
        "ReportUpgrade", "UpgradeFailed", "UndoFailed", "PublishFailure", "SummaryFailed");
    return Map.copyOf(phases);
  }

  private static Map<String, String> upgradePhases() {
    Map<String, String> phases = new HashMap<>();
    put(phases, "preflight", "ValidateInput", "RejectInput", "ApplyDefaults", "CheckUpgrade", "AcquireLock",
        "DescribeCluster", "CheckReadiness", "DidPreflightPass?", "RefuseOnFindings");
    put(phases, "stage", "SuspendAutomation", "StageEveryNode", "IsEveryNodeStaged?", "StagingFailed",
        "EnsureFirstNodeRegistered", "IsOnlineRestorePointAsked?", "TakeOnlineRestorePoint", "IsMaintenancePageAsked?",
        "MaintenancePageOn");
    put(phases, "stop", "MarkDowntimeStart", "StopEveryNode", "IsEveryNodeStopped?", "NodesDidNotStop");
    put(phases, "restore point", "IsColdRestorePointAsked?", "TakeColdRestorePoint");
    put(phases, "first node", "UpgradeFirstNode", "DidTheFirstNodeStart?", "RecordSchemaVersion", "IsFirstNodeServing?",
        "FirstNodeNotServing", "DidTheFirstStartGoOut?", "IsMaintenancePageToTurnOff?", "MaintenancePageOff");
    put(phases, "the rest", "UpgradeTheRest", "UpgradeNode", "NodeNotUpgraded");
    put(phases, "verify", "VerifyEveryNodeOnTarget", "IsEveryNodeOnTarget?", "VerifyEveryNodeServing",
        "IsEveryNodeServing?", "SomeNodesNotUpgraded", "RecordVersion");
    put(phases, "recover", "WasTheFirstNodeTouched?", "StageOldVersionOnFirstNode", "InstallOldVersionOnFirstNode",
        "IsOldVersionBack?", "LeaveTheFirstNodeStopped", "StartEveryNodeOnOldVersion", "RolledBack", "Halt");
    put(phases, "report", "IsMaintenancePageOn?", "TurnMaintenancePageOff", "MaintenancePageStillOn",
        "IsAutomationSuspended?", "ResumeAutomation", "IsLockHeld?", "ReleaseLock", "SummarizeUpgrade", "PublishSummary",
        "DidTheUpgradeFail?", "ReportUpgrade", "UpgradeFailed", "UndoFailed", "PublishFailure", "SummaryFailed");
    return Map.copyOf(phases);
  }

  private static void put(Map<String, String> phases, String phase, String... states) {
    for (String state : states) {
      phases.put(state, phase);
    }
  }

  private final Workflow workflow;
  private final Map<String, Deque<Instant>> entered = new HashMap<>();
  private final List<StateRun> runs = new ArrayList<>();
  private Instant startedAt;
  private Instant stoppedAt;
  private String phase = "";
  private String currentState = "";
  private Instant downSince;
  private Duration downtime;
  private boolean halted;
  private String status = "RUNNING";
  private String error;
  private String cause;
  private JsonNode output;
  private String subject;
  private String message;

  public Progress(Workflow workflow) {
    this.workflow = workflow;
  }

  /** The phase of state {@code name} in {@code workflow}; empty for workflows without phases. */
  public static Optional<String> phaseOf(Workflow workflow, String name) {
    return switch (workflow) {
      case UPGRADE -> Optional.ofNullable(UPGRADE_PHASE_OF.get(name));
      case UPGRADE_EKS -> Optional.ofNullable(UPGRADE_EKS_PHASE_OF.get(name));
      default -> Optional.empty();
    };
  }

  /** Takes one event in; returns the lines it is worth (state entered and left, phase, downtime). */
  public List<String> apply(HistoryEvent event) {
    List<String> lines = new ArrayList<>();
    Instant at = event.timestamp();
    HistoryEventType type = event.type();
    if (type == HistoryEventType.EXECUTION_STARTED) {
      startedAt = at;
    } else if (event.stateEnteredEventDetails() != null) {
      String name = event.stateEnteredEventDetails().name();
      entered.computeIfAbsent(name, n -> new ArrayDeque<>()).addLast(at);
      currentState = name;
      phaseOf(workflow, name).filter(p -> !p.equals(phase)).ifPresent(p -> {
        phase = p;
        lines.add("== " + p);
      });
      lines.add("-> " + name);
      if (workflow == Workflow.UPGRADE) {
        if (downSince == null && downtime == null && (name.equals("MarkDowntimeStart") || name.equals("StopEveryNode"))) {
          downSince = at;
          lines.add("!! downtime starts: every node is being stopped");
        }
        if (name.equals("IsMaintenancePageToTurnOff?")) {
          endDowntime(at, "the first upgraded node serves", lines);
        }
        if (name.equals("Halt")) {
          halted = true;
        }
      }
      if (workflow == Workflow.UPGRADE_EKS) {
        if (downSince == null && downtime == null && name.equals("MarkDowntimeStart")) {
          downSince = at;
          lines.add("!! downtime starts: the workload is scaled to 0");
        }
        if (name.equals("MarkFirstPodReady")) {
          endDowntime(at, "the first pod serves on the target", lines);
        }
        if (name.equals("RolledBack")) {
          endDowntime(at, "the old image is back", lines);
        }
        if (name.equals("Halt")) {
          halted = true;
        }
      }
    } else if (event.stateExitedEventDetails() != null) {
      String name = event.stateExitedEventDetails().name();
      Deque<Instant> times = entered.get(name);
      Instant since = times == null || times.isEmpty() ? at : times.pollFirst();
      Duration took = Duration.between(since, at);
      runs.add(new StateRun(name, phaseOf(workflow, name).orElse(""), took));
      lines.add("<- " + name + " (" + Format.duration(took) + ")");
      if (workflow == Workflow.UPGRADE && name.equals("StartEveryNodeOnOldVersion")) {
        endDowntime(at, "the old version serves again", lines);
      }
      readSummary(event.stateExitedEventDetails().output());
    } else if (event.taskScheduledEventDetails() != null
        && "sns".equals(event.taskScheduledEventDetails().resourceType())) {
      JsonNode parameters = json(event.taskScheduledEventDetails().parameters());
      if (parameters != null && parameters.hasNonNull("Message")) {
        subject = parameters.path("Subject").asText(subject);
        message = parameters.path("Message").asText();
      }
    } else if (event.taskFailedEventDetails() != null) {
      lines.add("!! " + event.taskFailedEventDetails().error());
    } else if (type == HistoryEventType.EXECUTION_SUCCEEDED) {
      finish(at, "SUCCEEDED", lines);
      output = json(event.executionSucceededEventDetails().output());
    } else if (type == HistoryEventType.EXECUTION_FAILED) {
      error = event.executionFailedEventDetails().error();
      cause = event.executionFailedEventDetails().cause();
      finish(at, "FAILED", lines);
    } else if (type == HistoryEventType.EXECUTION_ABORTED) {
      finish(at, "ABORTED", lines);
    } else if (type == HistoryEventType.EXECUTION_TIMED_OUT) {
      finish(at, "TIMED_OUT", lines);
    }
    return lines;
  }

  private void endDowntime(Instant at, String why, List<String> lines) {
    if (downSince != null && downtime == null) {
      downtime = Duration.between(downSince, at);
      lines.add("!! downtime ends after " + Format.duration(downtime) + ": " + why);
    }
  }

  private void finish(Instant at, String newStatus, List<String> lines) {
    status = newStatus;
    stoppedAt = at;
    if (downSince != null && downtime == null) {
      downtime = Duration.between(downSince, at);
      lines.add("!! no node serves at the end: down for " + Format.duration(downtime) + " so far");
    }
  }

  /** The upgrade's SummarizeUpgrade leaves {@code summary.subject} and {@code summary.text} in the state. */
  private void readSummary(String stateOutput) {
    if (stateOutput == null || !stateOutput.contains("\"summary\"")) {
      return;
    }
    JsonNode summary = Optional.ofNullable(json(stateOutput)).map(o -> o.path("summary")).orElse(null);
    if (summary != null && summary.hasNonNull("text")) {
      subject = summary.path("subject").asText(subject);
      message = summary.path("text").asText();
    }
  }

  private static JsonNode json(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  public boolean finished() {
    return !status.equals("RUNNING");
  }

  public Outcome outcome() {
    if (!finished()) {
      return Outcome.RUNNING;
    }
    if (status.equals("SUCCEEDED")) {
      return Outcome.SUCCEEDED;
    }
    if (halted || (subject != null && subject.contains("HALTED"))) {
      return Outcome.HALTED;
    }
    return ErrorNames.INVALID_INPUT.equals(error) ? Outcome.BAD_INPUT : Outcome.FAILED;
  }

  /** The downtime so far (running while no node serves), or the whole of it once it ended. */
  public Optional<Duration> downtime(Instant now) {
    if (downtime != null) {
      return Optional.of(downtime);
    }
    return downSince == null ? Optional.empty() : Optional.of(Duration.between(downSince, now));
  }

  /** True while the downtime clock runs. */
  public boolean down() {
    return downSince != null && downtime == null;
  }

  public Optional<Duration> elapsed(Instant now) {
    return startedAt == null ? Optional.empty() : Optional.of(Duration.between(startedAt, stoppedAt != null ? stoppedAt : now));
  }

  public String phase() {
    return phase;
  }

  public String currentState() {
    return currentState;
  }

  public List<StateRun> runs() {
    return List.copyOf(runs);
  }

  public String status() {
    return status;
  }

  public Optional<String> error() {
    return Optional.ofNullable(error);
  }

  public Optional<String> cause() {
    return Optional.ofNullable(cause);
  }

  public Optional<JsonNode> output() {
    return Optional.ofNullable(output);
  }

  /** The summary the workflow published (subject, text), when the history shows it. */
  public Optional<String> subject() {
    return Optional.ofNullable(subject);
  }

  public Optional<String> message() {
    return Optional.ofNullable(message);
  }
}
