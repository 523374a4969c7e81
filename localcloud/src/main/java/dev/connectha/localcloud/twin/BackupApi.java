package dev.connectha.localcloud.twin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.localcloud.AwsRequest;
import dev.connectha.localcloud.AwsResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.backup.model.ResourceNotFoundException;
import software.amazon.awssdk.services.efs.model.FileSystemNotFoundException;

/**
 * AWS Backup's jobs and recovery points, which moto does not have, served in AWS Backup's REST-JSON
 * protocol: backup jobs of EFS file systems, recovery points (describe, list by vault or resource,
 * delete, restore metadata, tags), copy jobs to another region's vault and restore jobs into a new
 * EFS file system. Vaults are moto's: a job into a vault moto does not have is refused as AWS
 * refuses it. Every request first settles the jobs whose time has come: a completed backup makes
 * its recovery point, a completed copy makes one in the destination vault, a completed restore
 * creates the new file system in moto and notes the {@code aws-backup-restore_<time>} directory
 * it restored into.
 */
final class BackupApi {
  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/.+");
  private static final Pattern EFS_ARN =
      Pattern.compile("arn:aws[a-z-]*:elasticfilesystem:([a-z0-9-]+):\\d{12}:file-system/(fs-[0-9a-f]+)");
  private static final Pattern VAULT_ARN = Pattern.compile("arn:aws[a-z-]*:backup:([a-z0-9-]+):\\d{12}:backup-vault:(.+)");
  private static final DateTimeFormatter RESTORE_DIRECTORY_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss-SSS'Z'").withZone(ZoneOffset.UTC);
  private static final long BACKUP_SIZE = 5L * 1024 * 1024 * 1024;

  private static final class Point {
    String arn;
    String region;
    String vault;
    String vaultArn;
    String sourceVaultArn;
    String resourceArn;
    String roleArn;
    Instant createdAt;
    Instant completedAt;
    final Map<String, String> tags = new LinkedHashMap<>();
  }

  private static final class BackupJob {
    String id;
    String region;
    String vault;
    String vaultArn;
    String resourceArn;
    String roleArn;
    String recoveryPointArn;
    Map<String, String> tags;
    JobClock clock;
    boolean settled;
  }

  private static final class CopyJob {
    String id;
    String region;
    String sourcePointArn;
    String sourceVaultArn;
    String destinationVaultArn;
    String destinationRegion;
    String destinationVault;
    String destinationPointArn;
    String resourceArn;
    String roleArn;
    JobClock clock;
    boolean settled;
    String failure;
  }

  private static final class RestoreJob {
    String id;
    String region;
    String pointArn;
    String vaultArn;
    String resourceArn;
    String roleArn;
    Map<String, String> metadata;
    JobClock clock;
    boolean settled;
    String failure;
    String createdResourceArn;
    String restoreDirectory;
  }

  private final BackupTwin twin;
  private final Map<String, Point> points = new LinkedHashMap<>();
  private final Map<String, BackupJob> backupJobs = new LinkedHashMap<>();
  private final Map<String, CopyJob> copyJobs = new LinkedHashMap<>();
  private final Map<String, RestoreJob> restoreJobs = new LinkedHashMap<>();
  private final Map<String, String> idempotency = new HashMap<>();
  private final Map<String, String> restoreDirectories = new HashMap<>();

  BackupApi(BackupTwin twin) {
    this.twin = twin;
  }

  synchronized void reset() {
    points.clear();
    backupJobs.clear();
    copyJobs.clear();
    restoreJobs.clear();
    idempotency.clear();
    restoreDirectories.clear();
  }

  synchronized Optional<String> restoreDirectoryOf(String fileSystemId) {
    return Optional.ofNullable(restoreDirectories.get(fileSystemId));
  }

  // ---- routing --------------------------------------------------------------------------------

