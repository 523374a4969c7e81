package dev.connectha.inventory;

import dev.connectha.model.ClusterName;
import dev.connectha.model.ConnectVersion;

/**
 * @param cluster     the registered cluster's name
 * @param version     the Connect version the cluster now runs, {@code YYYY.MM.PATCH}
 * @param executionId the Step Functions execution, used as the log correlation id
 */
public record RecordClusterVersionInput(String cluster, String version, String executionId) {
  public RecordClusterVersionInput {
    ClusterName.require(cluster);
    ConnectVersion.parse(version);
  }

  public ConnectVersion connectVersion() {
    return ConnectVersion.parse(version);
  }
}
