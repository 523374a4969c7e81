package dev.connectha.model;

import dev.connectha.errors.InvalidInputException;
import java.time.Instant;
import java.util.List;

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
 * @param lastPreflight the rules the cluster's last preflight failed, and when: what the next preflight
 *                      compares with to name the rules that changed (drift); null before the first
 */
public record LearnedState(String cluster, Recorded schemaVersion, Recorded nodesVersion, Preflight lastPreflight) {

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

  /**
   * One preflight's result, as much of it as drift needs.
   *
   * @param failedRules the ids of the rules that failed (sorted, none when it passed)
   * @param checkedAt   when it was recorded
   * @param executionId the preflight execution
   */
  public record Preflight(List<String> failedRules, Instant checkedAt, String executionId) {
    public Preflight {
      if (failedRules == null || checkedAt == null) {
        throw new InvalidInputException("a preflight result needs its failed rules (maybe none) and the time it was recorded");
      }
      failedRules = failedRules.stream().sorted().distinct().toList();
    }
  }

  public LearnedState {
    ClusterName.require(cluster);
  }

  /** Learned versions only, no preflight recorded yet. */
  public LearnedState(String cluster, Recorded schemaVersion, Recorded nodesVersion) {
    this(cluster, schemaVersion, nodesVersion, null);
  }

  /** Nothing learned yet about {@code cluster}. */
  public static LearnedState none(String cluster) {
    return new LearnedState(cluster, null, null, null);
  }

  public LearnedState withSchema(Recorded schema) {
    return new LearnedState(cluster, schema, nodesVersion, lastPreflight);
  }

  public LearnedState withNodes(Recorded nodes) {
    return new LearnedState(cluster, schemaVersion, nodes, lastPreflight);
  }

  public LearnedState withPreflight(Preflight preflight) {
    return new LearnedState(cluster, schemaVersion, nodesVersion, preflight);
  }
}