  /** Answers the request if it is about jobs or recovery points; vault CRUD goes on to moto. */
  Optional<AwsResponse> handle(AwsRequest request) {
    List<String> path = segments(request.path());
    if (path.isEmpty()) {
      return Optional.empty();
    }
    String method = request.method();
    String region = request.region();
    synchronized (this) {
      settle(Instant.now());
      return Optional.ofNullable(switch (path.get(0)) {
        case "backup-jobs" -> path.size() == 1 && method.equals("PUT") ? startBackupJob(request, region)
            : path.size() == 2 && method.equals("GET") ? describeBackupJob(request, path.get(1))
            : notServed(request);
        case "copy-jobs" -> path.size() == 1 && method.equals("PUT") ? startCopyJob(request, region)
            : path.size() == 2 && method.equals("GET") ? describeCopyJob(request, path.get(1))
            : notServed(request);
        case "restore-jobs" -> path.size() == 1 && method.equals("PUT") ? startRestoreJob(request, region)
            : path.size() == 2 && method.equals("GET") ? describeRestoreJob(request, path.get(1))
            : notServed(request);
        case "backup-vaults" -> path.size() >= 3 && path.get(2).equals("recovery-points")
            ? recoveryPoints(request, region, path) : null;
        case "resources" -> path.size() == 3 && path.get(2).equals("recovery-points") && method.equals("GET")
            ? listByResource(request, region, path.get(1)) : null;
        case "tags" -> path.size() == 2 && isRecoveryPoint(path.get(1))
            ? (method.equals("GET") ? listTags(request, path.get(1)) : tagResource(request, path.get(1))) : null;
        case "untag" -> path.size() == 2 && isRecoveryPoint(path.get(1)) ? untagResource(request, path.get(1)) : null;
        default -> null;
      });
    }
  }

  private AwsResponse recoveryPoints(AwsRequest request, String region, List<String> path) {
    String vault = path.get(1);
    String method = request.method();
    if (path.size() == 3 && method.equals("GET")) {
      return listByVault(request, region, vault);
    }
    if (path.size() == 4 && method.equals("GET")) {
      return describeRecoveryPoint(request, region, vault, path.get(3));
    }
    if (path.size() == 4 && method.equals("DELETE")) {
      return deleteRecoveryPoint(request, region, vault, path.get(3));
    }
    if (path.size() == 5 && path.get(4).equals("restore-metadata") && method.equals("GET")) {
      return restoreMetadata(request, region, vault, path.get(3));
    }
    return notServed(request);
  }

  private static boolean isRecoveryPoint(String arn) {
    return arn.contains(":recovery-point:");
  }

  // ---- backup jobs ----------------------------------------------------------------------------

  private AwsResponse startBackupJob(AwsRequest request, String region) {
    JsonNode body = request.json();
    String vault = body.path("BackupVaultName").asText("");
    String resourceArn = body.path("ResourceArn").asText("");
    String roleArn = body.path("IamRoleArn").asText("");
    String token = body.path("IdempotencyToken").asText(null);
    if (token != null && idempotency.containsKey("backup/" + region + "/" + token)) {
      BackupJob earlier = backupJobs.get(idempotency.get("backup/" + region + "/" + token));
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
    String vaultArn = vaultArn(region, vault);
    if (vaultArn == null) {
      return notFound(request, "backup vault " + vault + " does not exist in " + region);
    }
    if (!fileSystemExists(region, efs.group(2))) {
      return notFound(request, "file system " + resourceArn + " does not exist");
    }
    BackupJob job = new BackupJob();
    job.id = jobId();
    job.region = region;
    job.vault = vault;
    job.vaultArn = vaultArn;
    job.resourceArn = resourceArn;
    job.roleArn = roleArn;
    job.recoveryPointArn = "arn:aws:backup:" + region + ":" + BackupTwin.ACCOUNT + ":recovery-point:"
        + UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
    job.tags = new LinkedHashMap<>();
    body.path("RecoveryPointTags").fields().forEachRemaining(t -> job.tags.put(t.getKey(), t.getValue().asText()));
    job.clock = twin.start(JobType.BACKUP, Instant.now());
    backupJobs.put(job.id, job);
    if (token != null) {
      idempotency.put("backup/" + region + "/" + token, job.id);
    }
    return AwsResponse.json(started(job));
  }

  private static Map<String, Object> started(BackupJob job) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("BackupJobId", job.id);
    out.put("RecoveryPointArn", job.recoveryPointArn);
    out.put("CreationDate", epoch(job.clock.startedAt()));
    out.put("IsParent", false);
    return out;
  }

