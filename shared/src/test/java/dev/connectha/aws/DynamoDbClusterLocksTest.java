package dev.connectha.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.config.Config;
import dev.connectha.errors.AwsCallFailedException;
import dev.connectha.errors.ClusterLockedException;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.ports.ClusterLocks.Lock;
import dev.connectha.ports.ClusterLocks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** The lock adapter's own logic; its conditions against DynamoDB itself are proven in LockAndBackupSetIT. */
class DynamoDbClusterLocksTest {
  private static final Instant NOW = Instant.parse("2025-03-04T10:15:00.250Z");
  private static final Config CONFIG = Config.from(Map.of("AWS_REGION", "us-east-1", "LOCK_TABLE_NAME", "locks"));
  private static final String ME = "arn:aws:states:us-east-1:123456789012:execution:connect-ha-backup:me";
  private static final String OTHER = "arn:aws:states:us-east-1:123456789012:execution:connect-ha-rolling-upgrade:x";

  private final ScriptedDynamoDb dynamo = new ScriptedDynamoDb();
  private final DynamoDbClusterLocks locks = new DynamoDbClusterLocks(dynamo, CONFIG, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void acquiringIsOneConditionalPutWithTheLeaseRoundedUpAndTheTtlADayLater() {
    dynamo.put = r -> PutItemResponse.builder().build();

    Lock lock = locks.acquire("prod", ME, "backup", Duration.ofSeconds(90));

    Instant until = Instant.parse("2025-03-04T10:16:31Z");
    assertEquals(new Lock("prod", ME, "backup", NOW, until), lock);
    PutItemRequest put = (PutItemRequest) dynamo.requests.get(0);
    assertEquals(List.of("PutItem"), dynamo.actions());
    assertEquals("locks", put.tableName());
    assertEquals("attribute_not_exists(#cluster) OR #leaseUntil < :now OR #owner = :owner", put.conditionExpression());
    assertEquals(AttributeValue.fromN(String.valueOf(NOW.getEpochSecond())), put.expressionAttributeValues().get(":now"));
    assertEquals(Map.of(
        "cluster", AttributeValue.fromS("prod"),
        "owner", AttributeValue.fromS(ME),
        "workflow", AttributeValue.fromS("backup"),
        "acquiredAt", AttributeValue.fromS("2025-03-04T10:15:00.250Z"),
        "leaseUntil", AttributeValue.fromN(String.valueOf(until.getEpochSecond())),
        "expiresAt", AttributeValue.fromN(String.valueOf(until.getEpochSecond() + 86_400))), put.item());
  }

  @Test
  void aRefusedAcquireNamesTheHolderDynamoDbReturned() {
    dynamo.put = r -> {
      throw ScriptedDynamoDb.refused(item("prod", OTHER, "rolling-upgrade", NOW.plusSeconds(600)));
    };

    ClusterLockedException e = assertThrows(ClusterLockedException.class,
        () -> locks.acquire("prod", ME, "backup", Duration.ofMinutes(5)));

    assertEquals("cluster prod is locked by rolling-upgrade " + OTHER + " until 2025-03-04T10:25:00Z", e.getMessage());
    assertEquals(List.of("PutItem"), dynamo.actions());
  }

  @Test
  void withoutTheRefusedItemTheHolderIsReadConsistently() {
    dynamo.put = r -> {
      throw ScriptedDynamoDb.refused(Map.of());
    };
    dynamo.get = r -> {
      assertTrue(r.consistentRead());
      return GetItemResponse.builder().item(item("prod", OTHER, "rolling-upgrade", NOW.plusSeconds(600))).build();
    };

    ClusterLockedException e = assertThrows(ClusterLockedException.class,
        () -> locks.acquire("prod", ME, "backup", Duration.ofMinutes(5)));

    assertTrue(e.getMessage().contains(OTHER), e.getMessage());
    assertEquals(List.of("PutItem", "GetItem"), dynamo.actions());
  }

  @Test
  void aHolderThatReleasedBeforeItCouldBeReadIsNoReasonToGiveUp() {
    AtomicInteger puts = new AtomicInteger();
    dynamo.put = r -> {
      if (puts.incrementAndGet() == 1) {
        throw ScriptedDynamoDb.refused(Map.of());
      }
      return PutItemResponse.builder().build();
    };
    dynamo.get = r -> GetItemResponse.builder().build();

    Lock lock = locks.acquire("prod", ME, "backup", Duration.ofMinutes(5));

    assertEquals(ME, lock.owner());
    assertEquals(List.of("PutItem", "GetItem", "PutItem"), dynamo.actions());
  }

  @Test
  void aClusterThatStaysBusyEndsInClusterLockedAfterThreeAttempts() {
    dynamo.put = r -> {
      throw ScriptedDynamoDb.refused(Map.of());
    };
    dynamo.get = r -> GetItemResponse.builder().build();

    ClusterLockedException e = assertThrows(ClusterLockedException.class,
        () -> locks.acquire("prod", ME, "backup", Duration.ofMinutes(5)));

    assertTrue(e.getMessage().startsWith("cluster prod is busy"), e.getMessage());
    assertEquals(List.of("PutItem", "GetItem", "PutItem", "GetItem", "PutItem", "GetItem"), dynamo.actions());
  }

  @Test
  void otherDynamoDbErrorsAreNotMistakenForALock() {
    dynamo.put = r -> {
      throw ResourceNotFoundException.builder().statusCode(400).message("no table")
          .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException").build()).build();
    };

    assertThrows(AwsCallFailedException.class, () -> locks.acquire("prod", ME, "backup", Duration.ofMinutes(5)));
  }

  @Test
  void anEndedLeaseIsNoHolder() {
    dynamo.get = r -> GetItemResponse.builder().item(item("prod", OTHER, "rolling-upgrade", NOW.minusSeconds(1))).build();

    assertEquals(Optional.empty(), locks.holder("prod"));
  }

  @Test
  void aLeaseHoldsThroughItsLastSecond() {
    Instant until = Instant.ofEpochSecond(NOW.getEpochSecond());
    dynamo.get = r -> GetItemResponse.builder().item(item("prod", OTHER, "rolling-upgrade", until)).build();

    assertEquals(Optional.of(new Lock("prod", OTHER, "rolling-upgrade", NOW.minusSeconds(60), until)),
        locks.holder("prod"));
  }

  @Test
  void aReleaseDynamoDbRefusesReturnsFalse() {
    dynamo.delete = r -> {
      assertEquals("#owner = :owner", r.conditionExpression());
      throw ScriptedDynamoDb.refused(Map.of());
    };

    assertFalse(locks.release("prod", ME));
  }

  static Stream<Arguments> badRequests() {
    ClusterLocks l = new DynamoDbClusterLocks(new ScriptedDynamoDb(), CONFIG, Clock.fixed(NOW, ZoneOffset.UTC));
    Duration lease = Duration.ofMinutes(5);
    return Stream.of(
        Arguments.of("bad cluster", (Executable) () -> l.acquire("Prod!", ME, "backup", lease)),
        Arguments.of("no owner", (Executable) () -> l.acquire("prod", " ", "backup", lease)),
        Arguments.of("no workflow", (Executable) () -> l.acquire("prod", ME, null, lease)),
        Arguments.of("no lease", (Executable) () -> l.acquire("prod", ME, "backup", null)),
        Arguments.of("zero lease", (Executable) () -> l.acquire("prod", ME, "backup", Duration.ZERO)),
        Arguments.of("negative lease", (Executable) () -> l.acquire("prod", ME, "backup", Duration.ofSeconds(-1))),
        Arguments.of("lease over a day", (Executable) () -> l.acquire("prod", ME, "backup", Duration.ofHours(25))),
        Arguments.of("release without owner", (Executable) () -> l.release("prod", "")),
        Arguments.of("holder of a bad cluster", (Executable) () -> l.holder("a_b")),
        Arguments.of("renew with zero lease", (Executable) () -> l.renew("prod", ME, Duration.ZERO)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void rejectsABadRequestBeforeCallingDynamoDb(String what, Executable call) {
    // the scripted client fails the test on any call
    assertThrows(InvalidInputException.class, call);
  }

  @Test
  void needsTheLockTableName() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new DynamoDbClusterLocks(dynamo, Config.from(Map.of("AWS_REGION", "us-east-1")), Clock.systemUTC()));

    assertTrue(e.getMessage().contains("LOCK_TABLE_NAME"), e.getMessage());
  }

  private static Map<String, AttributeValue> item(String cluster, String owner, String workflow, Instant until) {
    return Map.of("cluster", AttributeValue.fromS(cluster), "owner", AttributeValue.fromS(owner),
        "workflow", AttributeValue.fromS(workflow), "acquiredAt", AttributeValue.fromS(NOW.minusSeconds(60).toString()),
        "leaseUntil", AttributeValue.fromN(String.valueOf(until.getEpochSecond())),
        "expiresAt", AttributeValue.fromN(String.valueOf(until.getEpochSecond() + 86_400)));
  }
}
