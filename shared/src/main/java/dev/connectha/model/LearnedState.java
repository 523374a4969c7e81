package dev.connectha.model;

import dev.connectha.errors.InvalidInputException;
import java.time.Instant;

/**
 * What the control plane has learned about a cluster's Connect versions, kept apart from the cluster
 * document (which the stack owns and a redeploy rewrites): SSM parameter
 * {@code /connect-ha/learned/<cluster>}, created at run time.
 *
 * @param cluster       the cluster's name
 * @param schemaVersion the version the database schema is at: set the moment a node has started a new
 *                      version (its first start migrates the schema); null if not learned yet
 * @param nodesVersion  the version every node runs: set at the end of a successful upgrade; null if
 *                      not learned yet
 */
public record LearnedState(String cluster, Recorded schemaVersion, Recorded nodesVersion) {

  /**
   * One learned version.
   *
   * @param version     the Connect version
   * @param recordedAt  when it was recorded
   * @param executionId the execution (or caller) that recorded it
   */
  public record Recorded(ConnectVersion version, Instant recordedAt, String executionId) {
    public Recorded {
      if (version == null || recordedAt == null) {
        throw new InvalidInputException("a learned version needs its version and the time it was recorded");
      }
    }
  }

  public LearnedState {
    ClusterName.require(cluster);
  }

  /** Nothing learned yet about {@code cluster}. */
  public static LearnedState none(String cluster) {
    return new LearnedState(cluster, null, null);
  }

  public LearnedState withSchema(Recorded schema) {
    return new LearnedState(cluster, schema, nodesVersion);
  }

  public LearnedState withNodes(Recorded nodes) {
    return new LearnedState(cluster, schemaVersion, nodes);
  }
}
