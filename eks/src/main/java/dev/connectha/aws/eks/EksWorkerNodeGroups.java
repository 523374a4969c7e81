package dev.connectha.aws.eks;

import dev.connectha.aws.AwsCalls;
import dev.connectha.errors.WorkloadNotFoundException;
import dev.connectha.model.eks.NodeGroup;
import dev.connectha.ports.WorkerNodeGroups;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.inject.Inject;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Nodegroup;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;

/**
 * {@link WorkerNodeGroups} from EKS ({@code ListNodegroups}, {@code DescribeNodegroup}: a group's subnets) and
 * EC2 ({@code DescribeSubnets}: a subnet's zone), one DescribeSubnets for every group's subnets.
 */
public final class EksWorkerNodeGroups implements WorkerNodeGroups {
  private final EksClient eks;
  private final Ec2Client ec2;

  @Inject
  public EksWorkerNodeGroups(EksClient eks, Ec2Client ec2) {
    this.eks = eks;
    this.ec2 = ec2;
  }

  @Override
  public List<NodeGroup> of(String eksCluster) {
    List<Nodegroup> groups = new ArrayList<>();
    try {
      List<String> names = AwsCalls.call("list the node groups of EKS cluster " + eksCluster,
          () -> eks.listNodegroupsPaginator(r -> r.clusterName(eksCluster)).nodegroups().stream().sorted().toList());
      for (String name : names) {
        groups.add(AwsCalls.call("describe node group " + name + " of EKS cluster " + eksCluster,
            () -> eks.describeNodegroup(r -> r.clusterName(eksCluster).nodegroupName(name)).nodegroup()));
      }
    } catch (RuntimeException e) {
      if (e.getCause() instanceof ResourceNotFoundException) {
        throw new WorkloadNotFoundException("no EKS cluster named " + eksCluster + " (or one of its node groups"
            + " went away while it was read)", e);
      }
      throw e;
    }
    List<String> subnetIds = groups.stream().filter(g -> g.subnets() != null).flatMap(g -> g.subnets().stream())
        .distinct().sorted().toList();
    Map<String, String> zoneOf = new HashMap<>();
    if (!subnetIds.isEmpty()) {
      AwsCalls.call("describe the subnets of EKS cluster " + eksCluster + "'s node groups",
          () -> ec2.describeSubnetsPaginator(r -> r.subnetIds(subnetIds)).subnets().stream().toList())
          .forEach((Subnet s) -> zoneOf.put(s.subnetId(), s.availabilityZone()));
    }
    return groups.stream().map(g -> new NodeGroup(g.nodegroupName(), g.statusAsString(),
        (g.subnets() == null ? List.<String>of() : g.subnets()).stream().map(zoneOf::get).filter(Objects::nonNull)
            .distinct().sorted().toList())).toList();
  }
}
