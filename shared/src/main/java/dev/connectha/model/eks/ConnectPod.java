package dev.connectha.model.eks;

import java.util.List;

/**
 * One pod of a Connect workload.
 *
 * @param name           the pod's name
 * @param phase          Kubernetes' pod phase ({@code Pending}, {@code Running}, ...)
 * @param ready          its {@code Ready} condition is {@code True}
 * @param imageTag       the tag of the image its Connect container runs (the pod's spec, not the workload's)
 * @param node           the node it is scheduled on, null while unscheduled
 * @param zone           the node's {@code topology.kubernetes.io/zone}, null when unscheduled or unlabelled
 * @param configChecksum the pod's {@value #CONFIG_CHECKSUM} annotation: Posit's chart sets it to the digest of the
 *                       rendered ConfigMap, so pods started on different configurations differ (null when absent)
 * @param configMaps     the ConfigMaps its volumes mount, sorted (never null)
 */
public record ConnectPod(String name, String phase, boolean ready, String imageTag, String node, String zone,
    String configChecksum, List<String> configMaps) {
  /** The pod template annotation Posit's {@code rstudio-connect} chart gives the ConfigMap's digest. */
  public static final String CONFIG_CHECKSUM = "checksum/config";

  /** A pod read without its configuration (no checksum annotation, no ConfigMap). */
  public ConnectPod(String name, String phase, boolean ready, String imageTag, String node, String zone) {
    this(name, phase, ready, imageTag, node, zone, null, List.of());
  }

  public ConnectPod {
    configMaps = configMaps == null ? List.of() : List.copyOf(configMaps);
  }
}
