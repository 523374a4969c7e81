package dev.connectha.cli;

import java.util.Arrays;
import java.util.Optional;

/** The workflows the CLI starts: their execution-name prefix and the stack output holding their ARN. */
public enum Workflow {
  PREFLIGHT("preflight", "PreflightStateMachineArn"),
  BACKUP("backup", "BackupStateMachineArn"),
  RESTORE("restore", "RestoreStateMachineArn"),
  UPGRADE("rolling-upgrade", "RollingUpgradeStateMachineArn"),
  PROVISION("provision-node", "ProvisionNodeStateMachineArn"),
  RETIRE("retire-node", "RetireNodeStateMachineArn"),
  ENSURE_CAPACITY("ensure-capacity", "EnsureCapacityStateMachineArn");

  private final String id;
  private final String output;

  Workflow(String id, String output) {
    this.id = id;
    this.output = output;
  }

  /** The workflow's name, as in its execution names ({@code <id>-<cluster>-<key>}). */
  public String id() {
    return id;
  }

  /** The stack output that holds the state machine's ARN. */
  public String output() {
    return output;
  }

  public static Optional<Workflow> ofId(String id) {
    return Arrays.stream(values()).filter(w -> w.id.equals(id)).findFirst();
  }
}
