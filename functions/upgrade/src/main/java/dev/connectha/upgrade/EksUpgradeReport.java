package dev.connectha.upgrade;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.json.Json;
import java.time.Instant;

/**
 * upgrade-eks's report, from its state ({@code "topology": "eks"}): how it ended, where the workload
 * was left (RunWorkloadCommand's last reports: {@code firstPod}, {@code all}, {@code back}), the
 * downtime (scale to 0 to the first pod ready on the target), the restore point, what is left to undo
 * and what to do. The outcomes are the rolling upgrade's ({@link UpgradeReport#outcomeOf}).
 */
final class EksUpgradeReport {
  /** The types of the state this report reads, checked first as {@link UpgradeStateShape} does. */
  record Shape(String cluster, String topology, String outcome, String targetVersion, Plan plan, At downAt, At upAt,
      Pods firstPod, Pods all, Pods back, UpgradeStateShape.RestorePoint restorePoint, UpgradeStateShape.Failure failure,
      UpgradeStateShape.Failure undoFailure, UpgradeStateShape.Failure recoveryFailure, UpgradeStateShape.Done done) {
    record Plan(String targetVersion, String previousVersion, Eks eks) {}

    record Eks(Integer replicas) {}

    record At(String at) {}

    record Pods(Boolean reached, String reason, Integer replicas, Integer readyReplicas, Integer started) {}
  }

  private EksUpgradeReport() {}

  static boolean isEks(JsonNode state) {
    return "eks".equals(state.path("topology").asText(null));
  }

  static UpgradeReport.Summary of(JsonNode state, String outcome, String startedAt, String finishedAt, String lockTable) {
    try {
      Json.MAPPER.treeToValue(state, Shape.class);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("state: " + e.getOriginalMessage()
          + (e instanceof JsonMappingException m ? " (" + m.getPathReference() + ")" : ""), e);
    }
    if (outcome == null || outcome.isBlank()) {
      outcome = UpgradeReport.outcomeOf(state);
    }
    String cluster = state.path("cluster").asText("?");
    JsonNode plan = state.path("plan");
    String target = plan.path("targetVersion").asText(state.path("targetVersion").asText("?"));
    String previous = plan.path("previousVersion").asText("?");
    int replicas = plan.path("eks").path("replicas").asInt(0);
    Instant started = UpgradeReport.instant(startedAt);
    Instant finished = UpgradeReport.instant(finishedAt);
    Instant down = UpgradeReport.instant(state.path("downAt").path("at").asText(null));
    Instant up = UpgradeReport.instant(state.path("upAt").path("at").asText(null));
    Double downtime = down != null && up != null ? UpgradeReport.seconds(down, up) : null;
    Double total = started != null && finished != null ? UpgradeReport.seconds(started, finished) : null;
    String restorePoint = state.path("restorePoint").path("setId").asText("none");

    StringBuilder text = new StringBuilder();
    text.append("Upgrade on EKS of Connect cluster '").append(cluster).append("': ").append(outcome.toUpperCase())
        .append(" (").append(previous).append(" -> ").append(target).append(")\n\n");
    if (total != null) {
      text.append("Duration:  ").append(UpgradeReport.format(total)).append(" s (").append(startedAt).append(" to ")
          .append(finishedAt).append(")\n");
    }
    if (downtime != null) {
      text.append("Downtime:  ").append(UpgradeReport.format(downtime))
          .append(" s (scale to 0 to the first pod ready on the target)\n");
    } else if (down != null) {
      text.append("Downtime:  began at ").append(down).append("; no pod became ready on the target\n");
    } else {
      text.append("Downtime:  none (the workload was not scaled down)\n");
    }
    text.append("Restore point: ").append(restorePoint.equals("none") ? "none taken"
        : "backup set " + restorePoint + " (taken while no pod ran, before the image changed: restore it to return to "
            + previous + ")").append('\n');
    String workload = workload(state, outcome, previous, target, replicas);
    if (!workload.isEmpty()) {
      text.append("\nWorkload: ").append(workload).append('\n');
    }
    appendError(text, "Error", state.path("failure"));
    appendError(text, "Recovery step failed", state.path("recoveryFailure"));
    appendError(text, "Undo step failed", state.path("undoFailure"));
    boolean lockHeld = state.path("done").path("lock").path("held").asBoolean(false);
    if (lockHeld) {
      text.append('\n').append(UpgradeReport.lockStillHeld(cluster, state.path("done").path("lock"), lockTable));
    }
    text.append('\n').append(advice(outcome, cluster, restorePoint, previous, target, replicas));
    String subject = "connect-ha upgrade-eks " + cluster + ": " + outcome.toUpperCase() + " " + target
        + (lockHeld ? "; lock still held" : "");
    return new UpgradeReport.Summary(subject.length() > 100 ? subject.substring(0, 100) : subject, text.toString(),
        downtime, total, outcome);
  }

  private static String workload(JsonNode state, String outcome, String previous, String target, int replicas) {
    if (outcome.equals("failed")) {
      return "";
    }
    if (outcome.startsWith("upgraded")) {
      return replicas + " of " + replicas + " pods ready on " + target;
    }
    if (outcome.startsWith("rolled back")) {
      JsonNode back = state.path("back");
      return back.path("reached").asBoolean(false)
          ? replicas + " pods ready on " + previous + " again (no pod ever started " + target + ")"
          : "NOT serving on " + previous + " yet: " + back.path("reason").asText("the old image was not put back");
    }
    JsonNode last = state.path("all").isMissingNode() ? state.path("firstPod") : state.path("all");
    return "left on the " + target + " image (never the old one again), " + last.path("readyReplicas").asInt(0) + " of "
        + last.path("replicas").asInt(0) + " replicas ready" + (last.path("reason").isTextual()
            ? ": " + last.path("reason").asText() : "");
  }

  private static void appendError(StringBuilder text, String title, JsonNode failure) {
    if (!failure.isMissingNode() && !failure.isNull()) {
      text.append('\n').append(title).append(": ").append(failure.path("Error").asText()).append("\nCause: ")
          .append(failure.path("Cause").asText()).append('\n');
    }
  }

  private static String advice(String outcome, String cluster, String restorePoint, String previous, String target,
      int replicas) {
    if (outcome.startsWith("upgraded")) {
      return "Every pod runs " + target + ".\n";
    }
    if (outcome.equals("failed")) {
      return "Nothing was changed: the workload serves " + previous + " as before. Fix the cause above and start the"
          + " upgrade again.\n";
    }
    if (outcome.startsWith("rolled back")) {
      return "No pod ever started " + target + ": the schema was never migrated and " + previous + " is safe. Fix the"
          + " cause above and start the upgrade again.\n";
    }
    return "The upgrade halted after a pod started " + target + ": the schema may be migrated. Do NOT put the "
        + previous + " image back (RunWorkloadCommand refuses it). Either bring the pods up on " + target
        + " once the cause is fixed (RunWorkloadCommand {\"cluster\": \"" + cluster + "\", \"action\": \"scale\","
        + " \"replicas\": " + replicas + ", \"expectVersion\": \"" + target + "\"}), or return the whole cluster to "
        + previous + " by restoring backup set " + restorePoint + " with the restore workflow (database and files"
        + " together) before setting the " + previous + " image.\n";
  }
}
