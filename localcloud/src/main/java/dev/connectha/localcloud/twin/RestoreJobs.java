package dev.connectha.localcloud.twin;

import static dev.connectha.localcloud.twin.BackupProtocol.checkRole;
import static dev.connectha.localcloud.twin.BackupProtocol.invalid;
import static dev.connectha.localcloud.twin.BackupProtocol.notFound;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.localcloud.AwsRequest;
import dev.connectha.localcloud.AwsResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * AWS Backup's restore jobs of an EFS recovery point into a new file system: start (idempotent per
 * token), describe, and settle: a completed restore creates the new file system in moto and notes
 * the {@code aws-backup-restore_<time>} directory it restored into. Not thread-safe on its own:
 * {@link BackupApi} serialises every request.
 */
final class RestoreJobs {
  private static final DateTimeFormatter RESTORE_DIRECTORY_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss-SSS'Z'").withZone(ZoneOffset.UTC);

  private static final class Restore extends Job {
    String pointArn;
    String vaultArn;
    String resourceArn;
    Map<String, String> metadata;
    String createdResourceArn;
    String restoreDirectory;
  }

  private final BackupTwin twin;
  private final RecoveryPoints points;
  private final Job.Table<Restore> restores = new Job.Table<>();
  private final Map<String, String> restoreDirectories = new HashMap<>();

  RestoreJobs(BackupTwin twin, RecoveryPoints points) {
    this.twin = twin;
    this.points = points;
  }

  void clear() {
    restores.clear();
    restoreDirectories.clear();
  }

  /** The directory a completed restore wrote into at the root of the new file system {@code fileSystemId}. */
  Optional<String> restoreDirectoryOf(String fileSystemId) {
    return Optional.ofNullable(restoreDirectories.get(fileSystemId));
  }

  AwsResponse startRestoreJob(AwsRequest request, String region) {
    JsonNode body = request.json();
    String pointArn = body.path("RecoveryPointArn").asText("");
    String roleArn = body.path("IamRoleArn").asText("");
    String token = body.path("IdempotencyToken").asText(null);
    Restore earlier = restores.startedWith(region, token);
    if (earlier != null) {
      return AwsResponse.json(Map.of("RestoreJobId", earlier.id));
    }
    if (!roleArn.isEmpty()) {
      AwsResponse refused = checkRole(request, roleArn);
      if (refused != null) {
        return refused;
      }
    }
    RecoveryPoints.Point point = points.get(pointArn);
    if (point == null || !point.region.equals(region)) {
      return notFound(request, "recovery point " + pointArn + " does not exist in " + region);
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    body.path("Metadata").fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
    if (!"true".equalsIgnoreCase(metadata.get("newFileSystem"))) {
      return invalid(request, "the twin restores into a new file system only (Metadata newFileSystem=true)");
    }
    Restore job = new Restore();
    job.region = region;
    job.pointArn = pointArn;
    job.vaultArn = point.vaultArn;
    job.resourceArn = point.resourceArn;
    job.roleArn = roleArn;
    job.metadata = metadata;
    job.clock = twin.start(JobType.RESTORE, Instant.now());
    restores.add(job, token);
    return AwsResponse.json(Map.of("RestoreJobId", job.id));
  }

  AwsResponse describeRestoreJob(AwsRequest request, String id) {
    Restore job = restores.find(id, request.region());
    if (job == null) {
      return notFound(request, "restore job " + id + " does not exist");
    }
    Instant now = Instant.now();
    Map<String, Object> out = job.described("RestoreJobId");
    out.put("RecoveryPointArn", job.pointArn);
    out.put("SourceResourceArn", job.resourceArn);
    out.put("BackupVaultArn", job.vaultArn);
    out.put("PercentDone", job.clock.percentAt(now) + ".0");
    out.put("IsParent", false);
    String failure = job.putOutcome(out, "Status", now);
    if (failure == null && job.createdResourceArn != null) {
      out.put("CreatedResourceArn", job.createdResourceArn);
    }
    return AwsResponse.json(out);
  }

  /** Restores into a new file system for every job whose time has come. */
  void settle(Instant now) {
    for (Restore job : restores.all()) {
      if (job.settlesAt(now) && !job.clock.fails()) {
        restore(job);
      }
    }
  }

  /** Creates the new file system in moto, as AWS Backup does at the end of a restore. */
  private void restore(Restore job) {
    String token = job.metadata.getOrDefault("CreationToken", "restore-" + job.id);
    boolean encrypted = Boolean.parseBoolean(job.metadata.getOrDefault("Encrypted", "false"));
    String mode = job.metadata.getOrDefault("PerformanceMode", "generalPurpose");
    try {
      var created = twin.moto(job.region).efs.createFileSystem(b -> b.creationToken(token).encrypted(encrypted)
          .performanceMode(mode).tags(t -> t.key("Name").value("restore of " + job.pointArn)));
      job.createdResourceArn = created.fileSystemArn();
      job.restoreDirectory = "aws-backup-restore_"
          + RESTORE_DIRECTORY_TIME.format(job.clock.startedAt().truncatedTo(ChronoUnit.MILLIS));
      restoreDirectories.put(created.fileSystemId(), job.restoreDirectory);
    } catch (SdkException e) {
      job.failure = "could not create the file system: " + e.getMessage();
    }
  }
}
