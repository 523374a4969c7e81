package dev.connectha.aws.eks;

import io.fabric8.kubernetes.client.KubernetesClient;

/** The Kubernetes API of an EKS cluster, by the cluster's name: a client built once per cluster. */
@FunctionalInterface
public interface KubernetesApis {
  KubernetesClient of(String eksCluster);
}
