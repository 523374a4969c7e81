package dev.connectha.model;

import dev.connectha.errors.InvalidInputException;
import java.util.regex.Pattern;

/** Checks cluster names: they become SSM parameter names, tag values and execution names. */
public final class ClusterName {
  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

  private ClusterName() {}

  /** Whether {@code name} is a valid cluster name. */
  public static boolean valid(String name) {
    return name != null && VALID.matcher(name).matches();
  }

  /** Returns the name, or throws {@link InvalidInputException} before anything calls AWS. */
  public static String require(String name) {
    if (!valid(name)) {
      throw new InvalidInputException(
          "cluster name must be 1-40 lowercase letters, digits or '-', starting with a letter or digit: "
              + (name == null ? "(missing)" : "'" + name + "'"));
    }
    return name;
  }
}
