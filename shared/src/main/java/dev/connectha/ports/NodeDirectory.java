package dev.connectha.ports;

import dev.connectha.model.Node;
import java.util.List;
import java.util.Optional;

/** EC2 instances carrying the {@code connect-ha:cluster} tag. */
public interface NodeDirectory {
  String CLUSTER_TAG = "connect-ha:cluster";

  /** Every instance of the cluster that is not terminated, ordered by instance id. */
  List<Node> nodesOf(String cluster);

  /**
   * The cluster an instance belongs to (its {@link #CLUSTER_TAG} tag), with its Availability Zone;
   * empty when the instance has no such tag or does not exist (any state counts: a terminated
   * instance still names its cluster while EC2 lists it).
   */
  Optional<Membership> clusterOf(String instanceId);

  /**
   * The clusters with a node (pending, running, stopping or stopped) in the Availability Zone
   * {@code zoneName}: one membership per cluster (its first such node), ordered by cluster.
   */
  List<Membership> clustersIn(String zoneName);

  /** The name of the Availability Zone whose id is {@code zoneId} (e.g. use1-az1 → us-east-1b in this account). */
  Optional<String> zoneName(String zoneId);

  /** The id of the Availability Zone named {@code zoneName} in this account (e.g. us-east-1b → use1-az1), as ARC names zones. */
  Optional<String> zoneId(String zoneName);

  /** An instance's cluster (its tag) and Availability Zone. */
  record Membership(String instanceId, String cluster, String availabilityZone) {}
}
