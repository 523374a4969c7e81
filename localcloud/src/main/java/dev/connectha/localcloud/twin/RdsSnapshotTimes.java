package dev.connectha.localcloud.twin;

import dev.connectha.localcloud.AwsRequest;
import dev.connectha.localcloud.AwsResponse;
import dev.connectha.localcloud.Gateway;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes moto's RDS snapshots take time. moto creates a snapshot (or a copy) {@code available} at
 * once; the twin notes when each one started and reports it {@code creating} until its
 * {@link JobType#DB_SNAPSHOT} (or {@link JobType#DB_SNAPSHOT_COPY}) duration has passed, then
 * {@code available}, or {@code failed} when told to. It rewrites moto's XML answers of the create,
 * copy and describe calls, and refuses what RDS refuses of a snapshot that is not available yet
 * (restoring or copying it). It also gives {@code RestoreDBInstanceFromDBSnapshot} a
 * {@code MultiAZ=false} that moto ignores.
 */
final class RdsSnapshotTimes {
  private static final Pattern INSTANCE_SNAPSHOT = Pattern.compile("<DBSnapshot>(.*?)</DBSnapshot>", Pattern.DOTALL);
  private static final Pattern CLUSTER_SNAPSHOT =
      Pattern.compile("<DBClusterSnapshot>(.*?)</DBClusterSnapshot>", Pattern.DOTALL);
  private static final Pattern INSTANCE_ID = Pattern.compile("<DBSnapshotIdentifier>([^<]+)</DBSnapshotIdentifier>");
  private static final Pattern CLUSTER_ID =
      Pattern.compile("<DBClusterSnapshotIdentifier>([^<]+)</DBClusterSnapshotIdentifier>");
  private static final Pattern STATUS = Pattern.compile("<Status>[^<]*</Status>");
  private static final Pattern PERCENT = Pattern.compile("<PercentProgress>[^<]*</PercentProgress>");

  private enum Kind { INSTANCE, CLUSTER }

  private final BackupTwin twin;
  private final Map<String, JobClock> clocks = new ConcurrentHashMap<>();

  RdsSnapshotTimes(BackupTwin twin) {
    this.twin = twin;
  }

  void reset() {
    clocks.clear();
  }

  Optional<AwsResponse> handle(AwsRequest request, Gateway gateway) {
    if (!request.queryProtocol()) {
      return Optional.empty();
    }
    Map<String, String> form = request.form();
    String region = request.region();
    return switch (request.action()) {
      case "CreateDBSnapshot" -> Optional.of(started(request, gateway, JobType.DB_SNAPSHOT, Kind.INSTANCE,
          region, form.get("DBSnapshotIdentifier")));
      case "CreateDBClusterSnapshot" -> Optional.of(started(request, gateway, JobType.DB_SNAPSHOT, Kind.CLUSTER,
          region, form.get("DBClusterSnapshotIdentifier")));
      case "CopyDBSnapshot" -> Optional.of(unavailable(request, Kind.INSTANCE, region, form.get("SourceDBSnapshotIdentifier"))
          .orElseGet(() -> started(request, gateway, JobType.DB_SNAPSHOT_COPY, Kind.INSTANCE, region,
              form.get("TargetDBSnapshotIdentifier"))));
      case "CopyDBClusterSnapshot" -> Optional.of(unavailable(request, Kind.CLUSTER, region,
              form.get("SourceDBClusterSnapshotIdentifier"))
          .orElseGet(() -> started(request, gateway, JobType.DB_SNAPSHOT_COPY, Kind.CLUSTER, region,
              form.get("TargetDBClusterSnapshotIdentifier"))));
      case "DescribeDBSnapshots", "DescribeDBClusterSnapshots" -> Optional.of(rewrite(gateway.forward(request), region));
      case "RestoreDBInstanceFromDBSnapshot" -> Optional.of(unavailable(request, Kind.INSTANCE, region,
              form.get("DBSnapshotIdentifier"))
          .orElseGet(() -> restored(request, gateway, region, form)));
      case "DeleteDBSnapshot" -> Optional.of(deleted(request, gateway, Kind.INSTANCE, region,
          form.get("DBSnapshotIdentifier")));
      case "DeleteDBClusterSnapshot" -> Optional.of(deleted(request, gateway, Kind.CLUSTER, region,
          form.get("DBClusterSnapshotIdentifier")));
      default -> Optional.empty();
    };
  }

  /** moto makes the snapshot; the twin starts its clock and reports it as it is now. */
  private AwsResponse started(AwsRequest request, Gateway gateway, JobType type, Kind kind, String region, String id) {
    AwsResponse moto = gateway.forward(request);
    if (moto.status() == 200 && id != null) {
      clocks.put(key(kind, region, id), twin.start(type, Instant.now()));
    }
    return rewrite(moto, region);
  }

  private AwsResponse deleted(AwsRequest request, Gateway gateway, Kind kind, String region, String id) {
    JobClock clock = id == null ? null : clocks.get(key(kind, region, id));
    if (clock != null && !clock.doneAt(Instant.now())) {
      return invalidState(request, kind, "DB snapshot " + id + " is creating; it can be deleted once available");
    }
    AwsResponse moto = gateway.forward(request);
    if (moto.status() == 200 && id != null) {
      clocks.remove(key(kind, region, id));
    }
    return rewrite(moto, region);
  }

  private AwsResponse restored(AwsRequest request, Gateway gateway, String region, Map<String, String> form) {
    AwsResponse moto = gateway.forward(request);
    String id = form.get("DBInstanceIdentifier");
    if (moto.status() != 200 || !"false".equalsIgnoreCase(form.get("MultiAZ")) || id == null) {
      return moto;
    }
    twin.moto(region).rds.modifyDBInstance(b -> b.dbInstanceIdentifier(id).multiAZ(false).applyImmediately(true));
    String xml = new String(moto.body(), StandardCharsets.UTF_8).replace("<MultiAZ>true</MultiAZ>", "<MultiAZ>false</MultiAZ>");
    return new AwsResponse(moto.status(), moto.headers(), xml.getBytes(StandardCharsets.UTF_8));
  }

  /** RDS's refusal when {@code source} (an id in {@code region}, or an ARN) is not available; empty when it is. */
  private Optional<AwsResponse> unavailable(AwsRequest request, Kind kind, String region, String source) {
    if (source == null) {
      return Optional.empty();
    }
    String sourceRegion = region;
    String id = source;
    if (source.startsWith("arn:")) {
      String[] parts = source.split(":", 7);
      if (parts.length == 7) {
        sourceRegion = parts[3];
        id = parts[6];
      }
    }
    JobClock clock = clocks.get(key(kind, sourceRegion, id));
    Instant now = Instant.now();
    if (clock == null || clock.stateAt(now).equals("available")) {
      return Optional.empty();
    }
    return Optional.of(invalidState(request, kind, "DB snapshot " + id + " is " + clock.stateAt(now)
        + ", not available"));
  }

  private static AwsResponse invalidState(AwsRequest request, Kind kind, String message) {
    return AwsResponse.error(request, 400,
        kind == Kind.INSTANCE ? "InvalidDBSnapshotState" : "InvalidDBClusterSnapshotStateFault", message);
  }

  /** moto's answer with each tracked snapshot's status (and progress) as the twin's clock has it now. */
  private AwsResponse rewrite(AwsResponse moto, String region) {
    if (moto.status() != 200 || clocks.isEmpty()) {
      return moto;
    }
    String xml = new String(moto.body(), StandardCharsets.UTF_8);
    Instant now = Instant.now();
    xml = rewrite(xml, INSTANCE_SNAPSHOT, INSTANCE_ID, Kind.INSTANCE, region, now);
    xml = rewrite(xml, CLUSTER_SNAPSHOT, CLUSTER_ID, Kind.CLUSTER, region, now);
    return new AwsResponse(moto.status(), moto.headers(), xml.getBytes(StandardCharsets.UTF_8));
  }

  private String rewrite(String xml, Pattern element, Pattern idPattern, Kind kind, String region, Instant now) {
    Matcher m = element.matcher(xml);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String body = m.group(1);
      Matcher id = idPattern.matcher(body);
      JobClock clock = id.find() ? clocks.get(key(kind, region, id.group(1))) : null;
      if (clock != null) {
        body = STATUS.matcher(body).replaceFirst("<Status>" + clock.stateAt(now) + "</Status>");
        body = PERCENT.matcher(body).replaceFirst("<PercentProgress>" + clock.percentAt(now) + "</PercentProgress>");
      }
      String tag = kind == Kind.INSTANCE ? "DBSnapshot" : "DBClusterSnapshot";
      m.appendReplacement(out, Matcher.quoteReplacement("<" + tag + ">" + body + "</" + tag + ">"));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String key(Kind kind, String region, String id) {
    return kind + "/" + region + "/" + id.toLowerCase(Locale.ROOT);
  }
}
