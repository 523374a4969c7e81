package dev.connectha.backup;

import dev.connectha.errors.InvalidInputException;

/** What a restore is for: a drill (verify, report, delete) or a hand-over (verify, report, keep). */
public enum RestoreMode {
  /** Single-AZ DB instance; everything the restore created is deleted once verified (or once it fails). */
  DRILL("drill", false),
  /** Multi-AZ DB instance; everything is kept for an operator to point a cluster at. */
  HANDOVER("handover", true);

  private final String text;
  private final boolean multiAz;

  RestoreMode(String text, boolean multiAz) {
    this.text = text;
    this.multiAz = multiAz;
  }

  /** {@code drill} (also for null) or {@code handover}; anything else is {@link InvalidInputException}. */
  public static RestoreMode parse(String mode) {
    if (mode == null) {
      return DRILL;
    }
    for (RestoreMode m : values()) {
      if (m.text.equals(mode)) {
        return m;
      }
    }
    throw new InvalidInputException("mode must be drill or handover: '" + mode + "'");
  }

  /** Whether the restored DB instance gets a standby in a second zone. */
  public boolean multiAz() {
    return multiAz;
  }

  @Override
  public String toString() {
    return text;
  }
}
