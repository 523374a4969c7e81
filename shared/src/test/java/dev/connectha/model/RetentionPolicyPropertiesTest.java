package dev.connectha.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Retention over random histories (jqwik): a year and a half of sets of two clusters, every status,
 * several a day or none for weeks, some started after "now", and random policies.
 */
class RetentionPolicyPropertiesTest {
  private static final String CLUSTER = "prod";
  private static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");

  /** A history of sets and the moment retention runs. */
  record History(List<BackupSet> sets, Instant now) {
    List<BackupSet> own() {
      return sets.stream().filter(s -> s.cluster().equals(CLUSTER)).toList();
    }

    List<BackupSet> ownComplete() {
      return own().stream().filter(BackupSet::complete).sorted(BackupSet.NEWEST_FIRST).toList();
    }
  }

  @Property
  void neverExpiresASetInProgress(@ForAll("histories") History h, @ForAll("policies") RetentionPolicy policy) {
    assertTrue(policy.expired(CLUSTER, h.sets(), h.now()).stream().noneMatch(s -> s.status() == BackupStatus.IN_PROGRESS));
  }

  @Property
  void neverExpiresTheNewestCompleteSet(@ForAll("histories") History h, @ForAll("policies") RetentionPolicy policy) {
    List<BackupSet> expired = policy.expired(CLUSTER, h.sets(), h.now());

    h.ownComplete().stream().findFirst().ifPresent(newest -> assertFalse(expired.contains(newest), newest::toString));
  }

  @Property
  void keepsAtLeastTheKeepLastNewestCompleteSets(@ForAll("histories") History h,
      @ForAll("policies") RetentionPolicy policy) {
    List<BackupSet> kept = policy.decide(CLUSTER, h.sets(), h.now()).kept();
    List<BackupSet> newest = h.ownComplete().subList(0, Math.min(policy.keepLast(), h.ownComplete().size()));

    assertTrue(kept.containsAll(newest));
  }

  @Property
  void keepsNoMoreCompleteSetsThanThePolicyHasSlots(@ForAll("histories") History h,
      @ForAll("policies") RetentionPolicy policy) {
    long keptComplete = policy.decide(CLUSTER, h.sets(), h.now()).kept().stream().filter(BackupSet::complete).count();

    assertTrue(keptComplete <= policy.keepLast() + policy.keepDaily() + policy.keepWeekly() + policy.keepMonthly());
  }

  @Property
  void keptAndExpiredSplitTheClustersSetsThatAreNotDeleted(@ForAll("histories") History h,
      @ForAll("policies") RetentionPolicy policy) {
    RetentionPolicy.Decision d = policy.decide(CLUSTER, h.sets(), h.now());
    Set<BackupSet> kept = new HashSet<>(d.kept());
    Set<BackupSet> expired = new HashSet<>(d.expired());

    assertEquals(d.kept().size(), kept.size(), "kept once each");
    assertEquals(d.expired().size(), expired.size(), "expired once each");
    assertTrue(Collections.disjoint(kept, expired));
    Set<BackupSet> all = new HashSet<>(kept);
    all.addAll(expired);
    assertEquals(new HashSet<>(h.own().stream().filter(s -> s.status() != BackupStatus.DELETED).toList()), all);
  }

  @Property
  void theDecisionDoesNotDependOnTheOrderOfTheSets(@ForAll("histories") History h,
      @ForAll("policies") RetentionPolicy policy, @ForAll Random random) {
    List<BackupSet> shuffled = new ArrayList<>(h.sets());
    Collections.shuffle(shuffled, random);

    assertEquals(policy.decide(CLUSTER, h.sets(), h.now()), policy.decide(CLUSTER, shuffled, h.now()));
  }

  @Property
  void neverKeepsOrExpiresASetOfAnotherCluster(@ForAll("histories") History h,
      @ForAll("policies") RetentionPolicy policy) {
    RetentionPolicy.Decision d = policy.decide(CLUSTER, h.sets(), h.now());

    assertTrue(d.expired().stream().allMatch(s -> s.cluster().equals(CLUSTER)));
    assertTrue(d.kept().stream().allMatch(s -> s.cluster().equals(CLUSTER)));
  }

  @Property
  void withOnlyIncompleteSetsNothingIsExpired(@ForAll("histories") History h,
      @ForAll("policies") RetentionPolicy policy) {
    List<BackupSet> incomplete = h.sets().stream().filter(s -> !s.complete()).toList();

    assertEquals(List.of(), policy.expired(CLUSTER, incomplete, h.now()));
  }

