package dev.connectha.localcloud;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Polling with a deadline, for what the local cloud does in the background (no sleeping for a guessed time). */
final class Await {
  private Await() {}

  /** {@code probe}'s first non-null answer, asked every 100 ms; an AssertionError naming {@code what} past {@code timeout}. */
  static <T> T until(String what, Duration timeout, Supplier<T> probe) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      LocalCloud.pause(Duration.ofMillis(100));
    }
    throw new AssertionError(what + " within " + timeout);
  }
}
