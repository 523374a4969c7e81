package dev.connectha.model.backup;

import java.util.Locale;
import java.util.Set;

/** The state of an AWS Backup backup, copy or restore job (the union of AWS's three enums). */
public enum JobState {
  CREATED, PENDING, RUNNING, ABORTING, ABORTED, COMPLETED, FAILED, EXPIRED, PARTIAL,
  /** A state this version does not know; treated as still running. */
  UNKNOWN;

  private static final Set<JobState> FINISHED = Set.of(ABORTED, COMPLETED, FAILED, EXPIRED, PARTIAL);

  /** AWS's state string; null or unrecognised is {@link #UNKNOWN}. */
  public static JobState of(String state) {
    if (state == null) {
      return UNKNOWN;
    }
    try {
      return valueOf(state.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return UNKNOWN;
    }
  }

  /** The job will not change any more. */
  public boolean finished() {
    return FINISHED.contains(this);
  }

  /** Finished with everything done ({@link #PARTIAL} is not success). */
  public boolean succeeded() {
    return this == COMPLETED;
  }
}
