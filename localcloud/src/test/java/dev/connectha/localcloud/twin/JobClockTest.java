package dev.connectha.localcloud.twin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobClockTest {
  private static final Instant START = Instant.parse("2024-08-01T10:00:00Z");

  private static JobClock clock(JobType type, String failure) {
    return new JobClock(type, START, Duration.ofSeconds(10), failure);
  }

  private static Instant at(double seconds) {
    return START.plusMillis((long) (seconds * 1000));
  }

  @ParameterizedTest(name = "{0} at {1}s: {2}")
  @CsvSource({
      "BACKUP,  0,    CREATED",
      "BACKUP,  0.99, CREATED",
      "BACKUP,  1,    PENDING",
      "BACKUP,  2,    RUNNING",
      "BACKUP,  9.99, RUNNING",
      "BACKUP,  10,   COMPLETED",
      "BACKUP,  3600, COMPLETED",
      "COPY,    1,    CREATED",
      "COPY,    2,    RUNNING",
      "COPY,    10,   COMPLETED",
      "RESTORE, 1,    PENDING",
      "RESTORE, 5,    RUNNING",
      "RESTORE, 10,   COMPLETED",
      "DB_SNAPSHOT,      0,  creating",
      "DB_SNAPSHOT,      10, available",
      "DB_SNAPSHOT_COPY, 9,  creating",
      "DB_SNAPSHOT_COPY, 10, available"})
  void aJobWalksThroughAwsStatesOfItsTypeByTheWallClock(JobType type, double seconds, String state) {
    assertEquals(state, clock(type, null).stateAt(at(seconds)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({"BACKUP, FAILED", "COPY, FAILED", "RESTORE, FAILED", "DB_SNAPSHOT, failed", "DB_SNAPSHOT_COPY, failed"})
  void aFailingJobRunsItsCourseThenFails(JobType type, String failed) {
    JobClock clock = clock(type, "disk full");

    assertFalse(clock.stateAt(at(5)).equalsIgnoreCase("failed"), "fails only at its end");
    assertEquals(failed, clock.stateAt(at(10)));
    assertTrue(clock.fails());
    assertEquals("disk full", clock.failure());
  }

  @Test
  void percentDoneGrowsAndReaches100OnlyWhenDone() {
    JobClock clock = clock(JobType.BACKUP, null);

    List<Integer> percents = List.of(0.0, 2.5, 5.0, 9.999, 10.0).stream().map(s -> clock.percentAt(at(s))).toList();

    assertEquals(List.of(0, 25, 50, 99, 100), percents);
  }

  @Test
  void aJobOfNoDurationIsDoneAtOnce() {
    JobClock clock = new JobClock(JobType.RESTORE, START, Duration.ZERO, null);

    assertTrue(clock.doneAt(START));
    assertEquals("COMPLETED", clock.stateAt(START));
    assertEquals(100, clock.percentAt(START));
    assertEquals(START, clock.endsAt());
  }

  @Test
  void beforeItsStartAJobIsAtItsFirstState() {
    assertEquals("CREATED", clock(JobType.BACKUP, null).stateAt(START.minusSeconds(1)));
    assertEquals(0, clock(JobType.BACKUP, null).percentAt(START.minusSeconds(1)));
  }

  @Test
  void aNegativeDurationIsABug() {
    assertThrows(IllegalArgumentException.class,
        () -> new JobClock(JobType.BACKUP, START, Duration.ofSeconds(-1), null));
  }
}
