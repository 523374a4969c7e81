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
 * @param eks             upgrade-eks only (null for the rolling upgrade): the workload's side of the plan
 */
public record UpgradePlan(String cluster, String targetVersion, String previousVersion, List<String> nodes,
    String firstNode, List<String> restNodes, UpgradeInput.Options options, Eks eks) {

  /**
   * What upgrade-eks does to the workload.
   *
   * @param replicas    the replicas it serves with before the upgrade, and after it
   * @param imageTag    its Connect container's tag before the upgrade
   * @param waitSeconds how long one RunWorkloadCommand call waits for pods (at most 45)
   * @param waitCalls   how many more such calls a step may make after its own (the scale, which waits too) before its
   *                    pods count as never gone or never ready: together they wait readyWithinSeconds
   */
  public record Eks(int replicas, String imageTag, int waitSeconds, int waitCalls) {}

  /** A rolling upgrade's plan (an ec2 cluster's nodes). */
  public UpgradePlan(String cluster, String targetVersion, String previousVersion, List<String> nodes,
      String firstNode, List<String> restNodes, UpgradeInput.Options options) {
    this(cluster, targetVersion, previousVersion, nodes, firstNode, restNodes, options, null);
  }
}
