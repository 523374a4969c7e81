package dev.connectha.model.backup;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.ClusterName;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The tags every backup the control plane makes carries: the cluster, the backup set (one RDS
 * snapshot and one EFS recovery point taken in the same window share it), and any others given.
 * Retention prunes only what carries {@link #BACKUP_SET}: what the control plane created.
 */
public record BackupTags(String cluster, String backupSet, Map<String, String> extra) {
  public static final String CLUSTER = "connect-ha:cluster";
  public static final String BACKUP_SET = "connect-ha:backup-set";
  /** On a copy: the ARN of the snapshot or recovery point it was copied from. */
  public static final String COPIED_FROM = "connect-ha:copied-from";
  /** On a restored DB instance: the ARN of the snapshot it was restored from. */
  public static final String RESTORED_FROM = "connect-ha:restored-from";

  private static final Pattern BACKUP_SET_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  public BackupTags {
    ClusterName.require(cluster);
    if (backupSet == null || !BACKUP_SET_ID.matcher(backupSet).matches()) {
      throw new InvalidInputException("backup set must be 1-64 letters, digits, '.', '_' or '-': "
          + (backupSet == null ? "(missing)" : "'" + backupSet + "'"));
    }
    extra = Map.copyOf(new TreeMap<>(checkExtra(Objects.requireNonNullElse(extra, Map.of()))));
  }

  public BackupTags(String cluster, String backupSet) {
    this(cluster, backupSet, Map.of());
  }

  /** Every tag, the two control-plane tags first. */
  public Map<String, String> asMap() {
    Map<String, String> all = new LinkedHashMap<>();
    all.put(CLUSTER, cluster);
    all.put(BACKUP_SET, backupSet);
    all.putAll(new TreeMap<>(extra));
    return all;
  }

  /** Checks user-given tags against AWS's limits and the control plane's own keys. */
  public static Map<String, String> checkExtra(Map<String, String> tags) {
    tags.forEach((key, value) -> {
      if (key == null || key.isBlank() || key.length() > 128 || key.startsWith("aws:")) {
        throw new InvalidInputException("tag key must be 1-128 characters and not start with 'aws:': '" + key + "'");
      }
      if (value == null || value.length() > 256) {
        throw new InvalidInputException("tag " + key + ": value must be 0-256 characters");
      }
      if (key.equals(CLUSTER) || key.equals(BACKUP_SET) || key.equals(COPIED_FROM) || key.equals(RESTORED_FROM)) {
        throw new InvalidInputException("tag " + key + " is set by the control plane itself");
      }
    });
    return tags;
  }
}
