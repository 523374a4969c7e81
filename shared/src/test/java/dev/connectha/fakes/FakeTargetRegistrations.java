package dev.connectha.fakes;

import dev.connectha.ports.TargetRegistrations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One target group's registrations by instance id, each at one port; a deregistered target is gone
 * at once (no draining delay), a registered one starts {@code initial}.
 */
public final class FakeTargetRegistrations implements TargetRegistrations {
  public final Map<String, Registration> registered = new LinkedHashMap<>();
  public List<String> loadBalancers;
  private final int port;
  private final List<String> calls;

  /** A group on {@code port} behind {@code loadBalancers}, with {@code healthy} targets at that port. */
  public FakeTargetRegistrations(List<String> calls, int port, List<String> loadBalancers, String... healthy) {
    this.calls = calls;
    this.port = port;
    this.loadBalancers = loadBalancers;
    for (String instanceId : healthy) {
      state(instanceId, "healthy", null);
    }
  }

  /** Sets the load balancer's view of a target at the group's port. */
  public void state(String instanceId, String state, String reason) {
    registered.put(instanceId, new Registration(instanceId, port, state, reason));
  }

  @Override
  public TargetGroup describe(String targetGroupArn) {
    calls.add("read target group " + targetGroupArn);
    return new TargetGroup(targetGroupArn, port, loadBalancers);
  }

  @Override
  public List<Registration> registrations(String targetGroupArn) {
    calls.add("read registrations " + targetGroupArn);
    return List.copyOf(registered.values());
  }

  @Override
  public void register(String targetGroupArn, List<String> instanceIds, int port) {
    calls.add("change register " + instanceIds + " at " + port);
    instanceIds.forEach(id -> registered.put(id, new Registration(id, port, "initial", "Elb.RegistrationInProgress")));
  }

  @Override
  public void deregister(String targetGroupArn, List<Registration> registrations) {
    calls.add("change deregister " + registrations.stream().map(r -> r.instanceId() + ":" + r.port()).toList());
    registrations.forEach(r -> registered.remove(r.instanceId()));
  }
}
