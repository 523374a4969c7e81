package dev.connectha.provision;

import java.util.List;
import java.util.Map;

/**
 * How ensure-capacity brings a cluster to its size, decided before anything changes.
 *
 * @param cluster      the cluster
 * @param desiredNodes the size to reach
 * @param nodes        its pending and running nodes now
 * @param nodesByAz    those per zone (every zone of subnetsByAz)
 * @param launches     one entry per node to launch, with its zone and its index (for the child execution's name)
 * @param retirements  the nodes to retire, in order
 * @param afterByAz    the nodes per zone once the plan is done
 */
public record CapacityPlan(String cluster, int desiredNodes, int nodes, Map<String, Integer> nodesByAz, List<Launch> launches,
    List<String> retirements, Map<String, Integer> afterByAz) {
  /** One node to launch. */
  public record Launch(String az, int index) {}
}
