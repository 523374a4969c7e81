package dev.connectha.upgrade;

import java.util.List;

/**
 * What the rolling upgrade will do, decided before anything changes.
 *
 * @param previousVersion the version the first node runs now, or the database schema's if that is
 *                        newer: what a recovery before the first new-version start puts back
 * @param nodes           every running node, by instance id
 * @param firstNode       the node upgraded first (its first start migrates the schema)
 * @param restNodes       the others, upgraded after it
 */
public record UpgradePlan(String cluster, String targetVersion, String previousVersion, List<String> nodes,
    String firstNode, List<String> restNodes, UpgradeInput.Options options) {}
