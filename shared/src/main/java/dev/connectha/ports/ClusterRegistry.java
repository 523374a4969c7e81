package dev.connectha.ports;

import dev.connectha.model.ClusterDocument;
import java.util.List;

/** Cluster documents in SSM Parameter Store. */
public interface ClusterRegistry {
  /** The document registered as {@code name}; {@code ClusterNotFoundException} when there is none. */
  ClusterDocument load(String name);

  /**
   * The name of every registered cluster, sorted.
   *
   * <p>A default that refuses, so that this interface stays a lambda for the tests that load one
   * document, as {@link #save} does.
   */
  default List<String> names() {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot list the registered clusters");
  }

  /**
   * Writes {@code document} as its cluster's registration and returns what was written. Fields of
   * the stored document that {@link ClusterDocument} does not know are kept.
   *
   * <p>A default that refuses, so that read-only fakes of this interface need not implement it.
   */
  default ClusterDocument save(ClusterDocument document) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " is read-only: it cannot save " + document.name());
  }
}
