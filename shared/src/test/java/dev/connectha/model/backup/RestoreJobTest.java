package dev.connectha.model.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestoreJobTest {

  private static RestoreJob job(Instant createdAt) {
    return new RestoreJob("J1", "us-east-1", "arn:aws:backup:us-east-1:123456789012:recovery-point:R1",
        JobState.COMPLETED, null, 100.0, "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-1",
        "fs-1", createdAt, createdAt);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "2024-08-01T10:15:30.123Z,       aws-backup-restore_2024-08-01T10-15-30-123Z",
      "2024-08-01T10:15:30Z,           aws-backup-restore_2024-08-01T10-15-30-000Z",
      "2024-12-31T23:59:59.999999999Z, aws-backup-restore_2024-12-31T23-59-59-999Z"})
  void theRestoreDirectoryIsNamedAfterTheJobsStartInUtcMilliseconds(String createdAt, String directory) {
    assertEquals(directory, job(Instant.parse(createdAt)).expectedRestoreDirectory());
  }

  @Test
  void noCreationTimeMeansNoDirectoryYet() {
    assertNull(job(null).expectedRestoreDirectory());
  }
}
