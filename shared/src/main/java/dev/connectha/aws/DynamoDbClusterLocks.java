package dev.connectha.aws;

import dev.connectha.config.Config;
import dev.connectha.errors.ClusterLockedException;
import dev.connectha.errors.ConnectHaException;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.model.ClusterName;
import dev.connectha.ports.ClusterLocks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Cluster locks in the lock table (hash key {@code cluster}), one item per held lock:
 * {@code owner}, {@code workflow}, {@code acquiredAt} (ISO-8601), {@code leaseUntil} (epoch
 * seconds) and {@code expiresAt} (epoch seconds, a day after the lease: the table's TTL attribute,
 * so that locks of crashed workflows do not pile up). Every change is one conditional write, so two
 * workflows can never both hold a lock. Time comes from the injected clock; DynamoDB compares the
 * numbers it is given.
 */
public final class DynamoDbClusterLocks implements ClusterLocks {
  /** How long an item outlives its lease before DynamoDB's TTL removes it. */
  static final Duration TTL_AFTER_LEASE = Duration.ofDays(1);
  /** Attempts of {@link #acquire} when the holder vanishes between a refused write and the read. */
  private static final int ATTEMPTS = 3;
  private static final String FREE_OR_EXPIRED_OR_MINE =
      "attribute_not_exists(#cluster) OR #leaseUntil < :now OR #owner = :owner";

  private final DynamoDbClient dynamo;
  private final String table;
  private final Clock clock;

  @Inject
  public DynamoDbClusterLocks(DynamoDbClient dynamo, Config config, Clock clock) {
    if (config.lockTable().isBlank()) {
      throw new IllegalStateException("LOCK_TABLE_NAME is not set");
    }
    this.dynamo = dynamo;
    this.table = config.lockTable();
    this.clock = clock;
  }

