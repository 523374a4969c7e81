package dev.connectha.provision;

import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.ports.ClusterLocks;

/**
 * A workflow started under its caller's lock ({@code lockHeldBy}: ensure-capacity's or remediation's
 * execution) takes no lock of its own; the caller must really hold it, or anyone could skip the lock
 * by naming an execution.
 */
final class CallersLock {
  private CallersLock() {}

  /** Nothing when {@code lockHeldBy} is null or holds {@code cluster}'s lock now; else PreconditionFailedException naming the holder. */
  static void require(ClusterLocks locks, String cluster, String lockHeldBy) {
    if (lockHeldBy == null) {
      return;
    }
    ClusterLocks.Lock lock = locks.holder(cluster).orElse(null);
    if (lock == null || !lock.owner().equals(lockHeldBy)) {
      throw new PreconditionFailedException("lockHeldBy " + lockHeldBy + " does not hold cluster " + cluster + "'s lock ("
          + (lock == null ? "nobody does" : "held by " + lock.owner() + " for " + lock.workflow()) + "); nothing was changed");
    }
  }
}
