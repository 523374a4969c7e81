package dev.connectha.ports;

/** Starts the control plane's own workflows (Step Functions) by name: remediation's intake uses it. */
public interface Workflows {
  /**
   * Starts {@code stateMachineArn} with {@code input} as execution {@code name}. Idempotent: when an
   * execution of that name exists already, nothing new starts and its ARN is returned.
   */
  String start(String stateMachineArn, String name, String input);
}
