package dev.connectha.model;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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

  /**
   * The same state seen from a node that is joining: {@code instanceId} and the nodes healthy in the
   * target group (its serving peers); other nodes (booting, stopped, unhealthy: perhaps a sibling
   * launched in the same run) are left out of the nodes and their reports.
   */
  public ClusterState asSeenBy(String instanceId) {
    Set<String> kept = new HashSet<>();
    kept.add(instanceId);
    if (loadBalancing != null) {
      loadBalancing.targets().stream().filter(t -> "healthy".equals(t.state())).forEach(t -> kept.add(t.instanceId()));
    }
    return new ClusterState(cluster, versions, describedAt, nodes.stream().filter(n -> kept.contains(n.instanceId())).toList(),
        loadBalancing, database, fileSystem, nodeReports.stream().filter(r -> kept.contains(r.instanceId())).toList());
  }
}
