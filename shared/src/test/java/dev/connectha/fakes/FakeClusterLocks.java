package dev.connectha.fakes;

import dev.connectha.errors.ClusterLockedException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.ports.ClusterLocks;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One lock per cluster whose lease never ends (it starts at the epoch): enough to prove what callers pass on. */
public final class FakeClusterLocks implements ClusterLocks {
  public final Map<String, Lock> held = new HashMap<>();
  private final List<String> calls;

  public FakeClusterLocks(List<String> calls) {
    this.calls = calls;
  }

  @Override
  public Lock acquire(String cluster, String owner, String workflow, Duration lease) {
    calls.add("acquire " + cluster + " " + workflow + " " + lease.toSeconds());
    Lock current = held.get(cluster);
    if (current != null && !current.owner().equals(owner)) {
      throw new ClusterLockedException("cluster " + cluster + " is locked by " + current.workflow());
    }
    Lock lock = new Lock(cluster, owner, workflow, Instant.EPOCH, Instant.EPOCH.plus(lease));
    held.put(cluster, lock);
    return lock;
  }

  @Override
  public boolean release(String cluster, String owner) {
    calls.add("release " + cluster);
    Lock current = held.get(cluster);
    return current != null && current.owner().equals(owner) && held.remove(cluster) != null;
  }

  @Override
  public Optional<Lock> holder(String cluster) {
    return Optional.ofNullable(held.get(cluster));
  }

  @Override
  public Lock renew(String cluster, String owner, Duration lease) {
    calls.add("renew " + cluster);
    Lock current = held.get(cluster);
    if (current == null) {
      throw new PreconditionFailedException("cluster " + cluster + " is not locked");
    }
    if (!current.owner().equals(owner)) {
      throw new ClusterLockedException("cluster " + cluster + " is locked by " + current.workflow());
    }
    Lock renewed = new Lock(cluster, owner, current.workflow(), current.acquiredAt(), Instant.EPOCH.plus(lease));
    held.put(cluster, renewed);
    return renewed;
  }
}
