package dev.connectha.locks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.ClusterLockedException;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.fakes.FakeClusterLocks;
import dev.connectha.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LockHandlersTest {
  private final List<String> calls = new ArrayList<>();
  private final FakeClusterLocks locks = new FakeClusterLocks(calls);

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
    assertEquals(List.of("acquire demo backup 3600"), calls);
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
    assertEquals(List.of(), calls);
  }
}
