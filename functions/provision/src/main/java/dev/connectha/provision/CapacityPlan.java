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
 * @param keepHealthy  a rebalance's floor: each retirement is refused unless this many nodes stay healthy (so a
 *                     launch that failed moves nothing); null when the plan only reaches a size
 */
public record CapacityPlan(String cluster, int desiredNodes, int nodes, Map<String, Integer> nodesByAz, List<Launch> launches,
    List<String> retirements, Map<String, Integer> afterByAz,
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS) Integer keepHealthy) {
  /** One node to launch. */
  public record Launch(String az, int index) {}
}
