package dev.connectha.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How durations and times read in the CLI's text output. */
final class Format {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
      .withZone(ZoneOffset.UTC);

  private Format() {}

  /** {@code 0.4s}, {@code 12.0s}, {@code 3m05s}, {@code 2h04m}, {@code 3d04h}. */
  static String duration(Duration d) {
    long ms = Math.max(0, d.toMillis());
    if (ms < 60_000) {
      return "%.1fs".formatted(ms / 1000.0);
    }
    long s = ms / 1000;
    if (s < 3600) {
      return "%dm%02ds".formatted(s / 60, s % 60);
    }
    if (s < 86_400) {
      return "%dh%02dm".formatted(s / 3600, (s % 3600) / 60);
    }
    return "%dd%02dh".formatted(s / 86_400, (s % 86_400) / 3600);
  }

  static String time(Instant at) {
    return at == null ? "-" : TIME.format(at);
  }
}
