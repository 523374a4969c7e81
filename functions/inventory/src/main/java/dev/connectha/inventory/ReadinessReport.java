package dev.connectha.inventory;

import dev.connectha.model.Finding;
import dev.connectha.model.FindingStatus;
import java.util.List;

/**
 * The checklist's result: the worst finding is the verdict; {@code failedRules} lists the rules
 * that failed (what an upgrade's {@code acceptFindings} names); {@code summary} is the text the
 * workflow publishes.
 */
public record ReadinessReport(
    String cluster,
    FindingStatus verdict,
    int passed,
    int warned,
    int failed,
    List<String> failedRules,
    List<Finding> findings,
    String summary) {}
