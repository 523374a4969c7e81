package dev.connectha.traffic;

import java.util.List;

/**
 * MaintenancePage's output.
 *
 * @param cluster  the cluster
 * @param action   {@code on} or {@code off}
 * @param ruleArns on: the maintenance rules now in place, one per HTTP(S) listener of the cluster's
 *                 load balancers; off: the rules deleted
 * @param changed  whether this call created or deleted a rule (false when the page already was on or off)
 */
public record MaintenancePageReport(String cluster, String action, List<String> ruleArns, boolean changed) {}
