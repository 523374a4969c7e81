package dev.connectha.ports;

import dev.connectha.model.eks.NodeGroup;
import java.util.List;

/**
 * An EKS cluster's managed node groups: the zones its worker nodes can run in (their subnets' zones).
 * Errors: no such EKS cluster ({@code WorkloadNotFoundException}); the role may not list them
 * ({@code AwsCallFailedException}); throttled or unreachable (retryable).
 */
public interface WorkerNodeGroups {
  /** Every managed node group of {@code eksCluster}, by name. */
  List<NodeGroup> of(String eksCluster);
}
