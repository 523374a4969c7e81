package dev.connectha.locks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.ports.ClusterLocks;
import dev.connectha.errors.ClusterLockedException;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LockHandlersTest {
  /** One lock per cluster, leases never end: enough to prove what the handlers pass on. */
  static final class FakeLocks implements ClusterLocks {
    final Map<String, Lock> held = new HashMap<>();
    final List<String> calls = new ArrayList<>();

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
      throw new UnsupportedOperationException("not used by the handlers");
    }
  }

  private final FakeLocks locks = new FakeLocks();

  private static String invoke(com.amazonaws.services.lambda.runtime.RequestStreamHandler handler, String json)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), out, null);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void acquireTakesTheLockForTheExecutionWithTheDefaultLease() throws Exception {
    String out = invoke(new AcquireLockHandler(locks, "Test"), "{\"cluster\":\"demo\",\"owner\":\"arn:exec:1\",\"workflow\":\"backup\"}");

    assertEquals("arn:exec:1", Json.MAPPER.readTree(out).path("owner").asText());
    assertEquals(List.of("acquire demo backup 3600"), locks.calls);
  }

  @Test
  void acquireBySecondOwnerFailsWithClusterLockedNamingTheHolder() throws Exception {
    invoke(new AcquireLockHandler(locks, "Test"), "{\"cluster\":\"demo\",\"owner\":\"arn:exec:1\",\"workflow\":\"rolling-upgrade\"}");

    ClusterLockedException e = assertThrows(ClusterLockedException.class, () -> invoke(new AcquireLockHandler(locks, "Test"),
        "{\"cluster\":\"demo\",\"owner\":\"arn:exec:2\",\"workflow\":\"backup\"}"));
    assertTrue(e.getMessage().contains("rolling-upgrade"), e.getMessage());
  }

  @Test
  void releaseOfALockHeldBySomeoneElseChangesNothingAndSaysSo() throws Exception {
    invoke(new AcquireLockHandler(locks, "Test"), "{\"cluster\":\"demo\",\"owner\":\"arn:exec:1\"}");

    String out = invoke(new ReleaseLockHandler(locks, "Test"), "{\"cluster\":\"demo\",\"owner\":\"arn:exec:2\"}");

    assertEquals("false", Json.MAPPER.readTree(out).path("released").asText());
    assertTrue(locks.holder("demo").isPresent());
  }

  @Test
  void releaseByTheOwnerFreesTheLock() throws Exception {
    invoke(new AcquireLockHandler(locks, "Test"), "{\"cluster\":\"demo\",\"owner\":\"arn:exec:1\"}");

    String out = invoke(new ReleaseLockHandler(locks, "Test"), "{\"cluster\":\"demo\",\"owner\":\"arn:exec:1\"}");

    assertEquals("true", Json.MAPPER.readTree(out).path("released").asText());
    assertTrue(locks.holder("demo").isEmpty());
  }

  @Test
  void badInputIsRejectedBeforeTheLockTableIsTouched() {
    for (String input : List.of("{\"cluster\":\"Demo\",\"owner\":\"x\"}", "{\"cluster\":\"demo\"}",
        "{\"cluster\":\"demo\",\"owner\":\"x\",\"leaseSeconds\":10}", "{\"cluster\":\"demo\",\"owner\":\"x\",\"leaseSeconds\":90000}")) {
      assertThrows(InvalidInputException.class, () -> invoke(new AcquireLockHandler(locks, "Test"), input), input);
    }
    assertEquals(List.of(), locks.calls);
  }
}
