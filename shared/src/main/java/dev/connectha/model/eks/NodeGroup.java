package dev.connectha.model.eks;

import java.util.List;

/**
 * One managed node group of an EKS cluster: where its worker nodes can run.
 *
 * @param name   the node group
 * @param status EKS's status ({@code ACTIVE}, {@code DEGRADED}, ...)
 * @param zones  the Availability Zones of its subnets, sorted
 */
public record NodeGroup(String name, String status, List<String> zones) {
  public NodeGroup {
    zones = zones == null ? List.of() : List.copyOf(zones);
  }
}
