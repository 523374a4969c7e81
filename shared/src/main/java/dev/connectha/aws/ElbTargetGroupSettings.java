package dev.connectha.aws;

import dev.connectha.model.LoadBalancing;
import dev.connectha.model.TargetHealth;
import dev.connectha.ports.TargetGroupSettings;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.inject.Inject;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/** Reads the target group, its attributes, its load balancer's cross-zone setting and target health. */
public final class ElbTargetGroupSettings implements TargetGroupSettings {
  private final ElasticLoadBalancingV2Client elb;

  @Inject
  public ElbTargetGroupSettings(ElasticLoadBalancingV2Client elb) {
    this.elb = elb;
  }

  @Override
  public LoadBalancing describe(String targetGroupArn) {
    return AwsCalls.call("describe target group " + targetGroupArn, () -> {
      TargetGroup group = elb.describeTargetGroups(r -> r.targetGroupArns(targetGroupArn)).targetGroups().get(0);
      Map<String, String> attributes = elb.describeTargetGroupAttributes(r -> r.targetGroupArn(targetGroupArn))
          .attributes().stream().collect(Collectors.toMap(a -> a.key(), a -> a.value(), (a, b) -> b));
      boolean lbCrossZone = group.loadBalancerArns().isEmpty() || loadBalancerCrossZone(group.loadBalancerArns().get(0));
      List<TargetHealth> targets = elb.describeTargetHealth(r -> r.targetGroupArn(targetGroupArn))
          .targetHealthDescriptions().stream()
          .map(d -> new TargetHealth(d.target().id(), d.targetHealth().stateAsString(),
              d.targetHealth().reasonAsString()))
          .toList();
      return new LoadBalancing(targetGroupArn, group.loadBalancerArns(),
          Boolean.parseBoolean(attributes.getOrDefault("stickiness.enabled", "false")),
          attributes.get("stickiness.type"),
          attributes.getOrDefault("load_balancing.cross_zone.enabled", "use_load_balancer_configuration"),
          lbCrossZone, group.healthCheckPath(), targets, Integer.parseInt(attributes.getOrDefault(
              "deregistration_delay.timeout_seconds", String.valueOf(LoadBalancing.DEFAULT_DEREGISTRATION_DELAY))));
    });
  }

  /** ALBs always balance across zones; NLBs report it as an attribute (off by default). */
  private boolean loadBalancerCrossZone(String loadBalancerArn) {
    LoadBalancer lb = elb.describeLoadBalancers(r -> r.loadBalancerArns(loadBalancerArn)).loadBalancers().get(0);
    if (lb.type() == LoadBalancerTypeEnum.APPLICATION) {
      return true;
    }
    return elb.describeLoadBalancerAttributes(r -> r.loadBalancerArn(loadBalancerArn)).attributes().stream()
        .anyMatch(a -> a.key().equals("load_balancing.cross_zone.enabled") && a.value().equals("true"));
  }
}
