package dev.connectha.upgrade;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rolling upgrade's report, from the workflow's state: how it ended, what happened to each node
 * (install-node.asl.json's results: {@code first}, {@code rest}), the downtime (first stop to the
 * first upgraded node healthy), the restore point, and what to do. The verdict says what happened
 * to the cluster's nodes; an undo step that failed (the lock not released, automation not resumed)
 * is reported on its own, with what is left and how to clear it.
 */
public final class UpgradeReport {
  /** What the workflow publishes; the downtime is null (and written so) when no node was stopped or none served again. */
  public record Summary(String subject, String text, @JsonInclude(JsonInclude.Include.ALWAYS) Double downtimeSeconds,
      Double totalSeconds, String outcome) {}

  private UpgradeReport() {}

  /**
   * How the upgrade ended: what the workflow recorded ({@code halted}, {@code rolled back to the
   * previous version}), else {@code upgraded} without a failure and {@code failed} (nothing changed) with one.
   */
  public static String outcomeOf(JsonNode state) {
    String recorded = state.path("outcome").asText("");
    if (!recorded.isBlank()) {
      return recorded;
    }
    JsonNode failure = state.path("failure");
    return failure.isMissingNode() || failure.isNull() ? "upgraded" : "failed";
  }

  /**
   * The report; {@code outcome} null: {@link #outcomeOf} the state. {@code lockTable} is the cluster
   * locks' table, named in the command that clears a lock the upgrade could not release.
   */
  public static Summary of(JsonNode state, String outcome, String startedAt, String finishedAt, String lockTable) {
    UpgradeStateShape.check(state);
    if (outcome == null || outcome.isBlank()) {
      outcome = outcomeOf(state);
    }
    String cluster = state.path("cluster").asText("?");
    JsonNode plan = state.path("plan");
    String target = plan.path("targetVersion").asText(state.path("targetVersion").asText("?"));
    String previous = plan.path("previousVersion").asText("?");
    Instant started = instant(startedAt);
    Instant finished = instant(finishedAt);
    Instant down = instant(state.path("downAt").path("at").asText(null));
    Instant up = instant(state.path("first").path("healthyAt").asText(null));
    Double downtime = down != null && up != null ? seconds(down, up) : null;
    Double total = started != null && finished != null ? seconds(started, finished) : null;
    String restorePoint = state.path("restorePoint").path("setId").asText("none");

    StringBuilder text = new StringBuilder();
    text.append("Rolling upgrade of Connect cluster '").append(cluster).append("': ").append(outcome.toUpperCase())
        .append(" (").append(previous).append(" -> ").append(target).append(")\n\n");
    if (total != null) {
      text.append("Duration:  ").append(format(total)).append(" s (").append(startedAt).append(" to ").append(finishedAt)
          .append(")\n");
    }
    if (downtime != null) {
      text.append("Downtime:  ").append(format(downtime)).append(" s (every node stopped to the first upgraded node healthy)\n");
    } else if (down != null) {
      text.append("Downtime:  began at ").append(down).append("; no upgraded node became healthy\n");
    } else {
      text.append("Downtime:  none (no node was stopped)\n");
    }
    text.append("Restore point: ").append(restorePoint.equals("none") ? "none taken"
        : "backup set " + restorePoint + " (taken before any node changed: restore it to return to " + previous + ")")
        .append('\n');
    List<String> lines = outcome.equals("failed") ? List.of()
        : outcome.startsWith("rolled back") ? nodesAfterRollBack(state, previous) : nodes(state, up != null);
    if (!lines.isEmpty()) {
      text.append("\nNodes:\n");
      lines.forEach(l -> text.append("  ").append(l).append('\n'));
    }
    JsonNode failure = state.path("failure");
    if (!failure.isMissingNode() && !failure.isNull()) {
      text.append("\nError: ").append(failure.path("Error").asText()).append("\nCause: ")
          .append(failure.path("Cause").asText()).append('\n');
    }
    List<String> joined = joined(state);
    if (!joined.isEmpty()) {
      text.append("\nJoined the cluster during the upgrade (not in the plan; Auto Scaling's Launch was suspended, so"
          + " launched by hand or by another group): ").append(String.join(", ", joined))
          .append(". Check the version each runs before it serves: it may have booted an older one than the schema's.\n");
    }
    JsonNode undoFailure = state.path("undoFailure");
    if (!undoFailure.isMissingNode() && !undoFailure.isNull()) {
      text.append("\nUndo step failed: ").append(undoFailure.path("Error").asText()).append(": ")
          .append(undoFailure.path("Cause").asText()).append('\n');
    }
    List<String> leftOver = new ArrayList<>();
    JsonNode lock = state.path("done").path("lock");
    if (lock.path("held").asBoolean(false)) {
      leftOver.add("lock still held");
      text.append('\n').append(lockStillHeld(cluster, lock, lockTable));
    }
    JsonNode automation = state.path("done").path("automation");
    if (automation.path("suspended").asBoolean(false)) {
      leftOver.add("automation not resumed");
      text.append('\n').append(automationNotResumed(automation));
    }
    if (state.path("done").path("page").path("on").asBoolean(false)) {
      leftOver.add("maintenance page on");
      text.append("\nMaintenance page: still ON (the load balancer answers 503 to every request); turn it off with the"
          + " MaintenancePage function: {\"cluster\": \"").append(cluster).append("\", \"action\": \"off\"}\n");
    }
    text.append('\n').append(advice(outcome, restorePoint, previous, target));
    List<String> notBack = outcome.startsWith("rolled back") ? notServingAfterRollBack(state) : List.of();
    if (!notBack.isEmpty()) {
      leftOver.add(0, "not serving: " + String.join(" ", notBack));
      text.append("The schema was never migrated: ").append(previous).append(" is safe on ").append(String.join(", ", notBack))
          .append(" once each is back as the Nodes list says (a node left stopped must get ").append(previous)
          .append(" installed first: its package may be ").append(target).append(").\n");
    }
    String subject = "connect-ha rolling upgrade " + cluster + ": " + outcome.toUpperCase() + " " + target
        + (leftOver.isEmpty() ? "" : "; " + String.join(", ", leftOver));
    return new Summary(subject.length() > 100 ? subject.substring(0, 100) : subject, text.toString(), downtime, total,
        outcome);
  }