  private AwsResponse describeBackupJob(AwsRequest request, String id) {
    BackupJob job = backupJobs.get(id);
    if (job == null || !job.region.equals(request.region())) {
      return notFound(request, "backup job " + id + " does not exist");
    }
    Instant now = Instant.now();
    String state = job.clock.stateAt(now);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("AccountId", BackupTwin.ACCOUNT);
    out.put("BackupJobId", job.id);
    out.put("BackupVaultName", job.vault);
    out.put("BackupVaultArn", job.vaultArn);
    out.put("RecoveryPointArn", job.recoveryPointArn);
    out.put("ResourceArn", job.resourceArn);
    out.put("ResourceType", "EFS");
    out.put("IamRoleArn", job.roleArn);
    out.put("CreationDate", epoch(job.clock.startedAt()));
    out.put("State", state);
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

  // ---- recovery points ------------------------------------------------------------------------

  private AwsResponse describeRecoveryPoint(AwsRequest request, String region, String vault, String arn) {
    Point point = points.get(arn);
    if (point == null || !point.region.equals(region) || !point.vault.equals(vault)) {
      return notFound(request, "recovery point " + arn + " is not in vault " + vault + " in " + region);
    }
    return AwsResponse.json(recoveryPoint(point, "BackupSizeInBytes"));
  }

  private AwsResponse deleteRecoveryPoint(AwsRequest request, String region, String vault, String arn) {
    Point point = points.get(arn);
    if (point == null || !point.region.equals(region) || !point.vault.equals(vault)) {
      return notFound(request, "recovery point " + arn + " is not in vault " + vault + " in " + region);
    }
    points.remove(arn);
    return AwsResponse.json(Map.of());
  }

  private AwsResponse restoreMetadata(AwsRequest request, String region, String vault, String arn) {
    Point point = points.get(arn);
    if (point == null || !point.region.equals(region) || !point.vault.equals(vault)) {
      return notFound(request, "recovery point " + arn + " is not in vault " + vault + " in " + region);
    }
    var efs = EFS_ARN.matcher(point.resourceArn);
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("file-system-id", efs.matches() ? efs.group(2) : "");
    metadata.put("Encrypted", "true");
    metadata.put("PerformanceMode", "generalPurpose");
    metadata.put("CreationToken", UUID.randomUUID().toString());
    metadata.put("newFileSystem", "true");
    return AwsResponse.json(Map.of("BackupVaultArn", point.vaultArn, "RecoveryPointArn", point.arn,
        "ResourceType", "EFS", "RestoreMetadata", metadata));
  }

  private AwsResponse listByVault(AwsRequest request, String region, String vault) {
    if (vaultArn(region, vault) == null) {
      return notFound(request, "backup vault " + vault + " does not exist in " + region);
    }
    Map<String, String> query = query(request.query());
    String resourceArn = query.get("resourceArn");
    String resourceType = query.get("resourceType");
    Instant before = instant(query.get("createdBefore"));
    Instant after = instant(query.get("createdAfter"));
    List<Point> matching = points.values().stream()
        .filter(p -> p.region.equals(region) && p.vault.equals(vault))
        .filter(p -> resourceArn == null || p.resourceArn.equals(resourceArn))
        .filter(p -> resourceType == null || resourceType.equals("EFS"))
        .filter(p -> before == null || p.createdAt.isBefore(before))
        .filter(p -> after == null || p.createdAt.isAfter(after))
        .sorted(Comparator.comparing((Point p) -> p.createdAt).thenComparing(p -> p.arn))
        .toList();
    return page(matching, query, "RecoveryPoints", p -> recoveryPoint(p, "BackupSizeInBytes"));
  }

  private AwsResponse listByResource(AwsRequest request, String region, String resourceArn) {
    Map<String, String> query = query(request.query());
    List<Point> matching = points.values().stream()
        .filter(p -> p.region.equals(region) && p.resourceArn.equals(resourceArn))
        .sorted(Comparator.comparing((Point p) -> p.createdAt).thenComparing(p -> p.arn))
        .toList();
    return page(matching, query, "RecoveryPoints", p -> {
      Map<String, Object> out = recoveryPoint(p, "BackupSizeBytes");
      out.keySet().retainAll(List.of("RecoveryPointArn", "CreationDate", "Status", "BackupSizeBytes",
          "BackupVaultName", "IsParent", "ResourceName", "VaultType"));
      return out;
    });
  }

  private static AwsResponse page(List<Point> all, Map<String, String> query, String field,
      java.util.function.Function<Point, Map<String, Object>> render) {
    int from = 0;
    int size = all.size();
    try {
      from = query.containsKey("nextToken") ? Integer.parseInt(query.get("nextToken")) : 0;
      size = query.containsKey("maxResults") ? Integer.parseInt(query.get("maxResults")) : all.size();
    } catch (NumberFormatException ignored) {
      // a token the twin did not hand out: start over
    }
    int to = Math.min(all.size(), from + Math.max(1, size));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(field, all.subList(Math.min(from, to), to).stream().map(render).toList());
    if (to < all.size()) {
      out.put("NextToken", String.valueOf(to));
    }
    return AwsResponse.json(out);
  }

  private static Map<String, Object> recoveryPoint(Point p, String sizeField) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("RecoveryPointArn", p.arn);
    out.put("BackupVaultName", p.vault);
    out.put("BackupVaultArn", p.vaultArn);
    if (p.sourceVaultArn != null) {
      out.put("SourceBackupVaultArn", p.sourceVaultArn);
    }
    out.put("ResourceArn", p.resourceArn);
    out.put("ResourceType", "EFS");
    out.put("IamRoleArn", p.roleArn);
    out.put("Status", "COMPLETED");
    out.put("CreationDate", epoch(p.createdAt));
    out.put("CompletionDate", epoch(p.completedAt));
    out.put(sizeField, BACKUP_SIZE);
    out.put("IsEncrypted", true);
    out.put("StorageClass", "WARM");
    out.put("IsParent", false);
    out.put("VaultType", "BACKUP_VAULT");
    return out;
  }

