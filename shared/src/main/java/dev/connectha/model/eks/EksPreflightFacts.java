package dev.connectha.model.eks;

import java.util.List;

/**
 * What preflight reads from an eks-topology cluster besides its AWS resources: the workload and its pods, the
 * EKS node groups (where workers run), and the few settings of the Connect ConfigMap it checks (never the
 * ConfigMap's content). RunWorkloadCommand's {@code preflightFacts} action makes it; CheckHaReadiness reads it.
 *
 * @param workload      {@code <eks cluster>/<namespace>/<workload>}
 * @param replicas      the replicas the workload asks for
 * @param imageTag      the Connect container's tag in the pod template
 * @param pods          every pod of the workload, with its tag, zone and configuration
 * @param nodeGroups    the EKS cluster's managed node groups and their zones
 * @param configMap     the ConfigMap the cluster document names
 * @param config        the settings read from its {@code rstudio-connect.gcfg}
 * @param helmRelease   the Helm release
 * @param helmRevision  its deployed revision
 */
public record EksPreflightFacts(String workload, int replicas, String imageTag, List<ConnectPod> pods,
    List<NodeGroup> nodeGroups, String configMap, ConnectConfigFacts config, String helmRelease, int helmRevision) {
  public EksPreflightFacts {
    pods = pods == null ? List.of() : List.copyOf(pods);
    nodeGroups = nodeGroups == null ? List.of() : List.copyOf(nodeGroups);
  }
}
