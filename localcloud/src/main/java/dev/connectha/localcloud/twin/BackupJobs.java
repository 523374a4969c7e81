package dev.connectha.localcloud.twin;

import static dev.connectha.localcloud.twin.BackupProtocol.BACKUP_SIZE;
import static dev.connectha.localcloud.twin.BackupProtocol.EFS_ARN;
import static dev.connectha.localcloud.twin.BackupProtocol.VAULT_ARN;
import static dev.connectha.localcloud.twin.BackupProtocol.checkRole;
import static dev.connectha.localcloud.twin.BackupProtocol.epoch;
import static dev.connectha.localcloud.twin.BackupProtocol.invalid;
import static dev.connectha.localcloud.twin.BackupProtocol.notFound;
import static dev.connectha.localcloud.twin.BackupProtocol.recoveryPointArn;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.localcloud.AwsRequest;
import dev.connectha.localcloud.AwsResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.efs.model.FileSystemNotFoundException;

/**
 * AWS Backup's backup jobs (of EFS file systems) and copy jobs (of a recovery point to another
 * region's vault): start (idempotent per token), describe, and settle: a completed backup makes its
 * recovery point, a completed copy makes one in the destination vault. Not thread-safe on its own:
 * {@link BackupApi} serialises every request.
 */
final class BackupJobs {
  private static final class Backup extends Job {
    String vault;
    String vaultArn;
    String resourceArn;
    String recoveryPointArn;
    Map<String, String> tags;
  }

  private static final class Copy extends Job {
    String sourcePointArn;
    String sourceVaultArn;
    String destinationVaultArn;
    String destinationRegion;
    String destinationVault;
    String destinationPointArn;
    String resourceArn;
  }

  private final BackupTwin twin;
  private final RecoveryPoints points;
  private final Job.Table<Backup> backups = new Job.Table<>();
  private final Job.Table<Copy> copies = new Job.Table<>();

  BackupJobs(BackupTwin twin, RecoveryPoints points) {
    this.twin = twin;
    this.points = points;
  }

  void clear() {
    backups.clear();
    copies.clear();
  }

  // ---- backup jobs ----------------------------------------------------------------------------

  AwsResponse startBackupJob(AwsRequest request, String region) {
    JsonNode body = request.json();
    String vault = body.path("BackupVaultName").asText("");
    String resourceArn = body.path("ResourceArn").asText("");
    String roleArn = body.path("IamRoleArn").asText("");
    String token = body.path("IdempotencyToken").asText(null);
    Backup earlier = backups.startedWith(region, token);
    if (earlier != null) {
      return AwsResponse.json(started(earlier));
    }
    AwsResponse refused = checkRole(request, roleArn);
    if (refused != null) {
      return refused;
    }
    var efs = EFS_ARN.matcher(resourceArn);
    if (!efs.matches()) {
      return invalid(request, "the twin backs up EFS file systems only, not " + resourceArn);
    }
    if (!efs.group(1).equals(region)) {
      return invalid(request, "resource " + resourceArn + " is not in " + region);
    }
    String vaultArn = twin.vaultArn(region, vault);
    if (vaultArn == null) {
      return notFound(request, "backup vault " + vault + " does not exist in " + region);
    }
    if (!fileSystemExists(region, efs.group(2))) {
      return notFound(request, "file system " + resourceArn + " does not exist");
    }
    Backup job = new Backup();
    job.region = region;
    job.vault = vault;
    job.vaultArn = vaultArn;
    job.resourceArn = resourceArn;
    job.roleArn = roleArn;
    job.recoveryPointArn = recoveryPointArn(region);
    job.tags = new LinkedHashMap<>();
    body.path("RecoveryPointTags").fields().forEachRemaining(t -> job.tags.put(t.getKey(), t.getValue().asText()));
    job.clock = twin.start(JobType.BACKUP, Instant.now());
    backups.add(job, token);
    return AwsResponse.json(started(job));
  }

