package dev.connectha.model;

import dev.connectha.errors.InvalidInputException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks lists of EC2 instance ids in step inputs, before anything calls AWS. */
public final class InstanceIds {
  private static final Pattern INSTANCE_ID = Pattern.compile("i-(?:[0-9a-f]{8}|[0-9a-f]{17})");

  private InstanceIds() {}

  /**
   * Returns an unmodifiable copy of {@code ids}, or throws {@link InvalidInputException} when the
   * list is missing or empty, an entry is not an instance id, or an id is named twice.
   */
  public static List<String> require(String field, List<String> ids) {
    if (ids == null || ids.isEmpty()) {
      throw new InvalidInputException(field + " is required: name at least one instance");
    }
    Set<String> seen = new HashSet<>();
    for (String id : ids) {
      if (id == null || !INSTANCE_ID.matcher(id).matches()) {
        throw new InvalidInputException(field + ": not an EC2 instance id: " + (id == null ? "null" : "'" + id + "'"));
      }
      if (!seen.add(id)) {
        throw new InvalidInputException(field + ": instance " + id + " is named twice");
      }
    }
    return List.copyOf(ids);
  }
}
