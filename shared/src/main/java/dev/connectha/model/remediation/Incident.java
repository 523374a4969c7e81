package dev.connectha.model.remediation;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.ClusterName;
import java.time.Instant;

/**
 * Something wrong with a cluster that remediation handles once: one open incident per
 * (cluster, subject), whatever number of events report it.
 *
 * @param cluster the cluster's name
 * @param kind    what the first event said (a hint: the remediate workflow classifies from live state)
 * @param subject what is wrong: an instance id ({@code i-...}), an Availability Zone, or {@code cluster}
 * @param since   when the first event about it happened (the event's time)
 */
public record Incident(String cluster, IncidentKind kind, String subject, Instant since) {
  /** The subject of an incident about the whole cluster. */
  public static final String WHOLE_CLUSTER = "cluster";

  public Incident {
    ClusterName.require(cluster);
    if (kind == null) {
      throw new InvalidInputException("an incident needs a kind");
    }
    if (subject == null || subject.isBlank() || subject.length() > 64) {
      throw new InvalidInputException("an incident needs a subject (an instance id, an AZ or 'cluster')");
    }
    if (since == null) {
      throw new InvalidInputException("an incident needs the time it started");
    }
  }

  /** The incident table's key: one open incident per (cluster, subject). */
  public String key() {
    return cluster + "#" + subject;
  }
}