  private AwsResponse listTags(AwsRequest request, String arn) {
    Point point = points.get(arn);
    if (point == null) {
      return notFound(request, "recovery point " + arn + " does not exist");
    }
    return AwsResponse.json(Map.of("Tags", point.tags));
  }

  private AwsResponse tagResource(AwsRequest request, String arn) {
    Point point = points.get(arn);
    if (point == null) {
      return notFound(request, "recovery point " + arn + " does not exist");
    }
    request.json().path("Tags").fields().forEachRemaining(t -> point.tags.put(t.getKey(), t.getValue().asText()));
    return AwsResponse.json(Map.of());
  }

  private AwsResponse untagResource(AwsRequest request, String arn) {
    Point point = points.get(arn);
    if (point == null) {
      return notFound(request, "recovery point " + arn + " does not exist");
    }
    request.json().path("TagKeyList").forEach(key -> point.tags.remove(key.asText()));
    return AwsResponse.json(Map.of());
  }

  // ---- copy jobs ------------------------------------------------------------------------------

  private AwsResponse startCopyJob(AwsRequest request, String region) {
    JsonNode body = request.json();
    String pointArn = body.path("RecoveryPointArn").asText("");
    String sourceVault = body.path("SourceBackupVaultName").asText("");
    String destinationVaultArn = body.path("DestinationBackupVaultArn").asText("");
    String roleArn = body.path("IamRoleArn").asText("");
    String token = body.path("IdempotencyToken").asText(null);
    if (token != null && idempotency.containsKey("copy/" + region + "/" + token)) {
      CopyJob earlier = copyJobs.get(idempotency.get("copy/" + region + "/" + token));
      return AwsResponse.json(Map.of("CopyJobId", earlier.id, "CreationDate", epoch(earlier.clock.startedAt()),
          "IsParent", false));
    }
    AwsResponse refused = checkRole(request, roleArn);
    if (refused != null) {
      return refused;
    }
    Point point = points.get(pointArn);
    if (point == null || !point.region.equals(region) || !point.vault.equals(sourceVault)) {
      return notFound(request, "recovery point " + pointArn + " is not in vault " + sourceVault + " in " + region);
    }
    var destination = VAULT_ARN.matcher(destinationVaultArn);
    if (!destination.matches()) {
      return invalid(request, "not a backup vault ARN: " + destinationVaultArn);
    }
    if (vaultArn(destination.group(1), destination.group(2)) == null) {
      return notFound(request, "backup vault " + destinationVaultArn + " does not exist");
    }
    CopyJob job = new CopyJob();
    job.id = jobId();
    job.region = region;
    job.sourcePointArn = pointArn;
    job.sourceVaultArn = point.vaultArn;
    job.destinationVaultArn = destinationVaultArn;
    job.destinationRegion = destination.group(1);
    job.destinationVault = destination.group(2);
    job.destinationPointArn = "arn:aws:backup:" + job.destinationRegion + ":" + BackupTwin.ACCOUNT
        + ":recovery-point:" + UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
    job.resourceArn = point.resourceArn;
    job.roleArn = roleArn;
    job.clock = twin.start(JobType.COPY, Instant.now());
    copyJobs.put(job.id, job);
    if (token != null) {
      idempotency.put("copy/" + region + "/" + token, job.id);
    }
    return AwsResponse.json(Map.of("CopyJobId", job.id, "CreationDate", epoch(job.clock.startedAt()),
        "IsParent", false));
  }

