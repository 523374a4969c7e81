package dev.connectha.ports;

import dev.connectha.model.ClusterDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

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
   * {@code action} for every registered cluster ({@link #names}), each even when another fails: then,
   * once every cluster was tried, the first failure is thrown (the others suppressed in it), after
   * {@code failed} was told of each.
   *
   * @return the results, in name order
   */
  default <R> List<R> forEveryCluster(Function<String, R> action, BiConsumer<String, RuntimeException> failed) {
    List<R> done = new ArrayList<>();
    RuntimeException failure = null;
    for (String name : names()) {
      try {
        done.add(action.apply(name));
      } catch (RuntimeException e) {
        failed.accept(name, e);
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    return done;
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
