package dev.connectha.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.connectha.errors.InvalidInputException;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Posit Connect release, {@code YYYY.MM.PATCH} (e.g. 2024.08.0), ordered by release. */
public record ConnectVersion(int year, int month, int patch) implements Comparable<ConnectVersion> {
  private static final Pattern FORMAT = Pattern.compile("(\\d{4})\\.(\\d{2})\\.(\\d{1,3})");
  private static final Comparator<ConnectVersion> ORDER = Comparator.comparingInt(ConnectVersion::year)
      .thenComparingInt(ConnectVersion::month).thenComparingInt(ConnectVersion::patch);

  public ConnectVersion {
    if (year < 2000 || month < 1 || month > 12 || patch < 0) {
      throw new InvalidInputException("not a Connect version: %d.%02d.%d".formatted(year, month, patch));
    }
  }

  /** Parses {@code 2024.08.0}; anything else is an {@link InvalidInputException}. */
  @JsonCreator
  public static ConnectVersion parse(String text) {
    Matcher m = text == null ? null : FORMAT.matcher(text.strip());
    if (m == null || !m.matches()) {
      throw new InvalidInputException("not a Connect version (want YYYY.MM.PATCH): " + text);
    }
    return new ConnectVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(3)));
  }

  public boolean isNewerThan(ConnectVersion other) {
    return compareTo(other) > 0;
  }

  @Override
  public int compareTo(ConnectVersion other) {
    return ORDER.compare(this, other);
  }

  @JsonValue
  @Override
  public String toString() {
    return "%d.%02d.%d".formatted(year, month, patch);
  }
}
