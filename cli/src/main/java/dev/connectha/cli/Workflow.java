package dev.connectha.cli;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;

/**
 * The control plane's workflows: their execution-name prefix and the stack output holding their
 * ARN. The CLI starts all but {@link #REMEDIATE}, which the intake starts (it shows and follows it).
 */
public enum Workflow {
  PREFLIGHT("preflight", "PreflightStateMachineArn"),
  BACKUP("backup", "BackupStateMachineArn"),
  RESTORE("restore", "RestoreStateMachineArn"),
  UPGRADE("rolling-upgrade", "RollingUpgradeStateMachineArn"),
  /** The upgrade of a cluster of the eks topology; {@code connectha upgrade} starts it for such a cluster. */
  UPGRADE_EKS("upgrade-eks", "UpgradeEksStateMachineArn"),
  PROVISION("provision-node", "ProvisionNodeStateMachineArn"),
  RETIRE("retire-node", "RetireNodeStateMachineArn"),
  ENSURE_CAPACITY("ensure-capacity", "EnsureCapacityStateMachineArn"),
  REMEDIATE("remediate", "RemediateStateMachineArn");

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

  /**
   * Whether {@code name} may be an execution of {@code cluster}'s: {@code <id>-<cluster>-...} (the
   * CLI's and the schedules' names) or {@code <cluster>-...} (the intake's: a remediation
   * {@code <cluster>-<subject>-<time>}, a rebalance {@code <cluster>-rebalance-<zone>-<time>}).
   * Child executions, named after their parent or node, are not. Only a candidate: cluster
   * {@code a}'s prefix also matches cluster {@code a-b}'s names, so the input's cluster decides.
   */
  public boolean mayBeRunOf(String name, String cluster) {
    return name.startsWith(id + "-" + cluster + "-") || name.startsWith(cluster + "-");
  }

  public static Optional<Workflow> ofId(String id) {
    return Arrays.stream(values()).filter(w -> w.id.equals(id)).findFirst();
  }

  /** The workflow an execution name {@code <id>-<cluster>-<key>} starts with (the longest such id); empty for others. */
  public static Optional<Workflow> ofExecutionName(String name) {
    return Arrays.stream(values()).filter(w -> name.startsWith(w.id + "-"))
        .max(Comparator.comparingInt(w -> w.id.length()));
  }
}
