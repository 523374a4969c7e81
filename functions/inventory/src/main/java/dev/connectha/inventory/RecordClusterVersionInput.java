package dev.connectha.inventory;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.ClusterName;
import dev.connectha.model.ConnectVersion;
import java.util.Locale;

/**
 * @param cluster     the registered cluster's name
 * @param version     the Connect version learned, {@code YYYY.MM.PATCH}
 * @param fact        what is learned: {@code schema} (a node has started {@code version}: the database
 *                    schema is migrated to it) or {@code nodes} (every node runs it; implies schema)
 * @param executionId the Step Functions execution: recorded with the fact, and the log correlation id
 */
public record RecordClusterVersionInput(String cluster, String version, String fact, String executionId) {
  /** The two facts the function records. */
  public enum Fact {
    SCHEMA, NODES
  }

  public RecordClusterVersionInput {
    ClusterName.require(cluster);
    ConnectVersion.parse(version);
    if (fact == null || !(fact.equals("schema") || fact.equals("nodes"))) {
      throw new InvalidInputException("fact must be \"schema\" (a node has started the version) or \"nodes\" "
          + "(every node runs it): " + fact);
    }
  }

  public ConnectVersion connectVersion() {
    return ConnectVersion.parse(version);
  }

  public Fact learned() {
    return Fact.valueOf(fact.toUpperCase(Locale.ROOT));
  }
}
