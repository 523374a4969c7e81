package dev.connectha.model;

import java.util.List;

/** One checklist rule's result with the evidence a person can verify. */
public record Finding(String rule, String title, FindingStatus status, String summary, List<String> evidence) {
  public Finding {
    evidence = List.copyOf(evidence);
  }

  public static Finding pass(String rule, String title, String summary, List<String> evidence) {
    return new Finding(rule, title, FindingStatus.PASS, summary, evidence);
  }

  public static Finding warn(String rule, String title, String summary, List<String> evidence) {
    return new Finding(rule, title, FindingStatus.WARN, summary, evidence);
  }

  public static Finding fail(String rule, String title, String summary, List<String> evidence) {
    return new Finding(rule, title, FindingStatus.FAIL, summary, evidence);
  }
}
