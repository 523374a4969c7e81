package dev.connectha.aws.eks;

import dev.connectha.errors.AwsCallFailedException;
import dev.connectha.errors.AwsThrottledException;
import dev.connectha.errors.AwsUnavailableException;
import dev.connectha.errors.WorkloadNotFoundException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Supplier;

/** Turns the Kubernetes API's refusals into the control plane's named errors. */
final class KubernetesCalls {
  private KubernetesCalls() {}

  static <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      throw translate(what, e);
    }
  }

  static RuntimeException translate(String what, KubernetesClientException e) {
    int code = e.getCode();
    String message = what + ": " + (code == 0 ? "" : "HTTP " + code + " ") + e.getMessage();
    if (code == 401 || code == 403) {
      return new AwsCallFailedException(message + " (the control plane's role needs an EKS access entry "
          + "bound to a ClusterRole with the verbs docs/eks.md lists)", e);
    }
    if (code == 404) {
      return new WorkloadNotFoundException(message, e);
    }
    if (code == 429) {
      return new AwsThrottledException(message, e);
    }
    if (code == 0 || code >= 500) {
      return new AwsUnavailableException(message, e);
    }
    return new AwsCallFailedException(message, e);
  }
}
