package dev.connectha.model.eks;

/** The two workload kinds Connect runs as on Kubernetes. */
public enum WorkloadKind {
  STATEFUL_SET,
  DEPLOYMENT
}
