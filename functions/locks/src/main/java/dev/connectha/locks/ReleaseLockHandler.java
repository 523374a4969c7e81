package dev.connectha.locks;

import dev.connectha.ports.ClusterLocks;
import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;

/**
 * ReleaseLock: releases the cluster lock if the calling execution holds it. Never fails because
 * the lock is gone or someone else's (it then changes nothing and says {@code released: false}),
 * so a workflow's cleanup path can always call it.
 */
public final class ReleaseLockHandler extends JsonHandler<LockInput, ReleaseLockHandler.Released> {
  /** Whether this call released the lock. */
  public record Released(String cluster, boolean released) {}

  private final ClusterLocks locks;

  public ReleaseLockHandler() {
    this(System.getenv());
  }

  public ReleaseLockHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private ReleaseLockHandler(Config config) {
    this(LocksComponent.create(config).locks(), config.metricsNamespace());
  }

  public ReleaseLockHandler(ClusterLocks locks, String metricsNamespace) {
    super(LockInput.class, metricsNamespace);
    this.locks = locks;
  }

  @Override
  protected Released handle(LockInput input) {
    return new Released(input.cluster(), locks.release(input.cluster(), input.owner()));
  }
}
