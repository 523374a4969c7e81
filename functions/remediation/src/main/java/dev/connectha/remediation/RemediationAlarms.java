package dev.connectha.remediation;

import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.model.Node;
import dev.connectha.ports.Alarms.Spec;
import dev.connectha.ports.NodeDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The remediation alarms a cluster needs, named and shaped as the intake reads them: the cluster's
 * no-healthy-host alarm, two alarms per Availability Zone that has a node, and one status-check alarm
 * per running node. Every one evaluates 2 periods of 60 s and treats missing data as not breaching.
 */
final class RemediationAlarms {
  static final String PURPOSE_TAG = "connect-ha:purpose";
  static final String REMEDIATION = "remediation";
  private static final int PERIOD = 60;
  private static final int EVALUATION_PERIODS = 2;
  private static final String NOT_BREACHING = "notBreaching";
  /** Nodes that are leaving for good: their AZ keeps no alarm for them. */
  private static final Set<String> GONE = Set.of("shutting-down", "terminated");

  private RemediationAlarms() {}

  /** What every remediation alarm of {@code cluster} is named with first. */
  static String prefix(String cluster) {
    return "connect-ha-" + cluster + "-remediation-";
  }

  static Map<String, String> tags(String cluster) {
    return Map.of(NodeDirectory.CLUSTER_TAG, cluster, PURPOSE_TAG, REMEDIATION);
  }

  /**
   * Whether the name, under {@code cluster}'s prefix, is one of another cluster's: a cluster named
   * {@code <cluster>-remediation-…} has names under this prefix too. None of this cluster's own
   * names has {@code remediation} after its prefix.
   */
  static boolean anotherClusters(String cluster, String alarmName) {
    return alarmName.substring(prefix(cluster).length()).contains(REMEDIATION);
  }

  /**
   * @param targetGroupArn  the cluster's target group, or null (no load balancer: node alarms only)
   * @param loadBalancerArn the load balancer the group serves, or null (no load balancer metrics)
   */
  static List<Spec> wanted(String cluster, String targetGroupArn, String loadBalancerArn, List<Node> nodes) {
    List<Spec> wanted = new ArrayList<>();
    String prefix = prefix(cluster);
    if (targetGroupArn != null && loadBalancerArn != null) {
      String targetGroup = resource(targetGroupArn, ":targetgroup/", "targetgroup/");
      String loadBalancer = resource(loadBalancerArn, ":loadbalancer/", "");
      String namespace = namespace(loadBalancer);
      Map<String, String> group = Map.of("TargetGroup", targetGroup, "LoadBalancer", loadBalancer);
      wanted.add(new Spec(prefix + "no-healthy-host", "connect-ha remediation: no node of cluster " + cluster
          + " is healthy in its target group", namespace, "HealthyHostCount", group, "Minimum", PERIOD, EVALUATION_PERIODS, 1,
          "LessThanThreshold", NOT_BREACHING));
      Set<String> zones = new TreeSet<>();
      nodes.stream().filter(n -> !GONE.contains(n.state())).map(Node::availabilityZone).forEach(zones::add);
      for (String az : zones) {
        Map<String, String> zone = Map.of("TargetGroup", targetGroup, "LoadBalancer", loadBalancer, "AvailabilityZone", az);
        wanted.add(new Spec(prefix + "az-" + az + "-unhealthy", "connect-ha remediation: a node of cluster " + cluster
            + " in " + az + " fails its health checks", namespace, "UnHealthyHostCount", zone, "Maximum", PERIOD,
            EVALUATION_PERIODS, 0, "GreaterThanThreshold", NOT_BREACHING));
        wanted.add(new Spec(prefix + "az-" + az + "-no-healthy", "connect-ha remediation: no node of cluster " + cluster
            + " in " + az + " is healthy", namespace, "HealthyHostCount", zone, "Minimum", PERIOD, EVALUATION_PERIODS, 1,
            "LessThanThreshold", NOT_BREACHING));
      }
    }
    for (Node node : nodes) {
      if (node.running()) {
        wanted.add(new Spec(prefix + "node-" + node.instanceId() + "-status", "connect-ha remediation: node "
            + node.instanceId() + " of cluster " + cluster + " fails its EC2 status checks", "AWS/EC2", "StatusCheckFailed",
            Map.of("InstanceId", node.instanceId()), "Maximum", PERIOD, EVALUATION_PERIODS, 1, "GreaterThanOrEqualToThreshold",
            NOT_BREACHING));
      }
    }
    return wanted;
  }

  /** The ARN's resource part as CloudWatch's ELB dimensions want it: {@code targetgroup/<name>/<id>}, {@code app/<name>/<id>}. */
  private static String resource(String arn, String marker, String keep) {
    int at = arn.indexOf(marker);
    if (at < 0) {
      throw new PreconditionFailedException("not an Elastic Load Balancing " + marker.replace(":", "").replace("/", "")
          + " ARN: " + arn);
    }
    return keep + arn.substring(at + marker.length());
  }

  private static String namespace(String loadBalancer) {
    if (loadBalancer.startsWith("app/")) {
      return "AWS/ApplicationELB";
    }
    if (loadBalancer.startsWith("net/")) {
      return "AWS/NetworkELB";
    }
    throw new PreconditionFailedException("load balancer " + loadBalancer
        + " is neither an Application nor a Network Load Balancer: it has no host-count metrics to alarm on");
  }
}
