package dev.connectha.localcloud.twin;

import java.time.Instant;
import software.amazon.awssdk.services.ssm.model.CommandInvocationStatus;

/**
 * How one invocation ended, in SSM's terms: {@code status} is the invocation's {@code Status} (the
 * SDK's enum, so the twin cannot answer a status SSM does not have) and {@code statusDetails} its
 * finer {@code StatusDetails} ({@code Success}, {@code Failed}, {@code Undeliverable},
 * {@code Terminated}, {@code ExecutionTimedOut}, ...).
 */
record CommandOutcome(CommandInvocationStatus status, String statusDetails, int responseCode, String stdout,
    String stderr, Instant endedAt) {

  /** SSM's StatusDetails for a node that stopped or was unreachable. */
  static final String UNDELIVERABLE = "Undeliverable";
  /** SSM's StatusDetails the twin gives a node terminated under its command. */
  static final String TERMINATED = "Terminated";

  static CommandOutcome of(CommandInvocationStatus status, int responseCode, String stdout, String stderr) {
    return new CommandOutcome(status, status.toString(), responseCode, stdout, stderr, Instant.now());
  }

  static CommandOutcome timedOut() {
    return new CommandOutcome(CommandInvocationStatus.TIMED_OUT, "ExecutionTimedOut", -1, "", "timed out", Instant.now());
  }

  /** The node was not there to run the command, or went away while it ran. */
  static CommandOutcome lost(String statusDetails, String stderr) {
    return new CommandOutcome(CommandInvocationStatus.FAILED, statusDetails, -1, "", stderr, Instant.now());
  }
}
