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
 * first upgraded node healthy), the restore point, and what to do.
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

  /** The report; {@code outcome} null: {@link #outcomeOf} the state. */
  public static Summary of(JsonNode state, String outcome, String startedAt, String finishedAt) {
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
    List<String> lines = outcome.equals("failed") ? List.of() : nodes(state, up != null);
    if (!lines.isEmpty()) {
      text.append("\nNodes:\n");
      lines.forEach(l -> text.append("  ").append(l).append('\n'));
    }
    JsonNode failure = state.path("failure");
    if (!failure.isMissingNode() && !failure.isNull()) {
      text.append("\nError: ").append(failure.path("Error").asText()).append("\nCause: ")
          .append(failure.path("Cause").asText()).append('\n');
    }
    text.append('\n').append(advice(outcome, restorePoint, previous, target));
    String subject = "connect-ha rolling upgrade " + cluster + ": " + outcome.toUpperCase() + " " + target;
    return new Summary(subject.length() > 100 ? subject.substring(0, 100) : subject, text.toString(), downtime, total,
        outcome);
  }

  private static List<String> nodes(JsonNode state, boolean firstHealthy) {
    List<String> lines = new ArrayList<>();
    String first = state.path("plan").path("firstNode").asText(null);
    if (first == null) {
      return lines;
    }
    boolean recovered = state.path("recovered").path("allSucceeded").asBoolean(false);
    if (recovered) {
      state.path("plan").path("nodes").forEach(n -> lines.add(n.asText() + "  serving on the previous version again"));
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

  private static Instant instant(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }

  private static String format(double seconds) {
    return String.format(java.util.Locale.ROOT, "%.1f", seconds);
  }
}