  private static Map<String, Object> started(Backup job) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("BackupJobId", job.id);
    out.put("RecoveryPointArn", job.recoveryPointArn);
    out.put("CreationDate", epoch(job.clock.startedAt()));
    out.put("IsParent", false);
    return out;
  }

  AwsResponse describeBackupJob(AwsRequest request, String id) {
    Backup job = backups.find(id, request.region());
    if (job == null) {
      return notFound(request, "backup job " + id + " does not exist");
    }
    Instant now = Instant.now();
    Map<String, Object> out = job.described("BackupJobId");
    out.put("BackupVaultName", job.vault);
    out.put("BackupVaultArn", job.vaultArn);
    out.put("RecoveryPointArn", job.recoveryPointArn);
    out.put("ResourceArn", job.resourceArn);
    out.put("State", job.clock.stateAt(now));
    out.put("PercentDone", job.clock.percentAt(now) + ".0");
    out.put("IsEncrypted", true);
    out.put("BackupType", "");
    if (job.clock.doneAt(now)) {
      out.put("CompletionDate", epoch(job.clock.endsAt()));
      if (job.clock.fails()) {
        out.put("StatusMessage", job.clock.failure());
      } else {
        out.put("BackupSizeInBytes", BACKUP_SIZE);
      }
    }
    return AwsResponse.json(out);
  }

  // ---- copy jobs ------------------------------------------------------------------------------

  AwsResponse startCopyJob(AwsRequest request, String region) {
    JsonNode body = request.json();
    String pointArn = body.path("RecoveryPointArn").asText("");
    String sourceVault = body.path("SourceBackupVaultName").asText("");
    String destinationVaultArn = body.path("DestinationBackupVaultArn").asText("");
    String roleArn = body.path("IamRoleArn").asText("");
    String token = body.path("IdempotencyToken").asText(null);
    Copy earlier = copies.startedWith(region, token);
    if (earlier != null) {
      return started(earlier);
    }
    AwsResponse refused = checkRole(request, roleArn);
    if (refused != null) {
      return refused;
    }
    RecoveryPoints.Point point = points.find(pointArn, region, sourceVault);
    if (point == null) {
      return notFound(request, "recovery point " + pointArn + " is not in vault " + sourceVault + " in " + region);
    }
    var destination = VAULT_ARN.matcher(destinationVaultArn);
    if (!destination.matches()) {
      return invalid(request, "not a backup vault ARN: " + destinationVaultArn);
    }
    if (twin.vaultArn(destination.group(1), destination.group(2)) == null) {
      return notFound(request, "backup vault " + destinationVaultArn + " does not exist");
    }
    Copy job = new Copy();
    job.region = region;
    job.sourcePointArn = pointArn;
    job.sourceVaultArn = point.vaultArn;
    job.destinationVaultArn = destinationVaultArn;
    job.destinationRegion = destination.group(1);
    job.destinationVault = destination.group(2);
    job.destinationPointArn = recoveryPointArn(job.destinationRegion);
    job.resourceArn = point.resourceArn;
    job.roleArn = roleArn;
    job.clock = twin.start(JobType.COPY, Instant.now());
    copies.add(job, token);
    return started(job);
  }

  private static AwsResponse started(Copy job) {
    return AwsResponse.json(Map.of("CopyJobId", job.id, "CreationDate", epoch(job.clock.startedAt()), "IsParent", false));
  }

  AwsResponse describeCopyJob(AwsRequest request, String id) {
    Copy job = copies.find(id, request.region());
    if (job == null) {
      return notFound(request, "copy job " + id + " does not exist");
    }
    Instant now = Instant.now();
    Map<String, Object> out = job.described("CopyJobId");
    out.put("SourceBackupVaultArn", job.sourceVaultArn);
    out.put("SourceRecoveryPointArn", job.sourcePointArn);
    out.put("DestinationBackupVaultArn", job.destinationVaultArn);
    out.put("DestinationRecoveryPointArn", job.destinationPointArn);
    out.put("ResourceArn", job.resourceArn);
    out.put("IsParent", false);
    job.putOutcome(out, "State", now);
    return AwsResponse.json(Map.of("CopyJob", out));
  }

  // ---- the clock ------------------------------------------------------------------------------

  /** Makes the recovery points of every job whose time has come: backups first, so that a copy finds its source. */
  void settle(Instant now) {
    for (Backup job : backups.all()) {
      if (job.settlesAt(now) && !job.clock.fails()) {
        RecoveryPoints.Point point = new RecoveryPoints.Point(job.recoveryPointArn, job.region, job.vault, job.vaultArn,
            job.resourceArn, job.roleArn, job.clock);
        point.tags.putAll(job.tags);
        points.add(point);
      }
    }
    for (Copy job : copies.all()) {
      if (!job.settlesAt(now) || job.clock.fails()) {
        continue;
      }
      RecoveryPoints.Point source = points.get(job.sourcePointArn);
      if (source == null) {
        job.failure = "the source recovery point was deleted before the copy finished";
        continue;
      }
      RecoveryPoints.Point copy = new RecoveryPoints.Point(job.destinationPointArn, job.destinationRegion,
          job.destinationVault, job.destinationVaultArn, source.resourceArn, job.roleArn, job.clock);
      copy.sourceVaultArn = job.sourceVaultArn;
      copy.tags.putAll(source.tags);
      points.add(copy);
    }
  }

  private boolean fileSystemExists(String region, String fileSystemId) {
    try {
      return !twin.moto(region).efs.describeFileSystems(b -> b.fileSystemId(fileSystemId)).fileSystems().isEmpty();
    } catch (FileSystemNotFoundException e) {
      return false;
    }
  }
}
