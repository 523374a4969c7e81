package dev.connectha.model;

import java.time.Instant;
import java.util.List;

/** The cluster document plus everything observed live: the input of every check. */
public record ClusterState(
    ClusterDocument cluster,
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
