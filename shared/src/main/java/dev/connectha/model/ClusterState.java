package dev.connectha.model;

import java.time.Instant;
import java.util.List;

/**
 * The cluster document plus everything observed live: the input of every check.
 *
 * @param versions the cluster's Connect versions: the schema's and every node's, as learned (else
 *                 the registered one); null in a state described before they were reported
 */
public record ClusterState(
    ClusterDocument cluster,
    ClusterVersions versions,
    Instant describedAt,
    List<Node> nodes,
    LoadBalancing loadBalancing,
    DatabaseState database,
    FileSystemState fileSystem,
    List<NodeReport> nodeReports) {

  public ClusterState {
    nodes = List.copyOf(nodes);
    nodeReports = List.copyOf(nodeReports);
  }
}