  /** The nodes ResumeAutomation found that were not the cluster's at suspension, nor in the plan. */
  private static List<String> joined(JsonNode state) {
    List<String> planned = texts(state.path("plan").path("nodes"));
    return texts(state.path("done").path("automation").path("joined")).stream().filter(n -> !planned.contains(n)).toList();
  }

  static String lockStillHeld(String cluster, JsonNode lock, String lockTable) {
    String owner = lock.path("owner").asText("this execution");
    String until = lock.path("leaseUntil").asText("its lease ends");
    return "Cluster lock: the cluster lock is still held by " + owner + " until " + until
        + "; it expires by itself then, or clear it now with:\n"
        + "  aws dynamodb delete-item --table-name " + (lockTable == null || lockTable.isBlank() ? "<the lock table>" : lockTable)
        + " --key '{\"cluster\":{\"S\":\"" + cluster + "\"}}' --condition-expression '#o = :o'"
        + " --expression-attribute-names '{\"#o\":\"owner\"}' --expression-attribute-values '{\":o\":{\"S\":\"" + owner
        + "\"}}'\n(the condition deletes the lock only while this execution holds it). Until then backups and other workflows"
        + " on this cluster are refused.\n";
  }

  private static String automationNotResumed(JsonNode automation) {
    StringBuilder text = new StringBuilder("Automation: NOT resumed; until it is, a node that fails is not replaced and"
        + " remediation does not act. Still as the upgrade left them:\n");
    automation.path("groups").forEach(g -> {
      List<String> processes = new ArrayList<>();
      g.path("suspendedProcesses").forEach(p -> processes.add(p.asText()));
      if (!processes.isEmpty()) {
        text.append("  Auto Scaling group ").append(g.path("name").asText()).append(": ").append(String.join(", ", processes))
            .append(" suspended; resume with: aws autoscaling resume-processes --auto-scaling-group-name ")
            .append(g.path("name").asText()).append(" --scaling-processes ").append(String.join(" ", processes)).append('\n');
      }
    });
    List<String> alarms = new ArrayList<>();
    automation.path("alarmsDisabled").forEach(a -> alarms.add(a.asText()));
    if (!alarms.isEmpty()) {
      text.append("  alarm actions disabled: ").append(String.join(", ", alarms))
          .append("; enable with: aws cloudwatch enable-alarm-actions --alarm-names ").append(String.join(" ", alarms))
          .append('\n');
    }
    return text.toString();
  }

