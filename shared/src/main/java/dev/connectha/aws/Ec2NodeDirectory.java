package dev.connectha.aws;

import dev.connectha.model.Node;
import dev.connectha.ports.NodeDirectory;
import java.util.Comparator;
import java.util.List;
import javax.inject.Inject;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;

/** Finds nodes by the cluster tag; terminated and shutting-down instances are not nodes. */
public final class Ec2NodeDirectory implements NodeDirectory {
  private final Ec2Client ec2;

  @Inject
  public Ec2NodeDirectory(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  @Override
  public List<Node> nodesOf(String cluster) {
    return AwsCalls.call("describe nodes of " + cluster, () -> ec2.describeInstancesPaginator(r -> r.filters(
            Filter.builder().name("tag:" + CLUSTER_TAG).values(cluster).build(),
            Filter.builder().name("instance-state-name").values("pending", "running", "stopping", "stopped").build()))
        .reservations().stream()
        .flatMap(reservation -> reservation.instances().stream())
        .map(Ec2NodeDirectory::node)
        .sorted(Comparator.comparing(Node::instanceId))
        .toList());
  }

  /** The node an EC2 instance is. */
  static Node node(Instance i) {
    return new Node(i.instanceId(), i.placement().availabilityZone(), i.subnetId(), i.state().nameAsString(),
        i.privateIpAddress(), i.launchTime());
  }
}
