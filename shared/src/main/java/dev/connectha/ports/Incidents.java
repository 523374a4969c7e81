package dev.connectha.ports;

import dev.connectha.model.remediation.Incident;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Remediation's incident table: one open incident per (cluster, subject), opened by a conditional
 * write, closed with its outcome, and forgotten after a TTL. It also keeps each cluster's recent
 * replacements for the circuit breaker. On AWS: a DynamoDB table (hash key {@code pk}).
 */
public interface Incidents {
  /**
   * An incident as the table holds it.
   *
   * @param execution the remediate execution's name (deterministic: from the incident)
   * @param started   true once the execution was started
   * @param events    how many events reported it (a storm counts here)
   * @param status    {@code open} or {@code closed}
   * @param outcome   how it ended (null while open)
   */
  record Record(Incident incident, String execution, boolean started, long events, String status, String outcome,
      Instant closedAt) {
    public boolean open() {
      return "open".equals(status);
    }
  }

  /**
   * Opens the incident unless one is open for its (cluster, subject), or the last one closed at or
   * after this one's {@code since} (to the second: the event is about the failure that incident
   * handled): a conditional write. Returns true when this call opened it; false otherwise (an open
   * incident's event count then grows by one).
   */
  boolean open(Incident incident, String execution, Instant expiresAt);

  /** Marks the open incident's execution as started. */
  void markStarted(String key);

  /** The incident recorded for a (cluster, subject) key, open or closed. */
  Optional<Record> find(String key);

  /**
   * Closes the open incident of {@code key} that {@code execution} handles, with its outcome; the
   * record then lasts until {@code expiresAt}. Returns false (and changes nothing) when that incident
   * is not open or another execution handles it.
   */
  boolean close(String key, String execution, String outcome, Instant closedAt, Instant expiresAt);

  /** The cluster's replacements since {@code since} (the circuit breaker's count). */
  List<Instant> replacementsSince(String cluster, Instant since);

  /** Records {@code count} replacements at {@code at} for the circuit breaker. */
  void recordReplacements(String cluster, int count, Instant at);
}
