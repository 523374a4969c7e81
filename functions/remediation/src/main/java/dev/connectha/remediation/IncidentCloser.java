package dev.connectha.remediation;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.connectha.ports.Incidents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes the incident an execution handled, with its outcome; the record is kept for a month. */
public final class IncidentCloser {
  /** How long a closed incident stays readable. */
  static final Duration CLOSED_TTL = Duration.ofDays(30);
  private static final Logger LOG = LoggerFactory.getLogger(IncidentCloser.class);

  private final Incidents incidents;
  private final Clock clock;

  @Inject
  public IncidentCloser(Incidents incidents, Clock clock) {
    this.incidents = incidents;
    this.clock = clock;
  }

  public CloseIncidentResult close(CloseIncidentInput input) {
    Instant now = clock.instant();
    boolean closed = incidents.close(input.incident().key(), input.execution(), input.outcome(), now, now.plus(CLOSED_TTL));
    long seconds = Math.max(0, Duration.between(input.incident().since(), now).toSeconds());
    if (closed) {
      LOG.info("incident {} closed: {}", input.incident().key(), input.outcome(), entry("outcome", input.outcome()),
          entry("secondsSinceIncident", seconds), entry("detail", String.valueOf(input.detail())));
    } else {
      LOG.warn("incident {} not closed: it is not open, or {} does not handle it", input.incident().key(),
          input.execution());
    }
    return new CloseIncidentResult(closed, input.outcome(), seconds);
  }
}
