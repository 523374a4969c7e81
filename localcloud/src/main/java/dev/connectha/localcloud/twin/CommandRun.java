package dev.connectha.localcloud.twin;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One node's invocation of one command, as SSM keeps it: InProgress from {@link #requestedAt}
 * until its {@link CommandOutcome} is decided, which is at {@link #endsAt} (when its script runs on
 * the node) or earlier when the node dies under it. The outcome is decided once ({@link #claim()}).
 */
final class CommandRun {
  final String commandId;
  final String instanceId;
  final String document;
  final String script;
  final Instant requestedAt;
  final Instant endsAt;
  /** The stderr of a failure injected for this run (it fails at its end without running), or null. */
  final String failure;
  private final AtomicBoolean claimed = new AtomicBoolean();
  private volatile CommandOutcome outcome;

  CommandRun(String commandId, String instanceId, String document, String script, Instant requestedAt, Instant endsAt,
      String failure) {
    this.commandId = commandId;
    this.instanceId = instanceId;
    this.document = document;
    this.script = script;
    this.requestedAt = requestedAt;
    this.endsAt = endsAt;
    this.failure = failure;
  }

  /** A run that ended as it was sent (the node could not take it). */
  static CommandRun ended(String commandId, String instanceId, String document, Instant now, CommandOutcome outcome) {
    CommandRun run = new CommandRun(commandId, instanceId, document, "", now, now, null);
    run.claim();
    run.end(outcome);
    return run;
  }

  /** True for the one caller that gets to decide the outcome (the end of the run, or the node's death). */
  boolean claim() {
    return claimed.compareAndSet(false, true);
  }

  /** Sets the outcome; only the caller that {@link #claim()}ed the run. */
  void end(CommandOutcome decided) {
    outcome = decided;
  }

  /** The outcome, or null while the command is still running on the node. */
  CommandOutcome outcome() {
    return outcome;
  }
}
