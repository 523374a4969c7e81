package dev.connectha.ports;

import dev.connectha.model.LoadBalancing;

/**
 * How the target group in front of the nodes is set up, as Posit's HA checklist reads it: sticky
 * sessions, cross-zone balancing, the health check path, and each target's health. Read only; the
 * registrations a rolling upgrade changes are {@link TargetRegistrations}.
 */
public interface TargetGroupSettings {
  LoadBalancing describe(String targetGroupArn);
}
