package dev.connectha.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectha.aws.AwsCalls;
import dev.connectha.json.Json;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * Follows an execution to its end from GetExecutionHistory (paged, polled; each poll starts at the
 * page it last ended in and skips the events it has seen). In a terminal, a status line (phase,
 * state, elapsed, downtime clock) is rewritten in place under the lines; elsewhere only lines.
 */
final class Follower {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final String CLEAR_LINE = "\r\033[2K";

  private final SfnClient sfn;
  private final PrintStream out;
  private final boolean terminal;
  private final boolean json;
  private final Duration interval;

  Follower(SfnClient sfn, PrintStream out, boolean terminal, boolean json, Duration interval) {
    this.sfn = sfn;
    this.out = out;
    this.terminal = terminal;
    this.json = json;
    this.interval = interval;
  }

  /** Follows {@code executionArn} until it ends, prints the summary and returns the exit code. */
  int follow(String executionArn, Workflow workflow) {
    Progress progress = new Progress(workflow);
    String pageToken = null;
    long lastEventId = 0;
    while (true) {
      String token = pageToken;
      while (true) {
        String from = token;
        GetExecutionHistoryResponse page = AwsCalls.call("GetExecutionHistory " + executionArn,
            () -> sfn.getExecutionHistory(b -> b.executionArn(executionArn).maxResults(500).nextToken(from)));
        for (HistoryEvent event : page.events()) {
          if (event.id() > lastEventId) {
            lastEventId = event.id();
            print(event.timestamp(), progress.apply(event));
          }
        }
        if (page.nextToken() == null) {
          pageToken = from;
          break;
        }
        token = page.nextToken();
      }
      if (progress.finished()) {
        break;
      }
      status(progress);
      pause();
    }
    if (terminal) {
      out.print(CLEAR_LINE);
    }
    summary(executionArn, progress);
    return progress.outcome().exitCode();
  }

  private void print(Instant at, List<String> lines) {
    if (json) {
      return;
    }
    for (String line : lines) {
      out.println((terminal ? CLEAR_LINE : "") + CLOCK.format(at) + " " + line);
    }
  }

  /** The rewritten line under the progress: phase, current state, elapsed, downtime while down. */
  private void status(Progress progress) {
    if (!terminal) {
      return;
    }
    Instant now = Instant.now();
    StringBuilder line = new StringBuilder(CLEAR_LINE);
    if (!progress.phase().isEmpty()) {
      line.append('[').append(progress.phase()).append("] ");
    }
    line.append(progress.currentState());
    progress.elapsed(now).ifPresent(e -> line.append("  elapsed ").append(Format.duration(e)));
    if (progress.down()) {
      progress.downtime(now).ifPresent(d -> line.append("  \033[1;31mDOWN ").append(Format.duration(d)).append("\033[0m"));
    }
    out.print(line);
    out.flush();
  }

  private void summary(String executionArn, Progress progress) {
    Instant now = Instant.now();
    if (json) {
      ObjectNode result = Json.MAPPER.createObjectNode().put("executionArn", executionArn).put("status", progress.status())
          .put("outcome", progress.outcome().name().toLowerCase()).put("exitCode", progress.outcome().exitCode());
      progress.elapsed(now).ifPresent(e -> result.put("seconds", e.toMillis() / 1000.0));
      progress.downtime(now).ifPresent(d -> result.put("downtimeSeconds", d.toMillis() / 1000.0));
      progress.error().ifPresent(e -> result.put("error", e));
      progress.cause().ifPresent(c -> result.put("cause", c));
      progress.subject().ifPresent(s -> result.put("subject", s));
      progress.message().ifPresent(m -> result.put("summary", m));
      progress.output().ifPresent(o -> result.set("output", o));
      var states = result.putArray("states");
      progress.runs().forEach(r -> states.addObject().put("name", r.name()).put("phase", r.phase())
          .put("seconds", r.duration().toMillis() / 1000.0));
      out.println(result);
      return;
    }
    out.println();
    progress.subject().ifPresent(s -> out.println(s));
    progress.message().ifPresent(m -> out.println(m));
    if (progress.message().isEmpty()) {
      progress.output().ifPresent(o -> out.println("output " + o));
    }
    Progress.Outcome outcome = progress.outcome();
    boolean saysMore = outcome == Progress.Outcome.HALTED || outcome == Progress.Outcome.BAD_INPUT;
    out.println("execution " + progress.status() + (saysMore ? " (" + outcome.name().toLowerCase().replace('_', ' ') + ")" : "")
        + progress.elapsed(now).map(e -> " in " + Format.duration(e)).orElse("")
        + progress.downtime(now).map(d -> ", downtime " + Format.duration(d)).orElse("")
        + progress.error().map(e -> ": " + e + progress.cause().map(c -> ": " + c).orElse("")).orElse(""));
  }

  private void pause() {
    try {
      Thread.sleep(interval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while following", e);
    }
  }
}
