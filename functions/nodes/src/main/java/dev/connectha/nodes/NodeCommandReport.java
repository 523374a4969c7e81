package dev.connectha.nodes;

import java.util.List;

/**
 * RunNodeCommand's output.
 *
 * @param cluster      the cluster
 * @param document     {@code stop}, {@code start}, {@code status}, {@code stage} or {@code install}
 * @param documentName the SSM document that ran
 * @param results      one per node, in the order of the nodes asked (by instance id when defaulted)
 * @param allSucceeded every node reached the document's goal
 * @param runningInstanceIds {@code status} only (null otherwise): the nodes whose Connect service
 *                     runs (systemd active, activating, deactivating, reloading or refreshing), in
 *                     the order of the results
 * @param refused      {@code start} only (empty otherwise): each node that was sent no start because
 *                     its installed Connect is older than the schema's version (or could not be
 *                     read), as {@code "<instance id>: <why>"}; its result has status
 *                     {@code Refused} and the same reason
 * @param sentSucceeded every node the command was sent to reached the goal: {@code allSucceeded}
 *                     but for the refused nodes
 */
public record NodeCommandReport(
    String cluster,
    String document,
    String documentName,
    List<NodeResult> results,
    boolean allSucceeded,
    List<String> runningInstanceIds,
    List<String> refused,
    boolean sentSucceeded) {

  public long failed() {
    return results.stream().filter(r -> !r.succeeded()).count();
  }
}
