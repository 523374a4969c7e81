package dev.connectha.ports;

import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ClusterVersions;
import dev.connectha.model.LearnedState;
import java.util.Optional;

/**
 * What the control plane learns about each cluster, stored apart from anything the stack owns so
 * that a redeploy never overwrites it.
 */
public interface LearnedStates {
  /** The learned record of {@code cluster}; empty when nothing was learned yet. */
  Optional<LearnedState> find(String cluster);

  /**
   * Writes {@code state} as its cluster's learned record and returns it. Fields of the stored record
   * that {@link LearnedState} does not know are kept.
   *
   * <p>A default that refuses, so that read-only fakes of this interface need not implement it.
   */
  default LearnedState save(LearnedState state) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " is read-only: it cannot save " + state.cluster());
  }

  /** The versions of {@code document}'s cluster: learned, else the version it was registered with. */
  default ClusterVersions versionsOf(ClusterDocument document) {
    return ClusterVersions.of(document, find(document.name()));
  }
}