  @Override
  public Lock acquire(String cluster, String owner, String workflow, Duration lease) {
    ClusterName.require(cluster);
    requireText("owner", owner);
    requireText("workflow", workflow);
    requireLease(lease);
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Instant now = clock.instant();
      Lock wanted = new Lock(cluster, owner, workflow, now, leaseEnd(now, lease));
      try {
        AwsCalls.call("lock cluster " + cluster + " in " + table, () -> dynamo.putItem(r -> r
            .tableName(table)
            .item(item(wanted))
            .conditionExpression(FREE_OR_EXPIRED_OR_MINE)
            .expressionAttributeNames(Map.of("#cluster", "cluster", "#leaseUntil", "leaseUntil", "#owner", "owner"))
            .expressionAttributeValues(Map.of(":now", number(now.getEpochSecond()), ":owner", text(owner)))
            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        return wanted;
      } catch (ConnectHaException e) {
        if (!(e.getCause() instanceof ConditionalCheckFailedException refused)) {
          throw e;
        }
        Optional<Lock> holder = holderAfterRefusal(cluster, refused)
            .filter(h -> !h.owner().equals(owner) && h.heldAt(clock.instant()));
        if (holder.isPresent()) {
          throw locked(cluster, holder);
        }
        // Without the refused item (DynamoDB returns it; some emulators do not) the read can find the
        // lock released or ended already: then the next attempt takes it.
      }
    }
    throw locked(cluster, Optional.empty());
  }

  @Override
  public boolean release(String cluster, String owner) {
    ClusterName.require(cluster);
    requireText("owner", owner);
    try {
      AwsCalls.call("unlock cluster " + cluster + " in " + table, () -> dynamo.deleteItem(r -> r
          .tableName(table)
          .key(Map.of("cluster", text(cluster)))
          .conditionExpression("#owner = :owner")
          .expressionAttributeNames(Map.of("#owner", "owner"))
          .expressionAttributeValues(Map.of(":owner", text(owner)))));
      return true;
    } catch (ConnectHaException e) {
      if (e.getCause() instanceof ConditionalCheckFailedException) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public Optional<Lock> holder(String cluster) {
    ClusterName.require(cluster);
    Instant now = clock.instant();
    return read(cluster).filter(lock -> lock.heldAt(now));
  }

  @Override
  public Lock renew(String cluster, String owner, Duration lease) {
    ClusterName.require(cluster);
    requireText("owner", owner);
    requireLease(lease);
    Instant leaseUntil = leaseEnd(clock.instant(), lease);
    try {
      Map<String, AttributeValue> renewed = AwsCalls.call("renew lock of cluster " + cluster + " in " + table,
          () -> dynamo.updateItem(r -> r
              .tableName(table)
              .key(Map.of("cluster", text(cluster)))
              .updateExpression("SET #leaseUntil = :leaseUntil, #expiresAt = :expiresAt")
              .conditionExpression("#owner = :owner")
              .expressionAttributeNames(Map.of("#leaseUntil", "leaseUntil", "#expiresAt", "expiresAt", "#owner", "owner"))
              .expressionAttributeValues(Map.of(
                  ":leaseUntil", number(leaseUntil.getEpochSecond()),
                  ":expiresAt", number(leaseUntil.plus(TTL_AFTER_LEASE).getEpochSecond()),
                  ":owner", text(owner)))
              .returnValues(ReturnValue.ALL_NEW)
              .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD))).attributes();
      return lock(cluster, renewed);
    } catch (ConnectHaException e) {
      if (e.getCause() instanceof ConditionalCheckFailedException refused) {
        Optional<Lock> holder = holderAfterRefusal(cluster, refused).filter(l -> l.heldAt(clock.instant()));
        if (holder.isPresent()) {
          throw locked(cluster, holder);
        }
        throw new PreconditionFailedException("cluster " + cluster + " is not locked by " + owner
            + ": nothing to renew (the lock was released or taken over and has ended); acquire it again", e);
      }
      throw e;
    }
  }

  /** The item a refused write saw (DynamoDB returns it), else a consistent read of it. */
  private Optional<Lock> holderAfterRefusal(String cluster, ConditionalCheckFailedException refused) {
    if (refused.hasItem() && !refused.item().isEmpty()) {
      return Optional.of(lock(cluster, refused.item()));
    }
    return read(cluster);
  }

  private Optional<Lock> read(String cluster) {
    Map<String, AttributeValue> item = AwsCalls.call("read lock of cluster " + cluster + " in " + table,
        () -> dynamo.getItem(r -> r.tableName(table).key(Map.of("cluster", text(cluster))).consistentRead(true)))
        .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(lock(cluster, item));
  }

  private static ClusterLockedException locked(String cluster, Optional<Lock> holder) {
    return new ClusterLockedException(holder
        .map(h -> "cluster " + cluster + " is locked by " + h.workflow() + " " + h.owner() + " until " + h.leaseUntil())
        .orElse("cluster " + cluster + " is busy: every attempt to lock it was refused by a holder that released it "
            + "before it could be read; try again"));
  }

  private static Map<String, AttributeValue> item(Lock lock) {
    return Map.of(
        "cluster", text(lock.cluster()),
        "owner", text(lock.owner()),
        "workflow", text(lock.workflow()),
        "acquiredAt", text(lock.acquiredAt().toString()),
        "leaseUntil", number(lock.leaseUntil().getEpochSecond()),
        "expiresAt", number(lock.leaseUntil().plus(TTL_AFTER_LEASE).getEpochSecond()));
  }

  private static Lock lock(String cluster, Map<String, AttributeValue> item) {
    return new Lock(cluster, item.get("owner").s(), item.get("workflow").s(), Instant.parse(item.get("acquiredAt").s()),
        Instant.ofEpochSecond(Long.parseLong(item.get("leaseUntil").n())));
  }

  /** The lease's end, rounded up to the second: never shorter than asked for. */
  private static Instant leaseEnd(Instant now, Duration lease) {
    Instant end = now.plus(lease);
    return end.getNano() == 0 ? end : Instant.ofEpochSecond(end.getEpochSecond() + 1);
  }

  private static void requireLease(Duration lease) {
    if (lease == null || lease.isNegative() || lease.isZero() || lease.compareTo(MAX_LEASE) > 0) {
      throw new InvalidInputException("a lock lease must be longer than 0 and at most " + MAX_LEASE + ": " + lease);
    }
  }

  private static void requireText(String what, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidInputException("a cluster lock needs its " + what);
    }
  }

  private static AttributeValue text(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue number(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
