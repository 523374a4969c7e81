package dev.connectha.model.backup;

import dev.connectha.errors.InvalidInputException;
import java.util.regex.Pattern;

/**
 * RDS's rules for DB instance, cluster and snapshot identifiers, checked before any AWS call: 1 to
 * 63 (instances, clusters) or 255 (snapshots) letters, digits or hyphens, starting with a letter,
 * no two hyphens in a row, not ending in a hyphen.
 */
public final class RdsIdentifier {
  private static final Pattern VALID = Pattern.compile("[A-Za-z](?:-?[A-Za-z0-9])*");

  private RdsIdentifier() {}

  public static String requireInstance(String id) {
    return require("DB instance identifier", id, 63);
  }

  public static String requireCluster(String id) {
    return require("DB cluster identifier", id, 63);
  }

  public static String requireSnapshot(String id) {
    return require("DB snapshot identifier", id, 255);
  }

  private static String require(String what, String id, int max) {
    if (id == null || id.length() > max || !VALID.matcher(id).matches()) {
      throw new InvalidInputException(what + " must be 1-" + max + " letters, digits or hyphens, start with a letter, "
          + "and have no '--' or trailing '-': " + (id == null ? "(missing)" : "'" + id + "'"));
    }
    return id;
  }
}
