package dev.connectha.inventory;

import dev.connectha.model.Finding;
import dev.connectha.model.FindingStatus;
import java.util.List;

/**
 * The checklist's result: the worst finding is the verdict; {@code failedRules} lists the rules
 * that failed; {@code blockingRules} those of them the caller did not accept by name (what stops
 * an upgrade: {@code blocking}); {@code summary} is the text the workflow publishes.
 */
public record ReadinessReport(
    String cluster,
    FindingStatus verdict,
    int passed,
    int warned,
    int failed,
    List<String> failedRules,
    List<String> blockingRules,
    boolean blocking,
    List<Finding> findings,
    String summary) {

  /** The same report with {@code accepted} failing rules no longer blocking. */
  public ReadinessReport accepting(List<String> accepted) {
    List<String> blockingNow = failedRules.stream().filter(r -> !accepted.contains(r)).toList();
    return new ReadinessReport(cluster, verdict, passed, warned, failed, failedRules, blockingNow, !blockingNow.isEmpty(),
        findings, summary);
  }
}
