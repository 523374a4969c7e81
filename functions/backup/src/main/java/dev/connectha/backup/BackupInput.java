package dev.connectha.backup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.config.Polling;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.BackupMode;
import dev.connectha.model.BackupSet;
import dev.connectha.model.ClusterName;
import dev.connectha.model.RetentionPolicy;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The input of every backup function; each uses the fields it needs and checks them before any
 * AWS call.
 *
 * @param cluster     the registered cluster
 * @param mode        {@code online} (while Connect serves), {@code cold} (the workflow stops Connect) or
 *                    {@code stopped} (the caller stopped every node and holds the lock: the rolling
 *                    upgrade's restore point; recorded as a cold set)
 * @param retention   what to keep; StartBackupSet checks it up front, PruneBackups applies it
 * @param drRegion    region to copy complete sets to ({@code ""}: none; must be none in mode {@code stopped});
 *                    StartBackupSet checks it
 * @param setId       the backup set (Check/Complete/Copy)
 * @param region      the DR region to copy to (CopyBackupSet)
 * @param failure     the workflow's error ({@code {Error, Cause}}) when CompleteBackupSet ends a set early
 * @param pollSeconds the workflow's poll interval (0 to 3600); CheckBackupSet waits up to that long
 *                    for a cold or stopped set to finish (Connect is down until it does)
 * @param executionId the Step Functions execution: the set id derives from it, and the log correlation id is it
 */
public record BackupInput(
    String cluster,
    String mode,
    RetentionPolicy retention,
    String drRegion,
    String setId,
    String region,
    JsonNode failure,
    Integer pollSeconds,
    String executionId) {
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov)?-[a-z]+-\\d");

  public BackupInput {
    ClusterName.require(cluster);
    if (mode != null) {
      backupMode(mode);
    }
    if (drRegion != null && !drRegion.isEmpty()) {
      requireRegion(drRegion);
      if ("stopped".equals(mode)) {
        throw new InvalidInputException("mode stopped makes no DR copy (its caller's nodes are down until the set is"
            + " recorded): leave drRegion empty; the next backup with a drRegion copies its own set");
      }
    }
    if (region != null) {
      requireRegion(region);
    }
    if (setId != null) {
      BackupSet.requireSetId(setId);
    }
    if (pollSeconds != null && (pollSeconds < 0 || pollSeconds > 3600)) {
      throw new InvalidInputException("pollSeconds must be between 0 and 3600: " + pollSeconds);
    }
  }

  public BackupMode backupMode() {
    return backupMode(mode == null ? "online" : mode);
  }

  /**
   * How long CheckBackupSet waits for the set to finish: a whole call ({@link Polling#MAX_WAIT_PER_CALL})
   * when Connect is down meanwhile (mode cold or stopped; it reads every quarter {@code pollSeconds}), else
   * nothing. A call per 45 s rather than per poll: the workflow sees the end at the next read, not
   * after the engine's turn between two calls, and pays a few state transitions per set, not a few per poll.
   */
  public Duration setWait() {
    if (mode == null || backupMode() != BackupMode.COLD || pollSeconds == null) {
      return Duration.ZERO;
    }
    return Polling.MAX_WAIT_PER_CALL;
  }

  public String requireSet() {
    if (setId == null) {
      throw new InvalidInputException("setId is required");
    }
    return setId;
  }

  public RetentionPolicy requireRetention() {
    if (retention == null) {
      throw new InvalidInputException("retention is required: {\"keepLast\": N, \"keepDaily\": D, \"keepWeekly\": W, \"keepMonthly\": M}");
    }
    return retention;
  }

  /** The failure as one line, or null. */
  public String failureText() {
    if (failure == null || failure.isNull() || failure.isMissingNode()) {
      return null;
    }
    return failure.path("Error").asText("error") + ": " + failure.path("Cause").asText("");
  }

  private static BackupMode backupMode(String mode) {
    return switch (mode) {
      case "online" -> BackupMode.ONLINE;
      case "cold", "stopped" -> BackupMode.COLD;
      default -> throw new InvalidInputException("mode must be online, cold or stopped: '" + mode + "'");
    };
  }

  private static void requireRegion(String region) {
    if (!REGION.matcher(region).matches()) {
      throw new InvalidInputException("not an AWS region: '" + region + "'");
    }
  }
}
