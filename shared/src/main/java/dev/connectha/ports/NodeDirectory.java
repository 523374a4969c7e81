package dev.connectha.ports;

import dev.connectha.model.Node;
import java.util.List;

/** EC2 instances carrying the {@code connect-ha:cluster} tag. */
public interface NodeDirectory {
  String CLUSTER_TAG = "connect-ha:cluster";

  /** Every instance of the cluster that is not terminated, ordered by instance id. */
  List<Node> nodesOf(String cluster);
}
