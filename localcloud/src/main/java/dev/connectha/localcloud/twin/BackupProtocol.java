package dev.connectha.localcloud.twin;

import dev.connectha.localcloud.AwsRequest;
import dev.connectha.localcloud.AwsResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What AWS Backup's REST-JSON protocol looks like on the twin: its ARNs, ids, dates, errors, and
 * how a request's path is read. Shared by the router ({@link BackupApi}), the store
 * ({@link RecoveryPoints}) and the jobs ({@link BackupJobs}, {@link RestoreJobs}).
 */
final class BackupProtocol {
  static final Pattern EFS_ARN =
      Pattern.compile("arn:aws[a-z-]*:elasticfilesystem:([a-z0-9-]+):\\d{12}:file-system/(fs-[0-9a-f]+)");
  static final Pattern VAULT_ARN = Pattern.compile("arn:aws[a-z-]*:backup:([a-z0-9-]+):\\d{12}:backup-vault:(.+)");
  /** The size every backup, copy and restore of the twin reports. */
  static final long BACKUP_SIZE = 5L * 1024 * 1024 * 1024;
  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/.+");

  private BackupProtocol() {}

  static String jobId() {
    return UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
  }

  /** A new recovery point's ARN in {@code region}. */
  static String recoveryPointArn(String region) {
    return "arn:aws:backup:" + region + ":" + BackupTwin.ACCOUNT + ":recovery-point:" + jobId();
  }

  static boolean isRecoveryPoint(String arn) {
    return arn.contains(":recovery-point:");
  }

  /** A date as AWS Backup sends it: epoch seconds with a fraction. */
  static double epoch(Instant instant) {
    return instant.toEpochMilli() / 1000.0;
  }

  /** A date in a query: ISO-8601 or epoch seconds; null when absent or unreadable. */
  static Instant instant(String text) {
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

  /** AWS Backup's refusal of an IamRoleArn that is not a role's ARN; null when it is one. */
  static AwsResponse checkRole(AwsRequest request, String roleArn) {
    return ROLE_ARN.matcher(roleArn).matches() ? null
        : invalid(request, "IamRoleArn is not an IAM role ARN: " + roleArn);
  }

  static AwsResponse notFound(AwsRequest request, String message) {
    return AwsResponse.error(request, 400, "ResourceNotFoundException", message);
  }

  static AwsResponse invalid(AwsRequest request, String message) {
    return AwsResponse.error(request, 400, "InvalidParameterValueException", message);
  }

  static AwsResponse notServed(AwsRequest request) {
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
}