  /**
   * After a roll back (no node started the new version), each node of the plan: serving again, left
   * stopped because its package could not be put back, not serving after its start, or lost (its
   * instance was not running when the nodes were started again).
   */
  private static List<String> nodesAfterRollBack(JsonNode state, String previous) {
    List<String> lines = new ArrayList<>();
    JsonNode recovered = state.path("recovered");
    JsonNode results = recovered.path("results");
    List<String> leftStopped = texts(state.path("leftStopped").path("instanceIds"));
    for (String node : texts(state.path("plan").path("nodes"))) {
      JsonNode result = null;
      for (JsonNode r : results) {
        result = node.equals(r.path("instanceId").asText()) ? r : result;
      }
      if (leftStopped.contains(node)) {
        lines.add(node + "  LEFT STOPPED: it could not be put back on " + previous + " (" + whyNotPutBack(state)
            + "); its package may be the new version: install " + previous + " on it (or replace it) before it starts");
      } else if (result != null) {
        lines.add(node + "  " + (result.path("succeeded").asBoolean(false) ? "serving on the previous version again"
            : "NOT serving: its start on " + previous + " failed: " + result.path("error").asText()));
      } else if (!results.isArray() && recovered.path("allSucceeded").asBoolean(false)) {
        lines.add(node + "  serving on the previous version again");
      } else if (recovered.isMissingNode()) {
        lines.add(node + "  stopped: the start on " + previous + " failed (see the error); start it on " + previous);
      } else {
        lines.add(node + "  LOST: its instance was not running when the nodes were started again (stopped or terminated"
            + " during the upgrade); it still has " + previous + ": start its instance, or let Auto Scaling replace it");
      }
    }
    return lines;
  }

  /** The nodes of the plan that a roll back did not bring back: left stopped, lost, or failed to start. */
  private static List<String> notServingAfterRollBack(JsonNode state) {
    List<String> serving = new ArrayList<>();
    state.path("recovered").path("results").forEach(r -> {
      if (r.path("succeeded").asBoolean(false)) {
        serving.add(r.path("instanceId").asText());
      }
    });
    if (!state.path("recovered").path("results").isArray() && state.path("recovered").path("allSucceeded").asBoolean(false)) {
      return List.of();
    }
    return texts(state.path("plan").path("nodes")).stream().filter(n -> !serving.contains(n)).toList();
  }

  private static String whyNotPutBack(JsonNode state) {
    JsonNode failure = state.path("recoveryFailure");
    if (!failure.isMissingNode() && !failure.isNull()) {
      return failure.path("Cause").asText(failure.path("Error").asText());
    }
    List<String> errors = new ArrayList<>();
    state.path("reinstalled").path("results").forEach(r -> errors.add(r.path("error").asText()));
    return errors.isEmpty() ? "the reinstall did not succeed" : String.join("; ", errors);
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(t -> texts.add(t.asText()));
    return texts;
  }

  private static List<String> nodes(JsonNode state, boolean firstHealthy) {
    List<String> lines = new ArrayList<>();
    String first = state.path("plan").path("firstNode").asText(null);
    if (first == null) {
      return lines;
    }
    lines.add(first + "  " + (firstHealthy ? "upgraded first (migrated the schema), healthy"
        : state.path("first").path("started").asBoolean(false) ? "NOT serving: started on the new version but not healthy"
            : "not upgraded"));
    JsonNode rest = state.path("rest");
    if (state.path("serving").path("allMatch").asBoolean(false)) {
      // the final verification saw every node healthy on the target: that is what counts
      state.path("plan").path("restNodes").forEach(n -> lines.add(n.asText() + "  upgraded, healthy"));
    } else if (rest.isArray()) {
      rest.forEach(r -> lines.add(r.path("node").asText() + "  " + ("serving".equals(r.path("outcome").asText())
          ? "upgraded, healthy" : "NOT upgraded: left stopped (its old binary must not run against the migrated schema)")));
    } else {
      state.path("plan").path("restNodes").forEach(n -> lines.add(n.asText() + "  " + (firstHealthy
          ? "not reached" : "stopped, not upgraded")));
    }
    return lines;
  }

  private static String advice(String outcome, String restorePoint, String previous, String target) {
    if (outcome.startsWith("upgraded")) {
      return "Every node runs " + target + "; new nodes will be launched with it.\n";
    }
    if (outcome.equals("failed")) {
      return "No node was changed: the cluster serves " + previous + " as before. Fix the cause above and start the upgrade"
          + " again.\n";
    }
    if (outcome.startsWith("rolled back")) {
      return "No node ever started " + target + ": the cluster serves on " + previous
          + " as before. Fix the cause above and start the upgrade again.\n";
    }
    return "The upgrade halted after the schema may have been migrated. Do NOT start " + previous
        + " on any node. Either finish the upgrade on the nodes listed as not upgraded (start the upgrade again: it"
        + " converges them), or return the whole cluster to " + previous + " by restoring backup set " + restorePoint
        + " with the restore workflow (database and files together) and reinstalling " + previous + ".\n";
  }

  static Instant instant(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (RuntimeException e) {
      return null;
    }
  }

  static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }

  static String format(double seconds) {
    return String.format(java.util.Locale.ROOT, "%.1f", seconds);
  }
}
