package dev.connectha.aws;

import dev.connectha.errors.ConnectHaException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.ports.TargetRegistrations;
import java.util.List;
import javax.inject.Inject;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;

/** Registrations in an ELBv2 target group. */
public final class ElbTargetRegistrations implements TargetRegistrations {
  private final ElasticLoadBalancingV2Client elb;

  @Inject
  public ElbTargetRegistrations(ElasticLoadBalancingV2Client elb) {
    this.elb = elb;
  }

  @Override
  public TargetGroup describe(String targetGroupArn) {
    try {
      var group = AwsCalls.call("describe target group " + targetGroupArn,
          () -> elb.describeTargetGroups(r -> r.targetGroupArns(targetGroupArn)).targetGroups().get(0));
      return new TargetGroup(group.targetGroupArn(), group.port() == null ? 0 : group.port(),
          group.loadBalancerArns());
    } catch (ConnectHaException e) {
      throw notFound(targetGroupArn, e);
    }
  }

  @Override
  public List<Registration> registrations(String targetGroupArn) {
    try {
      return AwsCalls.call("describe target health of " + targetGroupArn,
          () -> elb.describeTargetHealth(r -> r.targetGroupArn(targetGroupArn)).targetHealthDescriptions().stream()
              .map(d -> new Registration(d.target().id(), d.target().port() == null ? 0 : d.target().port(),
                  d.targetHealth().stateAsString(), d.targetHealth().reasonAsString()))
              .toList());
    } catch (ConnectHaException e) {
      throw notFound(targetGroupArn, e);
    }
  }

  @Override
  public void register(String targetGroupArn, List<String> instanceIds, int port) {
    AwsCalls.call("register " + instanceIds + " in " + targetGroupArn, () -> elb.registerTargets(r -> r
        .targetGroupArn(targetGroupArn)
        .targets(instanceIds.stream().map(id -> TargetDescription.builder().id(id).port(port).build()).toList())));
  }

  @Override
  public void deregister(String targetGroupArn, List<Registration> registrations) {
    AwsCalls.call("deregister " + registrations.stream().map(Registration::instanceId).toList() + " from " + targetGroupArn,
        () -> elb.deregisterTargets(r -> r.targetGroupArn(targetGroupArn).targets(registrations.stream()
            .map(t -> TargetDescription.builder().id(t.instanceId()).port(t.port()).build()).toList())));
  }

  private static RuntimeException notFound(String targetGroupArn, ConnectHaException e) {
    if (e.getCause() instanceof TargetGroupNotFoundException) {
      return new PreconditionFailedException("target group " + targetGroupArn + " does not exist", e);
    }
    return e;
  }
}
