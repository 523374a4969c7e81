package dev.connectha.inventory;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.ClusterState;
import dev.connectha.model.eks.EksPreflightFacts;
import java.util.List;
import java.util.Objects;

/**
 * @param state           DescribeCluster's output
 * @param acceptFindings  failing rules the caller accepts by name (the rolling upgrade's input
 *                        option); they are reported but do not block
 * @param executionId     the Step Functions execution, used as the log correlation id
 * @param rules           optional: only these rules, by id (provisioning checks a new node with the node
 *                        rules); absent or empty: every rule
 * @param peersOf         optional: a joining node's instance id: the rules then see only it and the nodes healthy in
 *                        the target group (its serving peers), not nodes still booting beside it
 * @param workload        eks topology: RunWorkloadCommand's {@code preflightFacts} (pods, node groups, the gcfg settings
 *                        checked); absent or null for ec2, and for eks its rules then fail as unchecked
 */
public record CheckHaReadinessInput(ClusterState state, List<String> acceptFindings, String executionId, List<String> rules,
    String peersOf, EksPreflightFacts workload) {
  /** An input without workload facts (the ec2 topology). */
  public CheckHaReadinessInput(ClusterState state, List<String> acceptFindings, String executionId, List<String> rules,
      String peersOf) {
    this(state, acceptFindings, executionId, rules, peersOf, null);
  }

  public CheckHaReadinessInput {
    if (state == null || state.cluster() == null) {
      throw new InvalidInputException("state (DescribeCluster's output) is required");
    }
    acceptFindings = List.copyOf(Objects.requireNonNullElse(acceptFindings, List.of()));
    rules = List.copyOf(Objects.requireNonNullElse(rules, List.of()));
    if (peersOf != null && state.nodes().stream().noneMatch(n -> n.instanceId().equals(peersOf))) {
      throw new InvalidInputException("peersOf: " + peersOf + " is not a node of the described cluster");
    }
  }
}
