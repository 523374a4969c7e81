package dev.connectha.model;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.eks.EksWorkload;

/**
 * Where an eks-topology cluster's Connect runs, as its cluster document names it under {@code eks}.
 * The target group is the document's {@code targetGroupArn} (the one the AWS Load Balancer Controller
 * made for Connect's Service).
 *
 * @param cluster     the EKS cluster
 * @param namespace   Connect's namespace
 * @param workload    the StatefulSet or Deployment (Posit's {@code rstudio-connect} chart: {@code <release>-rstudio-connect})
 * @param container   the Connect container in its pods (default {@value EksWorkload#CONNECT_CONTAINER})
 * @param helmRelease the Helm release that installed it; its values are kept with every backup set
 * @param configMap   the ConfigMap holding {@code rstudio-connect.gcfg} (default {@code <workload>-config}, the chart's name)
 */
public record EksPlacement(String cluster, String namespace, String workload, String container, String helmRelease,
    String configMap) {

  public EksPlacement {
    container = container == null || container.isBlank() ? EksWorkload.CONNECT_CONTAINER : container;
    new EksWorkload(cluster, namespace, workload, container);
    if (helmRelease == null || helmRelease.isBlank()) {
      throw new InvalidInputException("eks.helmRelease is required: a backup set keeps the release's values");
    }
    EksWorkload.requireObjectName("Helm release", helmRelease);
    configMap = configMap == null || configMap.isBlank() ? workload + "-config" : configMap;
    EksWorkload.requireObjectName("ConfigMap", configMap);
  }

  /** The workload as the {@code ConnectWorkloads} port names it. */
  public EksWorkload eksWorkload() {
    return new EksWorkload(cluster, namespace, workload, container);
  }
}
