package dev.connectha.workloads;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.connectha.model.backup.KeptConfiguration;
import dev.connectha.model.eks.EksPreflightFacts;
import java.util.List;

/**
 * What RunWorkloadCommand found (after its change and its wait).
 *
 * @param cluster       the cluster
 * @param action        what was done
 * @param workload      {@code <eks cluster>/<namespace>/<workload>}
 * @param kind          {@code StatefulSet} or {@code Deployment}
 * @param replicas      the replicas the workload asks for
 * @param readyReplicas the replicas ready
 * @param imageTag      the Connect container's tag in the pod template
 * @param version       the Connect version that tag carries
 * @param pods          every pod the workload's selector matches
 * @param started       how many of them started Connect (past {@code Pending}): the EKS upgrade's line between
 *                      putting the old image back and never starting it again
 * @param reached       whether the goal was met (true when there was none)
 * @param reason        why not, when it was not (null otherwise)
 * @param configuration {@code configuration} only: the ConfigMap and the deployed Helm revision, by digest
 * @param preflight     {@code preflightFacts} only: what the EKS preflight checks (pods' configuration, node groups,
 *                      the few gcfg settings it reads; never the ConfigMap's content)
 * @param kept          {@code keepConfiguration} only: what the backup set now keeps, by digest and size
 *
 * <p>{@code version} and {@code reason} are written when null too: a workflow selects them by path, and a path
 * to a field that is not there fails the state.
 */
public record WorkloadReport(String cluster, String action, String workload, String kind, int replicas,
    int readyReplicas, String imageTag, @JsonInclude(JsonInclude.Include.ALWAYS) String version, List<Pod> pods,
    int started, boolean reached, @JsonInclude(JsonInclude.Include.ALWAYS) String reason, Configuration configuration,
    EksPreflightFacts preflight, KeptConfiguration kept) {

  /** A report of any action but {@code keepConfiguration}. */
  public WorkloadReport(String cluster, String action, String workload, String kind, int replicas, int readyReplicas,
      String imageTag, String version, List<Pod> pods, int started, boolean reached, String reason,
      Configuration configuration, EksPreflightFacts preflight) {
    this(cluster, action, workload, kind, replicas, readyReplicas, imageTag, version, pods, started, reached, reason,
        configuration, preflight, null);
  }

  /**
   * One pod.
   *
   * @param version its Connect container's version (null when its tag carries none)
   * @param zone    its node's Availability Zone (null while unscheduled)
   */
  public record Pod(String name, String phase, boolean ready, String imageTag, String version, String zone) {}

  /** This report with what a backup set now keeps. */
  WorkloadReport withKept(KeptConfiguration keptNow) {
    return new WorkloadReport(cluster, action, workload, kind, replicas, readyReplicas, imageTag, version, pods, started,
        reached, reason, configuration, preflight, keptNow);
  }
}
