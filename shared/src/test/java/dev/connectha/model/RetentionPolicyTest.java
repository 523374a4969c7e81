package dev.connectha.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.InvalidInputException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetentionPolicyTest {
  private static final String CLUSTER = "prod";

  @Test
  void rejectsKeepingNoLatestSetBecauseThatWouldDeleteEverySet() {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> new RetentionPolicy(0, 7, 4, 12));

    assertTrue(e.getMessage().contains("would delete every backup set"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"1, -1, 0, 0", "1, 0, -1, 0", "1, 0, 0, -1", "-3, 0, 0, 0"})
  void rejectsNegativeCounts(int last, int daily, int weekly, int monthly) {
    assertThrows(InvalidInputException.class, () -> new RetentionPolicy(last, daily, weekly, monthly));
  }

  @Test
  void keepsTheGrandfatherFatherSonSetsOfOneHundredDailyBackups() {
    // daily at 02:00 UTC from 1 January to 10 April 2025 (a Thursday)
    List<BackupSet> sets = Stream.iterate(LocalDate.parse("2025-01-01"), d -> !d.isAfter(LocalDate.parse("2025-04-10")),
        d -> d.plusDays(1)).map(d -> complete(d.toString(), d + "T02:00:00Z")).toList();
    RetentionPolicy policy = new RetentionPolicy(3, 7, 4, 3);

    RetentionPolicy.Decision decision = policy.decide(CLUSTER, sets, Instant.parse("2025-04-10T12:00:00Z"));

    assertEquals(List.of(
            "2025-04-10", "2025-04-09", "2025-04-08", // last 3, and days 4-10 April (7 days)
            "2025-04-07", "2025-04-06", "2025-04-05", "2025-04-04",
            "2025-03-31", // March
            "2025-03-30", "2025-03-23", // the ISO weeks of 24 and 17 March (those of 31 March and 7 April: above)
            "2025-02-28"), // February
        ids(decision.kept()));
    assertEquals(100 - 11, decision.expired().size());
  }

  @Test
  void keepsOnlyTheNewestCompleteSetsWithoutCalendarSlots() {
    List<BackupSet> sets = List.of(complete("a", "2025-03-01T00:00:00Z"), complete("b", "2025-03-02T00:00:00Z"),
        complete("c", "2025-03-03T00:00:00Z"), complete("d", "2025-03-04T00:00:00Z"));

    RetentionPolicy.Decision decision = new RetentionPolicy(2, 0, 0, 0).decide(CLUSTER, sets, at("2025-03-05"));

    assertEquals(List.of("d", "c"), ids(decision.kept()));
    assertEquals(List.of("b", "a"), ids(decision.expired()));
  }

  @Test
  void keepsTheNewestSetOfEachDayAndADayWithoutASetDoesNotReachFurtherBack() {
    List<BackupSet> sets = List.of(
        complete("mon-early", "2025-03-03T01:00:00Z"), complete("mon-late", "2025-03-03T23:00:00Z"),
        complete("tue", "2025-03-04T12:00:00Z"),
        // nothing on Wednesday 5 March
        complete("thu", "2025-03-06T12:00:00Z"));

    List<BackupSet> expired = new RetentionPolicy(1, 3, 0, 0).expired(CLUSTER, sets, Instant.parse("2025-03-06T18:00:00Z"));

    // the last 3 days are 4, 5 and 6 March: Monday is outside, however few days had a set
    assertEquals(List.of("mon-late", "mon-early"), ids(expired));
  }

  @Test
  void weeksAreIsoWeeksFromMondayToSundayInUtc() {
    List<BackupSet> sets = List.of(
        complete("sun", "2025-03-09T23:59:59Z"), complete("mon", "2025-03-10T00:00:00Z"),
        complete("tue", "2025-03-11T00:00:00Z"));

    List<BackupSet> expired = new RetentionPolicy(1, 0, 2, 0).expired(CLUSTER, sets, at("2025-03-12"));

    assertEquals(List.of("mon"), ids(expired), "Sunday is the newest of the week before; Monday only second in its own");
  }

  @Test
  void anIsoWeekRunsAcrossTheYearEnd() {
    // Monday 30 December 2024 to Sunday 5 January 2025 is ISO week 2025-W01
    List<BackupSet> sets = List.of(complete("tue-2024", "2024-12-31T12:00:00Z"),
        complete("thu-2025", "2025-01-02T12:00:00Z"));

    assertEquals(List.of("tue-2024"), ids(new RetentionPolicy(1, 0, 1, 0).expired(CLUSTER, sets, at("2025-01-03"))));
    assertEquals(List.of(), new RetentionPolicy(1, 0, 0, 2).expired(CLUSTER, sets, at("2025-01-03")),
        "the months differ, so a monthly slot keeps the December set");
  }

  @Test
  void monthsEndAtMidnightUtc() {
    List<BackupSet> sets = List.of(complete("jan", "2025-01-31T23:30:00Z"), complete("feb", "2025-02-01T00:30:00Z"),
        complete("feb-later", "2025-02-10T00:00:00Z"));

    List<BackupSet> expired = new RetentionPolicy(1, 0, 0, 2).expired(CLUSTER, sets, at("2025-02-11"));

    assertEquals(List.of("feb"), ids(expired));
  }

  @Test
  void aSetDatedAfterNowCountsAsTodays() {
    // a clock a little ahead where the set was recorded: it competes for today's slot, not a day of its own
    List<BackupSet> sets = List.of(complete("today", "2025-03-06T10:00:00Z"),
        complete("ahead", "2025-03-07T00:00:05Z"));

    List<BackupSet> expired = new RetentionPolicy(1, 1, 0, 0).expired(CLUSTER, sets, Instant.parse("2025-03-06T23:59:59Z"));

    assertEquals(List.of("today"), ids(expired));
  }

  @Test
  void incompleteAndFailedSetsTakeNoSlotAndGoOnceOlderThanTheOldestKeptCompleteSet() {
    List<BackupSet> sets = List.of(
        complete("c1", "2025-03-01T00:00:00Z"),
        set("f2", "2025-03-02T00:00:00Z", BackupStatus.FAILED),
        complete("c3", "2025-03-03T00:00:00Z"),
        set("i4", "2025-03-04T00:00:00Z", BackupStatus.INCOMPLETE),
        complete("c5", "2025-03-05T00:00:00Z"),
        set("f6", "2025-03-06T00:00:00Z", BackupStatus.FAILED));

    RetentionPolicy.Decision decision = new RetentionPolicy(2, 0, 0, 0).decide(CLUSTER, sets, at("2025-03-07"));

    assertEquals(List.of("f6", "c5", "i4", "c3"), ids(decision.kept()), "two COMPLETE sets kept, not f6 and c5");
    assertEquals(List.of("f2", "c1"), ids(decision.expired()));
  }

  @Test
  void anIncompleteSetAsOldAsTheOldestKeptSetStays() {
    List<BackupSet> sets = List.of(complete("c", "2025-03-01T00:00:00Z"),
        set("f", "2025-03-01T00:00:00Z", BackupStatus.FAILED));

    assertEquals(List.of(), new RetentionPolicy(1, 0, 0, 0).expired(CLUSTER, sets, at("2025-03-02")));
  }

  @Test
  void withoutAnyCompleteSetNothingIsExpired() {
    List<BackupSet> sets = List.of(set("f1", "2024-01-01T00:00:00Z", BackupStatus.FAILED),
        set("i2", "2024-06-01T00:00:00Z", BackupStatus.INCOMPLETE),
        set("p3", "2024-07-01T00:00:00Z", BackupStatus.IN_PROGRESS));

    assertEquals(List.of(), new RetentionPolicy(1, 0, 0, 0).expired(CLUSTER, sets, at("2025-03-02")));
  }

  @Test
  void aSetInProgressIsNeverExpiredHoweverOld() {
    List<BackupSet> sets = List.of(set("stuck", "2024-01-01T00:00:00Z", BackupStatus.IN_PROGRESS),
        complete("c1", "2025-03-01T00:00:00Z"), complete("c2", "2025-03-02T00:00:00Z"));

    RetentionPolicy.Decision decision = new RetentionPolicy(1, 0, 0, 0).decide(CLUSTER, sets, at("2025-03-03"));

    assertEquals(List.of("c2", "stuck"), ids(decision.kept()));
    assertEquals(List.of("c1"), ids(decision.expired()));
  }

  @Test
  void deletedSetsAreHistoryNeitherKeptNorExpired() {
    List<BackupSet> sets = List.of(set("gone", "2025-01-01T00:00:00Z", BackupStatus.DELETED),
        complete("c1", "2025-03-01T00:00:00Z"));

    RetentionPolicy.Decision decision = new RetentionPolicy(1, 0, 0, 0).decide(CLUSTER, sets, at("2025-03-03"));

    assertEquals(List.of("c1"), ids(decision.kept()));
    assertEquals(List.of(), decision.expired());
  }

  @Test
  void setsOfAnotherClusterAreNeverKeptNorExpired() {
    BackupSet foreign = new BackupSet("old", "staging", BackupMode.COLD, Instant.parse("2020-01-01T00:00:00Z"),
        null, null, null, null, null, BackupStatus.COMPLETE, null, List.of(), null);
    List<BackupSet> sets = List.of(foreign, complete("c1", "2025-03-01T00:00:00Z"),
        complete("c2", "2025-03-02T00:00:00Z"));

    RetentionPolicy.Decision decision = new RetentionPolicy(1, 0, 0, 0).decide(CLUSTER, sets, at("2025-03-03"));

    assertEquals(List.of("c2"), ids(decision.kept()));
    assertEquals(List.of("c1"), ids(decision.expired()));
  }

  @Test
  void theSameRecordTwiceCountsOnceButTwoRecordsOfOneSetAreRefused() {
    BackupSet c1 = complete("c1", "2025-03-01T00:00:00Z");
    BackupSet c2 = complete("c2", "2025-03-02T00:00:00Z");
    RetentionPolicy policy = new RetentionPolicy(1, 0, 0, 0);

    assertEquals(List.of(c1), policy.expired(CLUSTER, List.of(c2, c1, c1), at("2025-03-03")));
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> policy.expired(CLUSTER,
        List.of(c1, c2, c1.withStatus(BackupStatus.FAILED, "other record")), at("2025-03-03")));
    assertTrue(e.getMessage().contains("c1"), e.getMessage());
  }

  @Test
  void refusesAMissingSetOrClusterBeforeDecidingAnything() {
    RetentionPolicy policy = new RetentionPolicy(1, 0, 0, 0);
    List<BackupSet> withNull = new ArrayList<>();
    withNull.add(null);

    assertThrows(InvalidInputException.class, () -> policy.expired(CLUSTER, withNull, at("2025-03-03")));
    assertThrows(InvalidInputException.class, () -> policy.expired("Not A Cluster", List.of(), at("2025-03-03")));
    assertThrows(InvalidInputException.class, () -> policy.expired(CLUSTER, List.of(), null));
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static Instant at(String day) {
    return Instant.parse(day + "T12:00:00Z");
  }

  private static BackupSet complete(String id, String startedAt) {
    return set(id, startedAt, BackupStatus.COMPLETE);
  }

  private static BackupSet set(String id, String startedAt, BackupStatus status) {
    Instant started = Instant.parse(startedAt);
    return new BackupSet(id, CLUSTER, BackupMode.COLD, started,
        status == BackupStatus.IN_PROGRESS ? null : started.plusSeconds(900), ConnectVersion.parse("2024.08.0"),
        null, null, null, status, null, List.of(), null);
  }

  private static List<String> ids(List<BackupSet> sets) {
    return sets.stream().map(BackupSet::setId).toList();
  }
}
