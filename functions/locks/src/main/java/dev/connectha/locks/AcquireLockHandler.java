package dev.connectha.locks;

import dev.connectha.ports.ClusterLocks;
import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;

/**
 * AcquireLock: takes the cluster lock for the calling execution, or fails with
 * {@code ClusterLockedException} naming the holder. Re-entrant: a retried state keeps its lock.
 */
public final class AcquireLockHandler extends JsonHandler<LockInput, ClusterLocks.Lock> {
  private final ClusterLocks locks;

  public AcquireLockHandler() {
    this(System.getenv());
  }

  public AcquireLockHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private AcquireLockHandler(Config config) {
    this(LocksComponent.create(config).locks(), config.metricsNamespace());
  }

  public AcquireLockHandler(ClusterLocks locks, String metricsNamespace) {
    super(LockInput.class, metricsNamespace);
    this.locks = locks;
  }

  @Override
  protected ClusterLocks.Lock handle(LockInput input) {
    return locks.acquire(input.cluster(), input.owner(), input.workflow(), input.lease());
  }
}
