package dev.connectha.model;

import dev.connectha.errors.InvalidInputException;
import java.util.regex.Pattern;

/**
 * A Unix account Connect runs content as ({@code Applications.RunAs}, or a content item's own
 * RunAs), with the UID and primary GID it must have on every node (Posit's HA rule: the same
 * UID/GID everywhere). Bootstrap creates it before Connect is installed and adds it to the
 * {@code rstudio-connect} group ({@code Applications.SharedRunAsUnixGroup}'s default), as Posit
 * requires of a custom RunAs user.
 *
 * @param name a POSIX user name
 * @param uid  its UID, at least 1 (never root)
 * @param gid  its primary group's GID, at least 1
 */
public record RunAsAccount(String name, int uid, int gid) {
  /** What {@code useradd} accepts everywhere: lower case, digits, {@code _} and {@code -}, at most 32. */
  public static final String NAME_PATTERN = "[a-z_][a-z0-9_-]{0,31}";
  private static final Pattern NAME = Pattern.compile(NAME_PATTERN);

  public RunAsAccount {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidInputException("runAsAccounts: '" + name + "' is not a user name (want " + NAME_PATTERN + ")");
    }
    if (uid < 1) {
      throw new InvalidInputException("runAsAccounts: " + name + ": uid must be at least 1, not " + uid);
    }
    if (gid < 1) {
      throw new InvalidInputException("runAsAccounts: " + name + ": gid must be at least 1, not " + gid);
    }
  }

  /** {@code name:uid:gid}, the form the BootstrapNode document's {@code runAsAccounts} parameter lists. */
  public String asParameter() {
    return name + ":" + uid + ":" + gid;
  }
}
