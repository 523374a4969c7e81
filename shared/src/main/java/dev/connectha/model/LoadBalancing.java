package dev.connectha.model;

import java.util.List;

/**
 * The target group and load balancer settings Posit's rules care about.
 *
 * @param crossZone the target group's {@code load_balancing.cross_zone.enabled}
 *                  ({@code true}, {@code false} or {@code use_load_balancer_configuration})
 * @param loadBalancerCrossZone the load balancer's cross-zone setting (ALBs: always on)
 * @param deregistrationDelaySeconds the target group's {@code deregistration_delay.timeout_seconds}: how long a
 *                  deregistered node keeps finishing its requests (ELB's default 300)
 */
public record LoadBalancing(
    String targetGroupArn,
    List<String> loadBalancerArns,
    boolean stickinessEnabled,
    String stickinessType,
    String crossZone,
    boolean loadBalancerCrossZone,
    String healthCheckPath,
    List<TargetHealth> targets,
    Integer deregistrationDelaySeconds) {
  /** ELB's default deregistration delay. */
  public static final int DEFAULT_DEREGISTRATION_DELAY = 300;

  /** Settings with ELB's default deregistration delay. */
  public LoadBalancing(String targetGroupArn, List<String> loadBalancerArns, boolean stickinessEnabled, String stickinessType,
      String crossZone, boolean loadBalancerCrossZone, String healthCheckPath, List<TargetHealth> targets) {
    this(targetGroupArn, loadBalancerArns, stickinessEnabled, stickinessType, crossZone, loadBalancerCrossZone, healthCheckPath,
        targets, DEFAULT_DEREGISTRATION_DELAY);
  }

  public LoadBalancing {
    loadBalancerArns = List.copyOf(loadBalancerArns);
    targets = List.copyOf(targets);
    deregistrationDelaySeconds = deregistrationDelaySeconds == null ? DEFAULT_DEREGISTRATION_DELAY : deregistrationDelaySeconds;
  }

  public boolean crossZoneOn() {
    return switch (crossZone == null ? "use_load_balancer_configuration" : crossZone) {
      case "true" -> true;
      case "false" -> false;
      default -> loadBalancerCrossZone;
    };
  }
}
