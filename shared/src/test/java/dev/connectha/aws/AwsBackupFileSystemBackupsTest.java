package dev.connectha.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.backup.BackupJob;
import dev.connectha.model.backup.FileSystemRestore;
import dev.connectha.model.backup.JobState;
import dev.connectha.model.backup.RestoreJob;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.backup.model.DescribeBackupJobResponse;
import software.amazon.awssdk.services.backup.model.DescribeRestoreJobResponse;

/** The AWS Backup adapter's pure parts: restore metadata, checks and the mapping of AWS's answers. */
class AwsBackupFileSystemBackupsTest {

  @Test
  void restoresIntoANewEncryptedFileSystemNeverOverTheSource() {
    Map<String, String> metadata = AwsBackupFileSystemBackups.restoreMetadata("fs-0abc",
        new FileSystemRestore("restore-s1"));

    assertEquals(Map.of("file-system-id", "fs-0abc", "newFileSystem", "true", "Encrypted", "true",
        "PerformanceMode", "generalPurpose", "CreationToken", "restore-s1"), metadata);
  }

  @Test
  void aGivenKmsKeyEncryptsTheRestoredFileSystem() {
    Map<String, String> metadata = AwsBackupFileSystemBackups.restoreMetadata("fs-0abc",
        new FileSystemRestore("restore-s1", "maxIO", "arn:aws:kms:us-east-1:123456789012:key/k1"));

    assertEquals("arn:aws:kms:us-east-1:123456789012:key/k1", metadata.get("KmsKeyId"));
    assertEquals("maxIO", metadata.get("PerformanceMode"));
    assertEquals("true", metadata.get("Encrypted"));
  }

  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource(nullValues = "NULL", value = {"42.5, 42.5", "100.0, 100.0", "0, 0.0", "7%, 7.0", "NULL, NULL",
      "'', NULL", "soon, NULL"})
  void readsAwsPercentDone(String aws, Double expected) {
    assertEquals(expected, AwsBackupFileSystemBackups.percent(aws));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"arn:aws:iam::123456789012:role/connect-ha-backup",
      "arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole"})
  void acceptsIamRoleArns(String arn) {
    assertEquals(arn, AwsBackupFileSystemBackups.requireRoleArn(arn));
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"", "connect-ha-backup", "arn:aws:iam::123456789012:user/alice",
      "arn:aws:iam::12345:role/x", "arn:aws:sts::123456789012:assumed-role/x/y"})
  void refusesAnythingButARoleArn(String arn) {
    assertThrows(InvalidInputException.class, () -> AwsBackupFileSystemBackups.requireRoleArn(arn));
  }

  @Test
  void idempotencyTokensAreShortAndPlain() {
    assertEquals("backup-demo-2024-08-01", AwsBackupFileSystemBackups.requireToken("backup-demo-2024-08-01"));
    assertThrows(InvalidInputException.class, () -> AwsBackupFileSystemBackups.requireToken("with space"));
    assertThrows(InvalidInputException.class, () -> AwsBackupFileSystemBackups.requireToken("t".repeat(51)));
    assertThrows(InvalidInputException.class, () -> AwsBackupFileSystemBackups.requireToken(null));
  }

  @Test
  void mapsABackupJob() {
    Instant created = Instant.parse("2024-08-01T10:00:00Z");
    BackupJob job = AwsBackupFileSystemBackups.fromBackupJob(DescribeBackupJobResponse.builder().backupJobId("J1")
        .backupVaultName("Default").resourceArn("arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-1")
        .state("RUNNING").percentDone("37.0").recoveryPointArn("arn:aws:backup:us-east-1:123456789012:recovery-point:R1")
        .creationDate(created).build(), "us-east-1");

    assertEquals(new BackupJob("J1", "us-east-1", "Default",
        "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-1", JobState.RUNNING, null, 37.0,
        "arn:aws:backup:us-east-1:123456789012:recovery-point:R1", null, created, null), job);
  }

  @Test
  void aCompletedRestoreNamesTheNewFileSystem() {
    RestoreJob job = AwsBackupFileSystemBackups.fromRestoreJob(DescribeRestoreJobResponse.builder().restoreJobId("J2")
        .status("COMPLETED").createdResourceArn("arn:aws:elasticfilesystem:us-west-2:123456789012:file-system/fs-9f")
        .creationDate(Instant.parse("2024-08-01T10:00:00.5Z")).build(), "us-west-2");

    assertEquals(JobState.COMPLETED, job.state());
    assertEquals("fs-9f", job.createdFileSystemId());
    assertEquals("aws-backup-restore_2024-08-01T10-00-00-500Z", job.expectedRestoreDirectory());
  }

  @Test
  void aRestoreStillRunningHasNoFileSystemYet() {
    RestoreJob job = AwsBackupFileSystemBackups.fromRestoreJob(DescribeRestoreJobResponse.builder().restoreJobId("J3")
        .status("RUNNING").createdResourceArn("").build(), "us-east-1");

    assertEquals(JobState.RUNNING, job.state());
    assertNull(job.createdResourceArn());
    assertNull(job.createdFileSystemId());
  }
}
