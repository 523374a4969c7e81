package dev.connectha.ports;

import dev.connectha.model.TargetHealth;
import java.util.List;

/**
 * A target group's registrations: what a rolling upgrade drains from and registers again. The
 * group's HA settings are {@link TargetGroupSettings}.
 */
public interface TargetRegistrations {
  /** The group's traffic port (new registrations use it) and the load balancers it serves. */
  record TargetGroup(String arn, int port, List<String> loadBalancerArns) {
    public TargetGroup {
      loadBalancerArns = List.copyOf(loadBalancerArns);
    }
  }

  /** One registration: an instance at a port, with the load balancer's view of it. */
  record Registration(String instanceId, int port, String state, String reason) {
    public TargetHealth health() {
      return new TargetHealth(instanceId, state, reason);
    }
  }

  /** {@code PreconditionFailedException} when the group does not exist. */
  TargetGroup describe(String targetGroupArn);

  /** Every registration of the group (draining ones included), as DescribeTargetHealth lists them. */
  List<Registration> registrations(String targetGroupArn);

  /** Registers the instances at {@code port}. */
  void register(String targetGroupArn, List<String> instanceIds, int port);

  /** Deregisters exactly these registrations (instance and port). */
  void deregister(String targetGroupArn, List<Registration> registrations);
}
