package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.ports.ClusterLocks;
import dev.connectha.ports.ClusterLocks.Lock;
import dev.connectha.aws.DynamoDbBackupSets;
import dev.connectha.aws.DynamoDbClusterLocks;
import dev.connectha.config.Config;
import dev.connectha.errors.AwsThrottledException;
import dev.connectha.errors.BackupSetNotFoundException;
import dev.connectha.errors.ClusterLockedException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.localcloud.twin.Twin;
import dev.connectha.model.BackupMode;
import dev.connectha.model.BackupSet;
import dev.connectha.model.BackupSet.CopyStatus;
import dev.connectha.model.BackupSet.DrCopy;
import dev.connectha.model.BackupStatus;
import dev.connectha.model.ConnectVersion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * The cluster lock and the backup set store (the shared module's DynamoDB adapters) run for real
 * against the tables the deployer created from template.yaml, through the gateway, with the
 * environment the template gives a function. Time is a clock the test moves; every test works on
 * clusters of its own.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LockAndBackupSetIT {
  private static final Duration LEASE = Duration.ofMinutes(10);
  private static final String UPGRADE = "arn:aws:states:us-east-1:123456789012:execution:connect-ha-rolling-upgrade:";
  private static final String BACKUP = "arn:aws:states:us-east-1:123456789012:execution:connect-ha-backup:";

  private final LocalCloud cloud;
  private final TestClock clock = new TestClock();
  private RealAdapters adapters;
  private Config config;
  private ClusterLocks locks;
  private DynamoDbBackupSets backupSets;
  private String cluster;

  LockAndBackupSetIT(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @BeforeAll
  void deployTheTemplateAndBuildTheAdapters() {
    cloud.reset(Twin.Spec.defaults());
    config = Config.from(cloud.environmentOf("DescribeClusterFunction"));
    adapters = new RealAdapters(config);
    locks = adapters.clusterLocks(clock);
    backupSets = adapters.backupSets(null);
  }

  @BeforeEach
  void aClusterOfItsOwnAndTheClockOnAWholeSecond() {
    cluster = "c-" + UUID.randomUUID().toString().substring(0, 8);
    clock.set(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  }

  @AfterAll
  void closeClients() {
    adapters.close();
  }

  // ---- the tables -----------------------------------------------------------------------------

  @Test
  void theDeployerCreatesBothTablesFromTheTemplateWithTheirKeysAndTheLockTtl() {
    var lockTable = cloud.clients().dynamodb.describeTable(b -> b.tableName(config.lockTable())).table();
    var setTable = cloud.clients().dynamodb.describeTable(b -> b.tableName(config.backupSetTable())).table();
    var ttl = cloud.clients().dynamodb.describeTimeToLive(b -> b.tableName(config.lockTable()))
        .timeToLiveDescription();

    assertAll(
        () -> assertEquals("connect-ha-locks", config.lockTable()),
        () -> assertEquals("connect-ha-backup-sets", config.backupSetTable()),
        () -> assertEquals(Map.of("cluster", "HASH"), keys(lockTable.keySchema())),
        () -> assertEquals(Map.of("cluster", "HASH", "setId", "RANGE"), keys(setTable.keySchema())),
        () -> assertEquals(TimeToLiveStatus.ENABLED, ttl.timeToLiveStatus()),
        () -> assertEquals("expiresAt", ttl.attributeName()));
  }

  // ---- ClusterLocks ---------------------------------------------------------------------------

  @Test
  void aFreeClusterIsLockedForTheLeaseAndTheItemCarriesItsTtl() {
    Lock lock = locks.acquire(cluster, UPGRADE + "one", "rolling-upgrade", LEASE);

    assertEquals(new Lock(cluster, UPGRADE + "one", "rolling-upgrade", clock.instant(), clock.instant().plus(LEASE)), lock);
    assertEquals(Optional.of(lock), locks.holder(cluster));
    var item = cloud.clients().dynamodb.getItem(b -> b.tableName(config.lockTable())
        .key(Map.of("cluster", AttributeValue.fromS(cluster)))).item();
    assertEquals(String.valueOf(lock.leaseUntil().getEpochSecond()), item.get("leaseUntil").n());
    assertEquals(String.valueOf(lock.leaseUntil().plus(Duration.ofDays(1)).getEpochSecond()), item.get("expiresAt").n());
  }

  @Test
  void aSecondOwnerCannotTakeAHeldLockAndLearnsWhoHoldsIt() {
    Lock held = locks.acquire(cluster, UPGRADE + "one", "rolling-upgrade", LEASE);
    clock.advance(Duration.ofMinutes(9));

    ClusterLockedException e = assertThrows(ClusterLockedException.class,
        () -> locks.acquire(cluster, BACKUP + "two", "backup", LEASE));

    assertEquals("cluster " + cluster + " is locked by rolling-upgrade " + UPGRADE + "one until " + held.leaseUntil(),
        e.getMessage());
    assertFalse(e.retryable());
    assertEquals(Optional.of(held), locks.holder(cluster));
  }

  @Test
  void anExpiredLeaseIsTakenOverByAnotherOwner() {
    locks.acquire(cluster, UPGRADE + "crashed", "rolling-upgrade", Duration.ofSeconds(30));
    clock.advance(Duration.ofSeconds(31));
    assertEquals(Optional.empty(), locks.holder(cluster), "an ended lease counts as free");

    Lock taken = locks.acquire(cluster, BACKUP + "next", "backup", LEASE);

    assertEquals(Optional.of(taken), locks.holder(cluster));
    assertFalse(locks.release(cluster, UPGRADE + "crashed"), "the crashed owner's late release changes nothing");
    assertEquals(Optional.of(taken), locks.holder(cluster));
  }

  @Test
  void aLeaseLastsUntilTheEndOfItsLastSecond() {
    Lock held = locks.acquire(cluster, UPGRADE + "one", "rolling-upgrade", Duration.ofSeconds(30));
    clock.advance(Duration.ofMillis(30_999));

    assertThrows(ClusterLockedException.class, () -> locks.acquire(cluster, BACKUP + "two", "backup", LEASE));
    assertEquals(Optional.of(held), locks.holder(cluster));
  }

  @Test
  void theSameOwnerReacquiresItsLockAndTheLeaseStartsAgain() {
    locks.acquire(cluster, UPGRADE + "one", "rolling-upgrade", LEASE);
    clock.advance(Duration.ofMinutes(5));

    Lock again = locks.acquire(cluster, UPGRADE + "one", "rolling-upgrade", LEASE);

    assertEquals(clock.instant().plus(LEASE), again.leaseUntil());
    assertEquals(Optional.of(again), locks.holder(cluster));
  }

  @Test
  void releaseByANonOwnerLeavesTheLockInPlaceAndTheOwnersReleaseFreesIt() {
    Lock held = locks.acquire(cluster, UPGRADE + "one", "rolling-upgrade", LEASE);

    assertFalse(locks.release(cluster, BACKUP + "two"));
    assertEquals(Optional.of(held), locks.holder(cluster));

    assertTrue(locks.release(cluster, UPGRADE + "one"));
    assertEquals(Optional.empty(), locks.holder(cluster));
    assertFalse(locks.release(cluster, UPGRADE + "one"), "releasing twice is a no-op");
  }

  @Test
  void releasingALockThatWasNeverTakenIsANoOp() {
    assertFalse(locks.release(cluster, UPGRADE + "one"));
    assertEquals(Optional.empty(), locks.holder(cluster));
  }

  @Test
  void theHolderRenewsItsLeaseAndNobodyElseCan() {
    locks.acquire(cluster, UPGRADE + "one", "rolling-upgrade", Duration.ofMinutes(1));
    clock.advance(Duration.ofSeconds(50));

    Lock renewed = locks.renew(cluster, UPGRADE + "one", Duration.ofMinutes(1));
    clock.advance(Duration.ofSeconds(50));

    assertEquals(clock.instant().plusSeconds(10), renewed.leaseUntil());
    assertThrows(ClusterLockedException.class, () -> locks.acquire(cluster, BACKUP + "two", "backup", LEASE),
        "100 s after a 60 s lease, the renewed lease still holds");
    ClusterLockedException e = assertThrows(ClusterLockedException.class,
        () -> locks.renew(cluster, BACKUP + "two", LEASE));
    assertTrue(e.getMessage().contains(UPGRADE + "one"), e.getMessage());
    assertEquals(Optional.of(renewed), locks.holder(cluster));
  }

  @Test
  void renewingAReleasedLockIsRefused() {
    locks.acquire(cluster, UPGRADE + "one", "rolling-upgrade", LEASE);
    locks.release(cluster, UPGRADE + "one");

    PreconditionFailedException e = assertThrows(PreconditionFailedException.class,
        () -> locks.renew(cluster, UPGRADE + "one", LEASE));

    assertTrue(e.getMessage().contains("not locked by " + UPGRADE + "one"), e.getMessage());
    assertEquals(Optional.empty(), locks.holder(cluster), "a refused renew does not create a lock");
  }

  @Test
  void ofEightOwnersAcquiringAtOnceExactlyOneWinsAndTheOthersAreToldWho() throws Exception {
    int owners = 8;
    for (int round = 0; round < 5; round++) {
      String contested = cluster + "-" + round;
      CountDownLatch ready = new CountDownLatch(owners);
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(owners);
      try {
        List<Future<Optional<Lock>>> attempts = new ArrayList<>();
        for (int i = 0; i < owners; i++) {
          String owner = BACKUP + "owner-" + i;
          attempts.add(pool.submit(() -> {
            ready.countDown();
            go.await();
            try {
              return Optional.of(locks.acquire(contested, owner, "backup", LEASE));
            } catch (ClusterLockedException e) {
              return Optional.<Lock>empty();
            }
          }));
        }
        assertTrue(ready.await(10, TimeUnit.SECONDS));
        go.countDown();
        List<Lock> winners = new ArrayList<>();
        for (Future<Optional<Lock>> attempt : attempts) {
          attempt.get(30, TimeUnit.SECONDS).ifPresent(winners::add);
        }

        assertEquals(1, winners.size(), "round " + round + ": " + winners);
        assertEquals(Optional.of(winners.get(0)), locks.holder(contested));
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void throttlingOfPutItemSurfacesAsAwsThrottledException() {
    cloud.gateway().injectFault("dynamodb", "PutItem", 400, "ThrottlingException", 10);
    try {
      AwsThrottledException lock = assertThrows(AwsThrottledException.class,
          () -> locks.acquire(cluster, UPGRADE + "one", "rolling-upgrade", LEASE));
      AwsThrottledException set = assertThrows(AwsThrottledException.class,
          () -> backupSets.put(started("s1", clock.instant())));

      assertTrue(lock.retryable());
      assertTrue(lock.getMessage().contains("ThrottlingException"), lock.getMessage());
      assertTrue(set.getMessage().contains("ThrottlingException"), set.getMessage());
    } finally {
      cloud.gateway().clearFaults();
    }
    assertEquals(Optional.empty(), locks.holder(cluster));
  }

  // ---- BackupSets -----------------------------------------------------------------------------

  @Test
  void aBackupSetIsPutReadAndUpdatedUntilComplete() {
    BackupSet started = started("2025-03-04-cold", clock.instant());

    assertEquals(started, backupSets.put(started));
    assertEquals(started, backupSets.get(cluster, started.setId()));

    BackupSet complete = started
        .withDbSnapshot("connect-ha-" + cluster + "-2025-03-04-cold", "arn:aws:rds:us-east-1:123456789012:snapshot:x")
        .withEfsRecoveryPoint("arn:aws:backup:us-east-1:123456789012:recovery-point:abc")
        .withCompletedAt(clock.instant().plusSeconds(600))
        .withStatus(BackupStatus.COMPLETE, null)
        .withDrCopy(new DrCopy("us-west-2", "arn:aws:rds:us-west-2:123456789012:snapshot:x", null, CopyStatus.IN_PROGRESS, null));
    backupSets.update(complete);

    assertEquals(complete, backupSets.get(cluster, started.setId()));
  }

  @Test
  void setsAreListedNewestFirstAcrossEveryPageAndOnlyForTheirCluster() {
    DynamoDbBackupSets twoPerPage = adapters.backupSets(2);
    Instant t = clock.instant();
    // ids that sort the other way round from time: the list must order by startedAt
    List<BackupSet> newestFirst = List.of(
        started("a-newest", t.plusSeconds(5)),
        started("b", t.plusSeconds(4)),
        started("c", t.plusSeconds(3)).withStatus(BackupStatus.FAILED, "snapshot quota"),
        started("d", t.plusSeconds(2)),
        started("e-oldest", t.plusSeconds(1)));
    for (int i : new int[] {2, 4, 0, 3, 1}) {
      twoPerPage.put(newestFirst.get(i));
    }
    twoPerPage.put(BackupSet.started("other-cluster", cluster + "-x", BackupMode.ONLINE, t.plusSeconds(9), null));
    cloud.gateway().resetCounts();

    List<BackupSet> listed = twoPerPage.list(cluster);

    assertEquals(newestFirst, listed);
    assertTrue(cloud.gateway().callCounts().getOrDefault("dynamodb:Query", 0) >= 3, () -> cloud.gateway().callCounts()
        .toString());
    assertEquals(List.of(), backupSets.list("no-sets-" + cluster.substring(2)));
  }

  @Test
  void puttingTheSameSetAgainIsHarmlessButADifferentOneUnderItsIdIsRefused() {
    BackupSet set = started("s1", clock.instant());
    backupSets.put(set);

    assertEquals(set, backupSets.put(set), "a retried put");
    PreconditionFailedException e = assertThrows(PreconditionFailedException.class,
        () -> backupSets.put(started("s1", clock.instant().plusSeconds(60))));

    assertTrue(e.getMessage().contains("s1"), e.getMessage());
    assertEquals(set, backupSets.get(cluster, "s1"));
  }

  @Test
  void gettingOrUpdatingAnUnknownSetIsBackupSetNotFound() {
    BackupSetNotFoundException get = assertThrows(BackupSetNotFoundException.class,
        () -> backupSets.get(cluster, "never-taken"));
    BackupSetNotFoundException update = assertThrows(BackupSetNotFoundException.class,
        () -> backupSets.update(started("never-taken", clock.instant())));

    assertEquals("cluster " + cluster + " has no backup set never-taken", get.getMessage());
    assertFalse(get.retryable());
    assertEquals(get.getMessage(), update.getMessage());
    assertThrows(BackupSetNotFoundException.class, () -> backupSets.get(cluster, "never-taken"),
        "a refused update creates nothing");
  }

  // ---- helpers --------------------------------------------------------------------------------

  private BackupSet started(String setId, Instant at) {
    return BackupSet.started(setId, cluster, BackupMode.COLD, at, ConnectVersion.parse("2024.08.0"));
  }

  private static Map<String, String> keys(List<KeySchemaElement> schema) {
    return schema.stream().collect(Collectors.toMap(KeySchemaElement::attributeName,
        KeySchemaElement::keyTypeAsString));
  }

  /** A clock the test moves by hand. */
  private static final class TestClock extends Clock {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.EPOCH);

    void set(Instant instant) {
      now.set(instant);
    }

    void advance(Duration by) {
      now.updateAndGet(t -> t.plus(by));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
