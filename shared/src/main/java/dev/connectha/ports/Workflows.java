package dev.connectha.ports;

import java.time.Instant;
import java.util.Optional;

/** Starts the control plane's own workflows (Step Functions) by name: remediation's intake uses it. */
public interface Workflows {
  /**
   * Starts {@code stateMachineArn} with {@code input} as execution {@code name}. Idempotent: when an
   * execution of that name exists already, nothing new starts and its ARN is returned.
   */
  String start(String stateMachineArn, String name, String input);

  /**
   * An execution's status.
   *
   * @param status    Step Functions' status: RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE
   * @param stoppedAt when it ended (null while it runs)
   */
  record Run(String status, Instant stoppedAt) {
    public boolean running() {
      return "RUNNING".equals(status);
    }
  }

  /** The execution {@code name} of {@code stateMachineArn}; empty when there is none. */
  Optional<Run> run(String stateMachineArn, String name);
}