  private AwsResponse describeCopyJob(AwsRequest request, String id) {
    CopyJob job = copyJobs.get(id);
    if (job == null || !job.region.equals(request.region())) {
      return notFound(request, "copy job " + id + " does not exist");
    }
    Instant now = Instant.now();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("AccountId", BackupTwin.ACCOUNT);
    out.put("CopyJobId", job.id);
    out.put("SourceBackupVaultArn", job.sourceVaultArn);
    out.put("SourceRecoveryPointArn", job.sourcePointArn);
    out.put("DestinationBackupVaultArn", job.destinationVaultArn);
    out.put("DestinationRecoveryPointArn", job.destinationPointArn);
    out.put("ResourceArn", job.resourceArn);
    out.put("ResourceType", "EFS");
    out.put("IamRoleArn", job.roleArn);
    out.put("CreationDate", epoch(job.clock.startedAt()));
    out.put("IsParent", false);
    String failure = job.failure != null ? job.failure : job.clock.doneAt(now) ? job.clock.failure() : null;
    out.put("State", failure != null ? "FAILED" : job.clock.stateAt(now));
    if (job.clock.doneAt(now)) {
      out.put("CompletionDate", epoch(job.clock.endsAt()));
      out.put("BackupSizeInBytes", BACKUP_SIZE);
    }
    if (failure != null) {
      out.put("StatusMessage", failure);
    }
    return AwsResponse.json(Map.of("CopyJob", out));
  }

  // ---- restore jobs ---------------------------------------------------------------------------

