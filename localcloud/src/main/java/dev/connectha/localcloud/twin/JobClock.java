package dev.connectha.localcloud.twin;

import java.time.Duration;
import java.time.Instant;

/**
 * A simulated job's course, fixed when it starts: when, how long, and how it ends (a failure
 * message, or null for success). Its state at any moment follows from the wall clock alone, so
 * nothing has to tick: whoever asks sees where the job is now.
 */
public record JobClock(JobType type, Instant startedAt, Duration duration, String failure) {

  public JobClock {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a job cannot take " + duration);
    }
  }

  public Instant endsAt() {
    return startedAt.plus(duration);
  }

  public boolean doneAt(Instant now) {
    return !now.isBefore(endsAt());
  }

  public boolean fails() {
    return failure != null;
  }

  /** How far along it is, 0 to 1 (a job of no duration is done at once). */
  public double fractionAt(Instant now) {
    if (doneAt(now)) {
      return 1.0;
    }
    double elapsed = Math.max(0, Duration.between(startedAt, now).toNanos());
    return Math.min(1.0, elapsed / duration.toNanos());
  }

  /** Whole percent done; 100 only once it is done. */
  public int percentAt(Instant now) {
    return doneAt(now) ? 100 : (int) Math.min(99, Math.floor(fractionAt(now) * 100));
  }

  /** The state AWS would report for a job of this type at {@code now}. */
  public String stateAt(Instant now) {
    double f = fractionAt(now);
    boolean done = doneAt(now);
    return switch (type) {
      case DB_SNAPSHOT, DB_SNAPSHOT_COPY -> done ? (fails() ? "failed" : "available") : "creating";
      case BACKUP -> done ? ended() : f < 0.1 ? "CREATED" : f < 0.2 ? "PENDING" : "RUNNING";
      case COPY -> done ? ended() : f < 0.2 ? "CREATED" : "RUNNING";
      case RESTORE -> done ? ended() : f < 0.2 ? "PENDING" : "RUNNING";
    };
  }

  private String ended() {
    return fails() ? "FAILED" : "COMPLETED";
  }
}
