package dev.connectha.traffic;

import dev.connectha.model.TargetHealth;
import java.util.List;

/**
 * ChangeTargets' output.
 *
 * @param cluster        the cluster
 * @param action         {@code register} or {@code deregister}
 * @param targetGroupArn the cluster's target group
 * @param changed        the instances this call registered or deregistered (empty when each already was)
 * @param targets        every target of the group after the change, by instance id (a deregistered
 *                       node is {@code draining} until the group's deregistration delay ends, then gone)
 */
public record TargetsReport(String cluster, String action, String targetGroupArn, List<String> changed,
    List<TargetHealth> targets) {}
