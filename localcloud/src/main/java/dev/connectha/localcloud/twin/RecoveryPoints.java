package dev.connectha.localcloud.twin;

import static dev.connectha.localcloud.twin.BackupProtocol.BACKUP_SIZE;
import static dev.connectha.localcloud.twin.BackupProtocol.EFS_ARN;
import static dev.connectha.localcloud.twin.BackupProtocol.epoch;
import static dev.connectha.localcloud.twin.BackupProtocol.instant;
import static dev.connectha.localcloud.twin.BackupProtocol.notFound;
import static dev.connectha.localcloud.twin.BackupProtocol.notServed;

import dev.connectha.localcloud.AwsRequest;
import dev.connectha.localcloud.AwsResponse;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The recovery points completed jobs made, by ARN, and AWS Backup's calls on them: describe,
 * delete, restore metadata, list by vault or by resource (paged), and tags. Not thread-safe on its
 * own: {@link BackupApi} serialises every request.
 */
final class RecoveryPoints {
  /** One recovery point: where it is, what it is a backup of, and when it was made. */
  static final class Point {
    final String arn;
    final String region;
    final String vault;
    final String vaultArn;
    /** The vault it was copied from; null when a backup made it. */
    String sourceVaultArn;
    final String resourceArn;
    final String roleArn;
    final Instant createdAt;
    final Instant completedAt;
    final Map<String, String> tags = new LinkedHashMap<>();

    /** The point a job made: created when the job started, completed when it ended. */
    Point(String arn, String region, String vault, String vaultArn, String resourceArn, String roleArn, JobClock job) {
      this.arn = arn;
      this.region = region;
      this.vault = vault;
      this.vaultArn = vaultArn;
      this.resourceArn = resourceArn;
      this.roleArn = roleArn;
      this.createdAt = job.startedAt();
      this.completedAt = job.endsAt();
    }
  }

  private final BackupTwin twin;
  private final Map<String, Point> points = new LinkedHashMap<>();

  RecoveryPoints(BackupTwin twin) {
    this.twin = twin;
  }

  void clear() {
    points.clear();
  }

  void add(Point point) {
    points.put(point.arn, point);
  }

  /** The point {@code arn}, or null. */
  Point get(String arn) {
    return points.get(arn);
  }

  /** The point {@code arn} when it is in {@code vault} in {@code region}, or null. */
  Point find(String arn, String region, String vault) {
    Point point = points.get(arn);
    return point == null || !point.region.equals(region) || !point.vault.equals(vault) ? null : point;
  }

  /** {@code /backup-vaults/<vault>/recovery-points[/<arn>[/restore-metadata]]}. */
  AwsResponse vaultRequest(AwsRequest request, String region, List<String> path) {
    String vault = path.get(1);
    String method = request.method();
    if (path.size() == 3 && method.equals("GET")) {
      return listByVault(request, region, vault);
    }
    boolean describe = path.size() == 4 && method.equals("GET");
    boolean delete = path.size() == 4 && method.equals("DELETE");
    boolean metadata = path.size() == 5 && path.get(4).equals("restore-metadata") && method.equals("GET");
    if (!describe && !delete && !metadata) {
      return notServed(request);
    }
    String arn = path.get(3);
    Point point = find(arn, region, vault);
    if (point == null) {
      return notFound(request, "recovery point " + arn + " is not in vault " + vault + " in " + region);
    }
    if (describe) {
      return AwsResponse.json(render(point, "BackupSizeInBytes"));
    }
    if (delete) {
      points.remove(arn);
      return AwsResponse.json(Map.of());
    }
    return restoreMetadata(point);
  }

  private static AwsResponse restoreMetadata(Point point) {
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
    if (twin.vaultArn(region, vault) == null) {
      return notFound(request, "backup vault " + vault + " does not exist in " + region);
    }
    Map<String, String> query = request.queryParameters();
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
    return page(matching, query, "RecoveryPoints", p -> render(p, "BackupSizeInBytes"));
  }

  /** {@code GET /resources/<arn>/recovery-points}. */
  AwsResponse listByResource(AwsRequest request, String region, String resourceArn) {
    Map<String, String> query = request.queryParameters();
    List<Point> matching = points.values().stream()
        .filter(p -> p.region.equals(region) && p.resourceArn.equals(resourceArn))
        .sorted(Comparator.comparing((Point p) -> p.createdAt).thenComparing(p -> p.arn))
        .toList();
    return page(matching, query, "RecoveryPoints", p -> {
      Map<String, Object> out = render(p, "BackupSizeBytes");
      out.keySet().retainAll(List.of("RecoveryPointArn", "CreationDate", "Status", "BackupSizeBytes",
          "BackupVaultName", "IsParent", "ResourceName", "VaultType"));
      return out;
    });
  }

  private static AwsResponse page(List<Point> all, Map<String, String> query, String field,
      Function<Point, Map<String, Object>> render) {
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

  private static Map<String, Object> render(Point p, String sizeField) {
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

  /** {@code /tags/<arn>} (GET lists, POST tags) and {@code POST /untag/<arn>} on a recovery point. */
  AwsResponse tags(AwsRequest request, String arn, boolean untag) {
    Point point = points.get(arn);
    if (point == null) {
      return notFound(request, "recovery point " + arn + " does not exist");
    }
    if (untag) {
      request.json().path("TagKeyList").forEach(key -> point.tags.remove(key.asText()));
      return AwsResponse.json(Map.of());
    }
    if (request.method().equals("GET")) {
      return AwsResponse.json(Map.of("Tags", point.tags));
    }
    request.json().path("Tags").fields().forEachRemaining(t -> point.tags.put(t.getKey(), t.getValue().asText()));
    return AwsResponse.json(Map.of());
  }
}
