package dev.connectha.backup;

import static dev.connectha.backup.FakeRestoreCloud.CLUSTER;
import static dev.connectha.backup.FakeRestoreCloud.REGION;
import static dev.connectha.backup.FakeRestoreCloud.SET;
import static dev.connectha.backup.FakeRestoreCloud.SNAPSHOT_ARN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.config.Polling;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.BackupStatus;
import dev.connectha.model.backup.BackupJob;
import dev.connectha.model.backup.DatabaseSnapshot;
import dev.connectha.model.backup.JobState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CheckBackupSet's wait for a set taken while Connect is down, with fakes and pauses that only count. */
class BackupSetAwaitTest {
  static final String JOB = "job-backup-1";
  static final Duration EVERY = Duration.ofMillis(250);
  static final Instant STARTED = Instant.parse("2024-10-01T03:00:00Z");

  final FakeRestoreCloud cloud = new FakeRestoreCloud();
  final List<Duration> pauses = new ArrayList<>();
  /** After this many pauses both halves finish (never, when negative). */
  int finishAfterPauses = -1;

  final BackupSetService service = cloud.backupSetService(Clock.fixed(STARTED, ZoneOffset.UTC), pause -> {
    pauses.add(pause);
    if (pauses.size() == finishAfterPauses) {
      snapshot("available");
      job(JobState.COMPLETED);
    }
  });

  @BeforeEach
  void aSetInProgress() {
    cloud.setStatus(BackupStatus.IN_PROGRESS);
    snapshot("creating");
    job(JobState.RUNNING);
    cloud.calls.clear();
  }

  void snapshot(String status) {
    DatabaseSnapshot s = cloud.snapshotsByArn.get(SNAPSHOT_ARN);
    cloud.snapshotsByArn.put(SNAPSHOT_ARN, new DatabaseSnapshot(s.arn(), s.region(), s.kind(), s.id(), s.sourceId(),
        status, s.engine(), s.engineVersion(), s.encrypted(), s.sizeGiB(), s.createdAt(), s.tags()));
  }

  void job(JobState state) {
    cloud.backupJobs.put(JOB, new BackupJob(JOB, REGION, FakeRestoreCloud.VAULT, "fs", state, null, null,
        FakeRestoreCloud.POINT_ARN, null, STARTED, null));
  }

  long reads() {
    return cloud.calls.stream().filter(c -> c.startsWith("backup.describeBackupJob")).count();
  }

  @Test
  void aSetIsReadAgainEveryIntervalAndAnsweredAsSoonAsBothHalvesFinished() {
    finishAfterPauses = 3;

    BackupSetService.Progress progress = service.await(CLUSTER, SET, Duration.ofSeconds(30), EVERY);

    assertTrue(progress.done());
    assertEquals("available", progress.database());
    assertEquals(List.of(EVERY, EVERY, EVERY), pauses);
    assertEquals(4, reads());
    assertEquals(1, cloud.calls.stream().filter(c -> c.startsWith("sets.get")).count(), "the set's record is read once");
  }

  @Test
  void theWaitEndsAtItsDeadlineAndAnswersWithTheLastRead() {
    BackupSetService.Progress progress = service.await(CLUSTER, SET, Duration.ofSeconds(1), EVERY);

    assertFalse(progress.done());
    assertEquals("RUNNING", progress.fileSystem());
    assertEquals(4, pauses.size(), "1 s of 250 ms pauses: five reads");
    assertEquals(5, reads());
  }

  @Test
  void aZeroWaitReadsOnceWithoutPausing() {
    BackupSetService.Progress progress = service.await(CLUSTER, SET, Duration.ZERO, EVERY);

    assertFalse(progress.done());
    assertEquals(List.of(), pauses);
    assertEquals(1, reads());
  }

  @Test
  void onlyASetTakenWhileConnectIsDownIsAwaitedForAWholeCallWhateverThePoll() {
    assertEquals(Polling.MAX_WAIT_PER_CALL, input("cold", 5).setWait());
    assertEquals(Polling.MAX_WAIT_PER_CALL, input("stopped", 1).setWait());
    assertEquals(Polling.MAX_WAIT_PER_CALL, input("stopped", 60).setWait());
    assertEquals(Duration.ZERO, input("online", 5).setWait());
    assertEquals(Duration.ZERO, input(null, 5).setWait(), "a DR copy check names no mode: one read");
    assertEquals(Duration.ZERO, input("cold", null).setWait());
  }

  @Test
  void aNegativeOrHugePollIntervalIsInvalidInput() {
    assertThrows(InvalidInputException.class, () -> input("cold", -1));
    assertThrows(InvalidInputException.class, () -> input("cold", 3601));
  }

  @Test
  void aStoppedModeRestorePointTakesNoDrCopy() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> new BackupInput(CLUSTER, "stopped", null, "us-west-2", null, null, null, null, null));
    assertTrue(e.getMessage().startsWith("mode stopped makes no DR copy"), e.getMessage());
  }

  static BackupInput input(String mode, Integer pollSeconds) {
    return new BackupInput(CLUSTER, mode, null, "", SET, null, null, pollSeconds, null);
  }
}
