package dev.connectha.model.eks;

import dev.connectha.errors.InvalidInputException;
import java.util.regex.Pattern;

/**
 * Where a Connect workload lives on EKS, as a cluster document names it.
 *
 * @param eksCluster the EKS cluster's name (DescribeCluster's, and the {@code x-k8s-aws-id} of its tokens)
 * @param namespace  the Kubernetes namespace of the workload
 * @param name       the StatefulSet or Deployment (Posit's {@code rstudio-connect} chart makes a Deployment
 *                   named after the release, e.g. {@code connect-rstudio-connect})
 * @param container  the Connect container in its pod template ({@code connect} in Posit's chart)
 */
public record EksWorkload(String eksCluster, String namespace, String name, String container) {
  /** The Connect container's name in Posit's {@code rstudio-connect} chart. */
  public static final String CONNECT_CONTAINER = "connect";

  /** EKS: 1-100 characters, a letter or digit first, then letters, digits, hyphens and underscores. */
  private static final Pattern EKS_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");
  /** Kubernetes names of namespaces and containers: an RFC 1123 label. */
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  /** Kubernetes object names: an RFC 1123 subdomain. */
  private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

  public EksWorkload {
    require("EKS cluster", eksCluster, EKS_NAME);
    require("namespace", namespace, LABEL);
    require("workload", name, SUBDOMAIN);
    require("container", container, LABEL);
  }

  /** The workload's Connect container under its chart name, {@value #CONNECT_CONTAINER}. */
  public static EksWorkload of(String eksCluster, String namespace, String name) {
    return new EksWorkload(eksCluster, namespace, name, CONNECT_CONTAINER);
  }

  /** Returns {@code value} if it is a Kubernetes object name (ConfigMap, Helm release), else {@link InvalidInputException}. */
  public static String requireObjectName(String what, String value) {
    return require(what, value, SUBDOMAIN);
  }

  @Override
  public String toString() {
    return eksCluster + "/" + namespace + "/" + name;
  }

  private static String require(String what, String value, Pattern pattern) {
    if (value == null || !pattern.matcher(value).matches()) {
      throw new InvalidInputException("not a valid " + what + " name: "
          + (value == null ? "(missing)" : "'" + value + "'"));
    }
    return value;
  }
}
