package dev.connectha.model.eks;

import java.util.List;

/**
 * A Connect workload as the Kubernetes API reports it.
 *
 * @param workload      where it is
 * @param kind          StatefulSet or Deployment
 * @param replicas      the replicas it asks for ({@code spec.replicas})
 * @param readyReplicas the replicas ready ({@code status.readyReplicas})
 * @param image         the Connect container's image in the pod template
 * @param imageTag      that image's tag
 * @param pods          the pods its selector matches, by name
 */
public record ConnectWorkload(EksWorkload workload, WorkloadKind kind, int replicas, int readyReplicas, String image,
    String imageTag, List<ConnectPod> pods) {

  public ConnectWorkload {
    pods = List.copyOf(pods);
  }
}
