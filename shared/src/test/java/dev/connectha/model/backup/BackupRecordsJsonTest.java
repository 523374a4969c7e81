package dev.connectha.model.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.connectha.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What the adapters return travels between workflow steps as JSON: it must come back the same. */
class BackupRecordsJsonTest {
  private static final Instant AT = Instant.parse("2024-08-01T10:00:00.250Z");
  private static final Map<String, String> TAGS = Map.of(BackupTags.CLUSTER, "demo", BackupTags.BACKUP_SET, "s1");

  static Stream<Object> records() {
    return Stream.of(
        new BackupTags("demo", "s1", Map.of("connect-version", "2024.08.0")),
        new DatabaseSnapshot("arn:aws:rds:us-east-1:123456789012:snapshot:demo-s1", "us-east-1",
            DatabaseSnapshot.Kind.INSTANCE, "demo-s1", "demo-db", "available", "postgres", "15.7", true, 100, AT, TAGS),
        new RestoredDatabase("arn:aws:rds:us-east-1:123456789012:db:drill-s1", "us-east-1", "drill-s1", "db.t3.medium",
            "available", "postgres", "15.7", false, true, "drill-s1.example", "arn:aws:rds:us-east-1:1:snapshot:s", TAGS),
        new DatabaseRestore("drill-s1", "db.t3.medium", "connect-db-subnets", true, List.of("sg-1"), Map.of("a", "b")),
        new BackupJob("J1", "us-east-1", "Default", "arn:aws:elasticfilesystem:us-east-1:1:file-system/fs-1",
            JobState.RUNNING, null, 42.0, "arn:aws:backup:us-east-1:1:recovery-point:R1", null, AT, null),
        new CopyJob("J2", "us-east-1", "arn:aws:backup:us-east-1:1:recovery-point:R1",
            "arn:aws:backup:us-west-2:1:backup-vault:dr", null, JobState.CREATED, null, AT, null),
        new RestoreJob("J3", "us-east-1", "arn:aws:backup:us-east-1:1:recovery-point:R1", JobState.FAILED, "no access",
            100.0, null, null, AT, AT),
        new RecoveryPoint("arn:aws:backup:us-east-1:1:recovery-point:R1", "us-east-1", "Default",
            "arn:aws:elasticfilesystem:us-east-1:1:file-system/fs-1", "EFS", "COMPLETED", true, 5L, AT, AT, null, TAGS),
        new FileSystemRestore("restore-s1", "maxIO", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("records")
  void survivesAJsonRoundTrip(Object record) throws Exception {
    String json = Json.MAPPER.writeValueAsString(record);

    assertEquals(record, Json.MAPPER.readValue(json, record.getClass()));
    assertFalse(json.contains("\"available\":true") || json.contains("inProgress") || json.contains("asMap"),
        "only the components travel: " + json);
  }
}
