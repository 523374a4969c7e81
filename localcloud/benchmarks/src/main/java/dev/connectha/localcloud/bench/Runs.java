package dev.connectha.localcloud.bench;

import dev.connectha.localcloud.LocalCloud;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/** What every benchmark does around its runs: keep the console for the figures, and read when states began and ended. */
final class Runs {
  private Runs() {}

  /**
   * Sends what the functions print in-process to {@code localcloud/target/localcloud/benchmark-functions.log}
   * and returns the console, for the figures alone.
   */
  static PrintStream console() throws IOException {
    PrintStream console = System.out;
    System.setOut(new PrintStream(Files.newOutputStream(Files.createDirectories(Path.of("localcloud/target/localcloud"))
        .resolve("benchmark-functions.log")), true, StandardCharsets.UTF_8));
    return console;
  }

  /** When {@code state} was first entered in {@code run}. */
  static Instant entered(LocalCloud.Execution run, String state) {
    return run.history().stream().filter(e -> e.stateEnteredEventDetails() != null
        && e.stateEnteredEventDetails().name().equals(state)).map(HistoryEvent::timestamp).findFirst().orElseThrow();
  }

  /** When {@code state} was first exited in {@code run}. */
  static Instant exited(LocalCloud.Execution run, String state) {
    return run.history().stream().filter(e -> e.stateExitedEventDetails() != null
        && e.stateExitedEventDetails().name().equals(state)).map(HistoryEvent::timestamp).findFirst().orElseThrow();
  }
}
