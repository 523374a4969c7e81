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
 */
public record NodeCommandReport(
    String cluster,
    String document,
    String documentName,
    List<NodeResult> results,
    boolean allSucceeded) {

  public long failed() {
    return results.stream().filter(r -> !r.succeeded()).count();
  }
}
