package dev.connectha.model;

/** Outcome of one checklist rule; the worst one is the verdict. */
public enum FindingStatus {
  PASS, WARN, FAIL;

  public FindingStatus worst(FindingStatus other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