  @Property
  void setsThatAreNotCompleteNeverChangeWhichCompleteSetsExpire(@ForAll("histories") History h,
      @ForAll("policies") RetentionPolicy policy) {
    List<BackupSet> completeOnly = h.sets().stream().filter(BackupSet::complete).toList();

    assertEquals(policy.expired(CLUSTER, completeOnly, h.now()),
        policy.expired(CLUSTER, h.sets(), h.now()).stream().filter(BackupSet::complete).toList());
  }

  @Property
  void incompleteAndFailedSetsExpireExactlyWhenOlderThanTheOldestKeptCompleteSet(@ForAll("histories") History h,
      @ForAll("policies") RetentionPolicy policy) {
    RetentionPolicy.Decision d = policy.decide(CLUSTER, h.sets(), h.now());
    Instant oldestKept = d.kept().stream().filter(BackupSet::complete).map(BackupSet::startedAt)
        .min(Instant::compareTo).orElse(null);

    for (BackupSet s : h.own()) {
      if (s.status() == BackupStatus.INCOMPLETE || s.status() == BackupStatus.FAILED) {
        assertEquals(oldestKept != null && s.startedAt().isBefore(oldestKept), d.expired().contains(s), s::toString);
      }
    }
  }

  @Property
  void aLargerPolicyNeverExpiresASetASmallerOneKeeps(@ForAll("histories") History h,
      @ForAll("policies") RetentionPolicy smaller, @ForAll("policies") RetentionPolicy more) {
    RetentionPolicy larger = new RetentionPolicy(smaller.keepLast() + more.keepLast(),
        smaller.keepDaily() + more.keepDaily(), smaller.keepWeekly() + more.keepWeekly(),
        smaller.keepMonthly() + more.keepMonthly());

    assertTrue(policyKeeps(smaller, h).stream().allMatch(policyKeeps(larger, h)::contains));
  }

  @Property
  void runningRetentionAgainAfterDeletingExpiresNothingMore(@ForAll("histories") History h,
      @ForAll("policies") RetentionPolicy policy) {
    List<BackupSet> expired = policy.expired(CLUSTER, h.sets(), h.now());
    List<BackupSet> afterPruning = h.sets().stream()
        .map(s -> expired.contains(s) ? s.withStatus(BackupStatus.DELETED, "retention") : s).toList();

    assertEquals(List.of(), policy.expired(CLUSTER, afterPruning, h.now()));
  }

  // ---- generators -----------------------------------------------------------------------------

  @Provide
  Arbitrary<RetentionPolicy> policies() {
    return Combinators.combine(Arbitraries.integers().between(1, 8), Arbitraries.integers().between(0, 10),
        Arbitraries.integers().between(0, 8), Arbitraries.integers().between(0, 14)).as(RetentionPolicy::new);
  }

  @Provide
  Arbitrary<History> histories() {
    Arbitrary<String> cluster = Arbitraries.frequency(
        Tuple.of(4, CLUSTER), Tuple.of(1, "staging"));
    Arbitrary<BackupStatus> status = Arbitraries.frequency(
        Tuple.of(6, BackupStatus.COMPLETE), Tuple.of(1, BackupStatus.IN_PROGRESS),
        Tuple.of(1, BackupStatus.INCOMPLETE), Tuple.of(1, BackupStatus.FAILED),
        Tuple.of(1, BackupStatus.DELETED));
    // clumped start times: a day within ~16 months, a minute of the day (several sets a day happen)
    Arbitrary<Duration> offset = Combinators.combine(Arbitraries.integers().between(0, 480),
        Arbitraries.integers().between(0, 24 * 60 - 1)).as((day, minute) -> Duration.ofDays(day).plusMinutes(minute));
    Arbitrary<Seed> seed = Combinators.combine(cluster, status, offset).as(Seed::new);
    Arbitrary<Instant> now = Arbitraries.integers().between(400, 540).map(day -> EPOCH.plus(Duration.ofDays(day))
        .plusSeconds(43_210));
    return Combinators.combine(seed.list().ofMaxSize(60), now).as((seeds, at) -> {
      List<BackupSet> sets = new ArrayList<>();
      for (int i = 0; i < seeds.size(); i++) {
        Seed s = seeds.get(i);
        Instant started = EPOCH.plus(s.offset());
        sets.add(new BackupSet("set-" + i, s.cluster(), BackupMode.COLD, started,
            s.status() == BackupStatus.IN_PROGRESS ? null : started.plusSeconds(600), null, null, null, null,
            s.status(), null, List.of(), null));
      }
      return new History(sets, at);
    });
  }

  private record Seed(String cluster, BackupStatus status, Duration offset) {}

  private static List<BackupSet> policyKeeps(RetentionPolicy policy, History h) {
    return policy.decide(CLUSTER, h.sets(), h.now()).kept();
  }
}
