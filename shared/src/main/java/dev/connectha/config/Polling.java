package dev.connectha.config;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * How a function waits inside one invocation for something that ends a step, often while the
 * cluster is down (a node command, a cold restore point). The workflow's own {@code pollSeconds}
 * loops (Wait states) cost a whole interval per round; inside the function, a result is read four
 * times per interval, at least every 250 ms, so the workflow learns of the end within a quarter
 * interval. The function runs until then anyway, and the reads (GetCommandInvocation,
 * DescribeDBSnapshots, DescribeBackupJob) are cheap.
 */
public final class Polling {
  /** The longest wait of one function call, well inside a 60 s function timeout (the workflow loops for longer). */
  public static final Duration MAX_WAIT_PER_CALL = Duration.ofSeconds(45);

  /** The shortest pause between two reads. */
  public static final Duration MIN_READ_INTERVAL = Duration.ofMillis(250);

  /** Pauses the calling thread; tests pass one that advances their clock instead. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration pause) throws InterruptedException;

    static Sleeper system() {
      return pause -> Thread.sleep(pause.toMillis());
    }
  }

  private Polling() {}

  /**
   * Reads with {@code read} until {@code done} holds or {@code wait} is spent in pauses of
   * {@code every} (at most {@code wait / every} pauses, so the reads' own time comes on top); the
   * last read is the answer. A zero {@code wait} reads once. An interrupt ends the wait with the
   * last read.
   */
  public static <T> T readUntil(Supplier<T> read, Predicate<T> done, Duration wait, Duration every, Sleeper sleeper) {
    long pauses = wait.toMillis() / Math.max(1, every.toMillis());
    T last = read.get();
    for (long i = 0; i < pauses && !done.test(last); i++) {
      try {
        sleeper.sleep(every);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return last;
      }
      last = read.get();
    }
    return last;
  }

  /** A wait of {@code seconds}, at most {@link #MAX_WAIT_PER_CALL}. */
  public static Duration waitOf(int seconds) {
    return Duration.ofSeconds(Math.min(Math.max(0, seconds), MAX_WAIT_PER_CALL.toSeconds()));
  }

  /** The pause between two reads for a workflow that polls every {@code pollSeconds}. */
  public static Duration readInterval(int pollSeconds) {
    return Duration.ofMillis(Math.max(MIN_READ_INTERVAL.toMillis(), pollSeconds * 250L));
  }
}
