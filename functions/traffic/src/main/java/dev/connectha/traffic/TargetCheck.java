package dev.connectha.traffic;

import dev.connectha.model.TargetHealth;
import java.util.List;

/**
 * CheckTargets' output, small enough for a Step Functions wait loop (Wait, CheckTargets, Choice on
 * {@code allMatch}).
 *
 * @param cluster  the cluster
 * @param expect   {@code healthy} or {@code not-serving}
 * @param allMatch every checked node is in an expected state
 * @param targets  one per checked node, in the order asked (by instance id when defaulted); a node
 *                 that is not registered is {@code unused} with reason {@code Target.NotRegistered},
 *                 as DescribeTargetHealth reports it
 */
public record TargetCheck(String cluster, String expect, boolean allMatch, List<TargetHealth> targets) {
  public long matching(Expectation expectation) {
    return targets.stream().filter(t -> expectation.matches(t.state())).count();
  }
}
