package dev.connectha.model;

import dev.connectha.errors.InvalidInputException;
import java.util.regex.Pattern;

/** Checks cluster names: they become SSM parameter names, tag values and execution names. */
public final class ClusterName {
  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

  private ClusterName() {}

  /** Returns the name, or throws {@link InvalidInputException} before anything calls AWS. */
  public static String require(String name) {
    if (name == null || !VALID.matcher(name).matches()) {
      throw new InvalidInputException(
          "cluster name must be 1-40 lowercase letters, digits or '-', starting with a letter or digit: "
              + (name == null ? "(missing)" : "'" + name + "'"));
    }
    return name;
  }
}
