package dev.connectha.provision;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.ClusterName;
import java.util.List;
import java.util.regex.Pattern;

/**
 * @param cluster     the registered cluster the new node joins
 * @param az          optional: the Availability Zone to launch into, one of the cluster's {@code subnetsByAz};
 *                    absent: the zone with the fewest nodes among those not avoided
 * @param avoidAzs    optional: zones not to choose (an impaired zone, as remediation knows it); refused beside {@code az}
 * @param executionId the Step Functions execution, used as the log correlation id
 * @param lockHeldBy  optional: the caller's execution, which must hold the cluster's lock now
 */
public record PlanProvisionInput(String cluster, String az, List<String> avoidAzs, String executionId, String lockHeldBy) {
  static final Pattern ZONE = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9][a-z]");

  public PlanProvisionInput {
    ClusterName.require(cluster);
    if (az != null) {
      zone("az", az);
    }
    if (avoidAzs != null) {
      avoidAzs.forEach(z -> zone("avoidAzs", z));
    }
    avoidAzs = avoidAzs == null ? List.of() : List.copyOf(avoidAzs);
    if (az != null && avoidAzs.contains(az)) {
      throw new InvalidInputException("az " + az + " is also in avoidAzs: name a zone to launch into, or zones to avoid");
    }
  }

  static void zone(String field, String value) {
    if (value == null || !ZONE.matcher(value).matches()) {
      throw new InvalidInputException(field + ": not an Availability Zone name (e.g. us-east-1a): "
          + (value == null ? "null" : "'" + value + "'"));
    }
  }

  /** An input without a caller's lock. */
  public PlanProvisionInput(String cluster, String az, List<String> avoidAzs, String executionId) {
    this(cluster, az, avoidAzs, executionId, null);
  }
}
