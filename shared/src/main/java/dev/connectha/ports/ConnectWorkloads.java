package dev.connectha.ports;

import dev.connectha.model.eks.ConnectWorkload;
import dev.connectha.model.eks.EksWorkload;
import dev.connectha.model.eks.HelmRelease;
import java.time.Duration;
import java.util.Map;

/**
 * Connect on EKS: its workload (the StatefulSet or Deployment Posit's {@code rstudio-connect} chart
 * creates), the ConfigMap and the Helm release beside it, through the cluster's Kubernetes API.
 *
 * <p>Errors: what the cluster document names is not there ({@code WorkloadNotFoundException}: the EKS
 * cluster, the namespace, the workload, the ConfigMap, the Helm release); the workload has no Connect
 * container ({@code PreconditionFailedException}); the API refuses the control plane's role (401/403, no
 * or too small an EKS access entry: {@code AwsCallFailedException}); throttled or unreachable (retryable).
 * A method that fails has changed nothing.
 */
public interface ConnectWorkloads {

  /** The workload: its kind, replicas, ready replicas, Connect image tag, and its pods with their node and AZ. */
  ConnectWorkload read(EksWorkload workload);

  /** Sets the workload's replicas to {@code replicas} (0 or more); the pods follow on Kubernetes' time. */
  void scale(EksWorkload workload, int replicas);

  /**
   * Sets the Connect container's image to the same repository at {@code tag}, leaving every other
   * container as it is. Pods start on it as Kubernetes rolls them (none while scaled to 0).
   */
  void setImageTag(EksWorkload workload, String tag);

  /** The data of ConfigMap {@code name} in the workload's namespace (Posit's chart: {@code <fullname>-config}). */
  Map<String, String> configMap(EksWorkload workload, String name);

  /** The deployed revision of Helm release {@code release} in the workload's namespace, with its values. */
  HelmRelease helmRelease(EksWorkload workload, String release);

  /**
   * Watches the workload's pods until closed, so that a wait for a goal reads again as soon as a pod
   * changes instead of at its next pause; null when no watch can be opened (the wait then reads at
   * every pause, as without one). Opening one changes nothing.
   */
  default PodChanges watchPods(EksWorkload workload) {
    return null;
  }

  /** An open watch of a workload's pods. */
  interface PodChanges extends AutoCloseable {
    /** Returns when a pod changed since the last call (at once if one did), or after {@code atMost}. */
    void await(Duration atMost) throws InterruptedException;

    @Override
    void close();
  }
}
