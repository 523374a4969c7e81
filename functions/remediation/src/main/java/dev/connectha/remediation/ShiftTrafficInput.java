package dev.connectha.remediation;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.ClusterName;

/**
 * @param cluster     the cluster whose load balancer's traffic to shift
 * @param az          the impaired Availability Zone (its name, e.g. us-east-1b) to shift traffic away from
 * @param executionId the remediate execution: written into the shift's comment, and the log correlation id
 */
public record ShiftTrafficInput(String cluster, String az, String executionId) {
  public ShiftTrafficInput {
    ClusterName.require(cluster);
    if (az == null || !az.matches("[a-z]{2}(-[a-z]+)+-\\d[a-z]")) {
      throw new InvalidInputException("az must be an Availability Zone name such as us-east-1b, not '" + az + "'");
    }
  }
}