  private AwsResponse startRestoreJob(AwsRequest request, String region) {
    JsonNode body = request.json();
    String pointArn = body.path("RecoveryPointArn").asText("");
    String roleArn = body.path("IamRoleArn").asText("");
    String token = body.path("IdempotencyToken").asText(null);
    if (token != null && idempotency.containsKey("restore/" + region + "/" + token)) {
      return AwsResponse.json(Map.of("RestoreJobId", idempotency.get("restore/" + region + "/" + token)));
    }
    if (!roleArn.isEmpty()) {
      AwsResponse refused = checkRole(request, roleArn);
      if (refused != null) {
        return refused;
      }
    }
    Point point = points.get(pointArn);
    if (point == null || !point.region.equals(region)) {
      return notFound(request, "recovery point " + pointArn + " does not exist in " + region);
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    body.path("Metadata").fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
    if (!"true".equalsIgnoreCase(metadata.get("newFileSystem"))) {
      return invalid(request, "the twin restores into a new file system only (Metadata newFileSystem=true)");
    }
    RestoreJob job = new RestoreJob();
    job.id = jobId();
    job.region = region;
    job.pointArn = pointArn;
    job.vaultArn = point.vaultArn;
    job.resourceArn = point.resourceArn;
    job.roleArn = roleArn;
    job.metadata = metadata;
    job.clock = twin.start(JobType.RESTORE, Instant.now());
    restoreJobs.put(job.id, job);
    if (token != null) {
      idempotency.put("restore/" + region + "/" + token, job.id);
    }
    return AwsResponse.json(Map.of("RestoreJobId", job.id));
  }

  private AwsResponse describeRestoreJob(AwsRequest request, String id) {
    RestoreJob job = restoreJobs.get(id);
    if (job == null || !job.region.equals(request.region())) {
      return notFound(request, "restore job " + id + " does not exist");
    }
    Instant now = Instant.now();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("AccountId", BackupTwin.ACCOUNT);
    out.put("RestoreJobId", job.id);
    out.put("RecoveryPointArn", job.pointArn);
    out.put("SourceResourceArn", job.resourceArn);
    out.put("BackupVaultArn", job.vaultArn);
    out.put("ResourceType", "EFS");
    out.put("IamRoleArn", job.roleArn);
    out.put("CreationDate", epoch(job.clock.startedAt()));
    out.put("PercentDone", job.clock.percentAt(now) + ".0");
    out.put("IsParent", false);
    String failure = job.failure != null ? job.failure : job.clock.doneAt(now) ? job.clock.failure() : null;
    out.put("Status", failure != null ? "FAILED" : job.clock.stateAt(now));
    if (job.clock.doneAt(now)) {
      out.put("CompletionDate", epoch(job.clock.endsAt()));
      out.put("BackupSizeInBytes", BACKUP_SIZE);
    }
    if (failure != null) {
      out.put("StatusMessage", failure);
    } else if (job.createdResourceArn != null) {
      out.put("CreatedResourceArn", job.createdResourceArn);
    }
    return AwsResponse.json(out);
  }

  // ---- the clock ------------------------------------------------------------------------------

  /** Makes what every job whose time has come produces. */
  synchronized void settle(Instant now) {
    for (BackupJob job : backupJobs.values()) {
      if (!job.settled && job.clock.doneAt(now)) {
        job.settled = true;
        if (!job.clock.fails()) {
          Point point = new Point();
          point.arn = job.recoveryPointArn;
          point.region = job.region;
          point.vault = job.vault;
          point.vaultArn = job.vaultArn;
          point.resourceArn = job.resourceArn;
          point.roleArn = job.roleArn;
          point.createdAt = job.clock.startedAt();
          point.completedAt = job.clock.endsAt();
          point.tags.putAll(job.tags);
          points.put(point.arn, point);
        }
      }
    }
    for (CopyJob job : copyJobs.values()) {
      if (!job.settled && job.clock.doneAt(now)) {
        job.settled = true;
        Point source = points.get(job.sourcePointArn);
        if (job.clock.fails()) {
          continue;
        }
        if (source == null) {
          job.failure = "the source recovery point was deleted before the copy finished";
          continue;
        }
        Point copy = new Point();
        copy.arn = job.destinationPointArn;
        copy.region = job.destinationRegion;
        copy.vault = job.destinationVault;
        copy.vaultArn = job.destinationVaultArn;
        copy.sourceVaultArn = job.sourceVaultArn;
        copy.resourceArn = source.resourceArn;
        copy.roleArn = job.roleArn;
        copy.createdAt = job.clock.startedAt();
        copy.completedAt = job.clock.endsAt();
        copy.tags.putAll(source.tags);
        points.put(copy.arn, copy);
      }
    }
    for (RestoreJob job : restoreJobs.values()) {
      if (!job.settled && job.clock.doneAt(now)) {
        job.settled = true;
        if (!job.clock.fails()) {
          restore(job);
        }
      }
    }
  }

  /** Creates the new file system in moto, as AWS Backup does at the end of a restore. */
  private void restore(RestoreJob job) {
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

  // ---- helpers --------------------------------------------------------------------------------

  /** The vault's ARN from moto, or null when moto has no such vault in {@code region}. */
  private String vaultArn(String region, String vault) {
    try {
      return twin.moto(region).backup.describeBackupVault(b -> b.backupVaultName(vault)).backupVaultArn();
    } catch (ResourceNotFoundException e) {
      return null;
    }
  }

  private boolean fileSystemExists(String region, String fileSystemId) {
    try {
      return !twin.moto(region).efs.describeFileSystems(b -> b.fileSystemId(fileSystemId)).fileSystems().isEmpty();
    } catch (FileSystemNotFoundException e) {
      return false;
    }
  }

  private static AwsResponse checkRole(AwsRequest request, String roleArn) {
    return ROLE_ARN.matcher(roleArn).matches() ? null
        : invalid(request, "IamRoleArn is not an IAM role ARN: " + roleArn);
  }

  private static String jobId() {
    return UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
  }

  private static double epoch(Instant instant) {
    return instant.toEpochMilli() / 1000.0;
  }

  private static Instant instant(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (RuntimeException e) {
      try {
        return Instant.ofEpochMilli((long) (Double.parseDouble(text) * 1000));
      } catch (NumberFormatException ignored) {
        return null;
      }
    }
  }

  private static AwsResponse notFound(AwsRequest request, String message) {
    return AwsResponse.error(request, 400, "ResourceNotFoundException", message);
  }

  private static AwsResponse invalid(AwsRequest request, String message) {
    return AwsResponse.error(request, 400, "InvalidParameterValueException", message);
  }

  private static AwsResponse notServed(AwsRequest request) {
    return AwsResponse.error(request, 400, "InvalidRequestException",
        "the local cloud's twin does not serve " + request.method() + " " + request.path());
  }

  /** The path's segments, percent-decoded (an ARN is one segment); a trailing slash adds none. */
  static List<String> segments(String rawPath) {
    List<String> segments = new ArrayList<>();
    for (String segment : rawPath.split("/")) {
      if (!segment.isEmpty()) {
        segments.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
      }
    }
    return segments;
  }

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
      params.put(key, value);
    }
    return params;
  }
}
