package dev.connectha.inventory;

import dev.connectha.model.FindingStatus;
import java.time.Instant;
import java.util.List;

/**
 * A preflight's result compared with the cluster's previous one.
 *
 * @param cluster       the checked cluster
 * @param verdict       this preflight's verdict
 * @param failedRules   the rules that fail now
 * @param turnedFailing the rules that fail now and did not fail at the previous preflight (none at the first)
 * @param turnedPassing the rules that failed at the previous preflight and fail no more
 * @param previousAt    when the previous preflight was recorded; null at the first
 * @param summary       the report's summary with a paragraph naming the rules that changed: what the workflow publishes
 */
public record PreflightDrift(String cluster, FindingStatus verdict, List<String> failedRules, List<String> turnedFailing,
    List<String> turnedPassing, Instant previousAt, String summary) {}
