package dev.connectha.workloads;

import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.model.EksPlacement;
import dev.connectha.model.eks.ConnectWorkload;
import dev.connectha.model.eks.EksPreflightFacts;
import dev.connectha.model.eks.EksWorkload;
import dev.connectha.model.eks.HelmRelease;
import dev.connectha.ports.ConnectWorkloads;
import dev.connectha.ports.WorkerNodeGroups;
import java.util.Map;
import java.util.TreeSet;
import javax.inject.Inject;

/**
 * RunWorkloadCommand's {@code preflightFacts}: what the EKS preflight checks besides the AWS resources, read-only.
 * The workload and its pods (tags, zones, the configuration each started on), the EKS node groups' zones, the
 * deployed Helm revision, and from the ConfigMap's {@value #GCFG} only the settings the checklist needs
 * ({@link ConnectConfigReader}): the ConfigMap and the Helm values may hold secrets, and this function's output
 * is kept in the execution history.
 */
final class PreflightFactsReader {
  /** The ConfigMap key Posit's chart writes Connect's configuration file under. */
  static final String GCFG = "rstudio-connect.gcfg";

  private final ConnectWorkloads workloads;
  private final WorkerNodeGroups nodeGroups;

  @Inject
  PreflightFactsReader(ConnectWorkloads workloads, WorkerNodeGroups nodeGroups) {
    this.workloads = workloads;
    this.nodeGroups = nodeGroups;
  }

  EksPreflightFacts read(EksPlacement eks, ConnectWorkload workload) {
    EksWorkload where = eks.eksWorkload();
    Map<String, String> data = workloads.configMap(where, eks.configMap());
    String gcfg = data.get(GCFG);
    if (gcfg == null) {
      throw new PreconditionFailedException("ConfigMap " + eks.configMap() + " in " + eks.namespace() + " has no "
          + GCFG + " (its keys: " + new TreeSet<>(data.keySet()) + ")");
    }
    HelmRelease release = workloads.helmRelease(where, eks.helmRelease());
    return new EksPreflightFacts(workload.workload().toString(), workload.replicas(), workload.imageTag(),
        workload.pods(), nodeGroups.of(eks.cluster()), eks.configMap(), ConnectConfigReader.read(gcfg), release.name(),
        release.revision());
  }
}
