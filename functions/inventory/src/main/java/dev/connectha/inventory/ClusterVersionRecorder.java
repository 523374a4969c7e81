package dev.connectha.inventory;

import dev.connectha.errors.ClusterNotFoundException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ClusterVersions;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.LearnedState;
import dev.connectha.ports.ClusterRegistry;
import dev.connectha.ports.LearnedStates;
import java.time.Clock;
import java.util.Optional;
import javax.inject.Inject;

/**
 * Records a Connect version the rolling upgrade has learned in the cluster's learned record, never
 * in the cluster document (the stack owns that, and a redeploy would write its version back).
 * {@code schema}: a node has started the version, so the database is migrated to it (backup sets,
 * restores and new nodes use it from now on, even if the upgrade halts later). {@code nodes}: every
 * node runs it (the schema too, if not recorded yet).
 *
 * <p>The input was checked before any call; the cluster must be registered
 * ({@code ClusterNotFoundException}). A learned version never goes back: a version older than the
 * one recorded (or, when nothing was learned yet, than the registered one) is refused with
 * {@code PreconditionFailedException} and nothing is written; going back is a restore. Recording
 * what is already recorded writes nothing and keeps when and by whom it was first recorded.
 */
public final class ClusterVersionRecorder {
  private final ClusterRegistry registry;
  private final LearnedStates learned;
  private final Clock clock;

  @Inject
  public ClusterVersionRecorder(ClusterRegistry registry, LearnedStates learned, Clock clock) {
    this.registry = registry;
    this.learned = learned;
    this.clock = clock;
  }

  public ClusterVersions record(RecordClusterVersionInput input) {
    ClusterDocument doc = registry.load(input.cluster());
    Optional<LearnedState> found = learned.find(doc.name());
    ClusterVersions now = ClusterVersions.of(doc, found);
    ConnectVersion version = input.connectVersion();
    refuseGoingBack("database schema", now.schemaVersion(), version, doc.name());
    LearnedState.Recorded recorded = new LearnedState.Recorded(version, clock.instant(), input.executionId());
    LearnedState before = found.orElse(LearnedState.none(doc.name()));
    LearnedState after = before;
    if (!version.equals(versionOf(before.schemaVersion()))) {
      after = after.withSchema(recorded);
    }
    if (input.learned() == RecordClusterVersionInput.Fact.NODES) {
      refuseGoingBack("nodes", now.nodesVersion(), version, doc.name());
      if (!version.equals(versionOf(before.nodesVersion()))) {
        after = after.withNodes(recorded);
      }
    }
    if (!after.equals(before)) {
      learned.save(after);
    }
    return ClusterVersions.of(doc, Optional.of(after));
  }

  private static void refuseGoingBack(String what, ConnectVersion current, ConnectVersion version, String cluster) {
    if (current.isNewerThan(version)) {
      throw new PreconditionFailedException("cluster " + cluster + ": the " + what + " version is " + current
          + ", newer than " + version + "; a learned version never goes back (going back is a restore)");
    }
  }

  private static ConnectVersion versionOf(LearnedState.Recorded recorded) {
    return recorded == null ? null : recorded.version();
  }

  /** SnapStart priming: one harmless read (a cluster that cannot exist) through the SDK. */
  void prime() {
    try {
      registry.load("connect-ha-snapstart-priming");
    } catch (ClusterNotFoundException expected) {
      // the point was to load the client, not to find a cluster
    }
  }
}
