package dev.connectha.errors;

/**
 * What a cluster document names on EKS is not there: the EKS cluster, the namespace, the Connect
 * workload (StatefulSet or Deployment), its ConfigMap or its Helm release. Nothing was changed.
 */
public final class WorkloadNotFoundException extends TerminalException {

  public WorkloadNotFoundException(String message) {
    super(message, null);
  }

  public WorkloadNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
