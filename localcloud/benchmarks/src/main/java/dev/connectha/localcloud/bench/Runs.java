package dev.connectha.localcloud.bench;

import dev.connectha.localcloud.LambdaRuntime;
import dev.connectha.localcloud.LocalCloud;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
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

  /**
   * The seconds between {@code from} and {@code to} in which no function ran: the engine's turns
   * between steps (moto's ASL interpreter, starting nested executions) and the event's delivery.
   */
  static double idle(List<LambdaRuntime.Span> spans, Instant from, Instant to) {
    List<LambdaRuntime.Span> inside = spans.stream().filter(s -> s.end().isAfter(from) && s.start().isBefore(to))
        .sorted(Comparator.comparing(LambdaRuntime.Span::start)).toList();
    long busy = 0;
    Instant covered = from;
    for (LambdaRuntime.Span s : inside) {
      Instant start = s.start().isAfter(covered) ? s.start() : covered;
      Instant end = s.end().isBefore(to) ? s.end() : to;
      if (end.isAfter(start)) {
        busy += Duration.between(start, end).toMillis();
        covered = end;
      }
    }
    return (Duration.between(from, to).toMillis() - busy) / 1000.0;
  }

  /**
   * With {@code BENCH_DETAIL} set in the environment: every history event of {@code run}, its type and
   * state, in seconds after {@code from}; where a figure's overhead over its floor goes.
   */
  static void detail(PrintStream console, String label, LocalCloud.Execution run, Instant from) {
    if (System.getenv("BENCH_DETAIL") == null) {
      return;
    }
    String state = "";
    for (HistoryEvent e : run.history()) {
      if (e.stateEnteredEventDetails() != null) {
        state = e.stateEnteredEventDetails().name();
      }
      console.printf("  %s %7.3f  %-28s %s%n", label, Duration.between(from, e.timestamp()).toMillis() / 1000.0,
          e.typeAsString(), state);
    }
  }

  /** {@link #detail} for every execution of {@code stateMachine} (a logical id in template.yaml): a run's children. */
  static void detailEach(PrintStream console, String label, LocalCloud cloud, String stateMachine, Instant from) {
    if (System.getenv("BENCH_DETAIL") == null) {
      return;
    }
    String arn = cloud.template().resource(stateMachine).ref();
    cloud.clients().sfn.listExecutions(b -> b.stateMachineArn(arn)).executions().forEach(x ->
        detail(console, label, cloud.await(x.executionArn(), Duration.ofMinutes(1)), from));
  }
}
