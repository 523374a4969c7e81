package dev.connectha.model.eks;

/**
 * One pod of a Connect workload.
 *
 * @param name     the pod's name
 * @param phase    Kubernetes' pod phase ({@code Pending}, {@code Running}, ...)
 * @param ready    its {@code Ready} condition is {@code True}
 * @param imageTag the tag of the image its Connect container runs (the pod's spec, not the workload's)
 * @param node     the node it is scheduled on, null while unscheduled
 * @param zone     the node's {@code topology.kubernetes.io/zone}, null when unscheduled or unlabelled
 */
public record ConnectPod(String name, String phase, boolean ready, String imageTag, String node, String zone) {}
