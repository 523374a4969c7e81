package dev.connectha.localcloud.twin;

import java.time.Instant;

/** One node's run of one command: how it ended, and from when that shows (before {@code doneAt} it is InProgress). */
record CommandRun(String commandId, String instanceId, String document, String status, int responseCode,
    String stdout, String stderr, Instant requestedAt, Instant doneAt) {
  String statusAt(Instant now) {
    return now.isBefore(doneAt) ? "InProgress" : status;
  }
}
