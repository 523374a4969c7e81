package dev.connectha.model;

import java.util.Optional;

/**
 * A cluster's Connect versions as every workflow should read them: what was learned, else the
 * version the cluster was registered with (its document's {@code connectVersion}).
 *
 * @param schemaVersion the version the database schema is at: backup sets record it, a restore
 *                      needs it, new nodes are launched with it, an upgrade may not go below it
 * @param nodesVersion  the version every node was last seen to run after an upgrade
 * @param learned       the learned record behind them; null when nothing was learned yet (both
 *                      versions are then the registered one)
 */
public record ClusterVersions(ConnectVersion schemaVersion, ConnectVersion nodesVersion, LearnedState learned) {

  /** The learned versions of {@code document}'s cluster, each falling back to the registered version. */
  public static ClusterVersions of(ClusterDocument document, Optional<LearnedState> learned) {
    ConnectVersion registered = document.connectVersion();
    LearnedState state = learned.orElse(null);
    ConnectVersion schema = state == null || state.schemaVersion() == null ? registered : state.schemaVersion().version();
    ConnectVersion nodes = state == null || state.nodesVersion() == null ? registered : state.nodesVersion().version();
    return new ClusterVersions(schema, nodes, state);
  }
}
