package dev.connectha.aws;

import dev.connectha.errors.ConnectHaException;
import dev.connectha.model.Node;
import dev.connectha.ports.NodeDirectory;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.inject.Inject;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;

/** Finds nodes by the cluster tag (terminated and shutting-down instances are not nodes), and clusters by node. */
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

  /** One DescribeInstances call; an id EC2 does not know (or cannot parse) has no cluster. */
  @Override
  public Optional<Membership> clusterOf(String instanceId) {
    List<Instance> found;
    try {
      found = AwsCalls.call("describe instance " + instanceId, () -> ec2.describeInstances(r -> r.instanceIds(instanceId)))
          .reservations().stream().flatMap(reservation -> reservation.instances().stream()).toList();
    } catch (ConnectHaException e) {
      if (e.getCause() instanceof AwsServiceException service && service.awsErrorDetails() != null
          && String.valueOf(service.awsErrorDetails().errorCode()).startsWith("InvalidInstanceID.")) {
        return Optional.empty();
      }
      throw e;
    }
    return found.stream()
        .flatMap(i -> i.tags().stream().filter(t -> CLUSTER_TAG.equals(t.key()))
            .map(t -> new Membership(i.instanceId(), t.value(),
                i.placement() == null ? null : i.placement().availabilityZone())))
        .findFirst();
  }

  @Override
  public List<Membership> clustersIn(String zoneName) {
    return AwsCalls.call("describe nodes in " + zoneName, () -> ec2.describeInstancesPaginator(r -> r.filters(
            Filter.builder().name("tag-key").values(CLUSTER_TAG).build(),
            Filter.builder().name("availability-zone").values(zoneName).build(),
            Filter.builder().name("instance-state-name").values("pending", "running", "stopping", "stopped").build()))
        .reservations().stream()
        .flatMap(reservation -> reservation.instances().stream())
        .sorted(Comparator.comparing(Instance::instanceId))
        .flatMap(i -> i.tags().stream().filter(t -> CLUSTER_TAG.equals(t.key()))
            .map(t -> new Membership(i.instanceId(), t.value(), zoneName)))
        .collect(Collectors.toMap(Membership::cluster, m -> m, (first, later) -> first, TreeMap::new))
        .values().stream().toList());
  }

  @Override
  public Optional<String> zoneName(String zoneId) {
    return AwsCalls.call("describe zone " + zoneId, () -> ec2.describeAvailabilityZones(r -> r.zoneIds(zoneId)))
        .availabilityZones().stream().filter(z -> zoneId.equals(z.zoneId())).map(z -> z.zoneName()).findFirst();
  }

  @Override
  public Optional<String> zoneId(String zoneName) {
    return AwsCalls.call("describe zone " + zoneName, () -> ec2.describeAvailabilityZones(r -> r.zoneNames(zoneName)))
        .availabilityZones().stream().filter(z -> zoneName.equals(z.zoneName())).map(z -> z.zoneId()).findFirst();
  }

  /** The node an EC2 instance is. */
  static Node node(Instance i) {
    return new Node(i.instanceId(), i.placement().availabilityZone(), i.subnetId(), i.state().nameAsString(),
        i.privateIpAddress(), i.launchTime());
  }
}
