package dev.connectha.remediation;

import dev.connectha.model.remediation.Incident;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Execution names the intake computes from what it saw: every intake that sees the same incident
 * computes the same name, so Step Functions starts it once.
 */
final class ExecutionNames {
  /** Step Functions' longest execution name. */
  static final int MAX = 80;
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private ExecutionNames() {}

  /** {@code <cluster>-<subject>-<since as yyyyMMddTHHmmssZ>}. */
  static String remediate(Incident incident) {
    return name(incident.cluster() + "-" + incident.subject(), incident.since());
  }

  /** {@code <cluster>-rebalance-<az>-<time>}. */
  static String rebalance(String cluster, String az, Instant time) {
    return name(cluster + "-rebalance-" + az, time);
  }

  /**
   * {@code <what>-<time>}, every character outside {@code [A-Za-z0-9-_]} replaced by {@code -}; a
   * name over 80 characters loses the end of {@code what}, never the time.
   */
  private static String name(String what, Instant time) {
    String suffix = "-" + STAMP.format(time);
    String head = what.length() > MAX - suffix.length() ? what.substring(0, MAX - suffix.length()) : what;
    return (head + suffix).replaceAll("[^A-Za-z0-9_-]", "-");
  }
}
