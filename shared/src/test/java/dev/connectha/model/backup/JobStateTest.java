package dev.connectha.model.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobStateTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(nullValues = "NULL", value = {
      "CREATED, CREATED", "PENDING, PENDING", "RUNNING, RUNNING", "COMPLETED, COMPLETED", "FAILED, FAILED",
      "ABORTED, ABORTED", "EXPIRED, EXPIRED", "PARTIAL, PARTIAL", "completed, COMPLETED",
      "SOMETHING_NEW, UNKNOWN", "NULL, UNKNOWN", "'', UNKNOWN"})
  void readsAwsStatesOfBackupCopyAndRestoreJobs(String aws, JobState expected) {
    assertEquals(expected, JobState.of(aws));
  }

  @Test
  void finishedStatesNeverChangeAgainAndOnlyCompletedSucceeded() {
    Set<JobState> finished = EnumSet.noneOf(JobState.class);
    Set<JobState> succeeded = EnumSet.noneOf(JobState.class);
    for (JobState state : JobState.values()) {
      if (state.finished()) {
        finished.add(state);
      }
      if (state.succeeded()) {
        succeeded.add(state);
      }
    }

    assertEquals(EnumSet.of(JobState.ABORTED, JobState.COMPLETED, JobState.FAILED, JobState.EXPIRED, JobState.PARTIAL),
        finished);
    assertEquals(EnumSet.of(JobState.COMPLETED), succeeded);
  }
}
