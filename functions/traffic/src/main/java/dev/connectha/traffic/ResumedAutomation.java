package dev.connectha.traffic;

import java.util.List;

/**
 * Resume's output.
 *
 * @param cluster       the cluster
 * @param groups        each group of the {@code paused} input that still exists, with the processes
 *                      this call resumed (those of the input still suspended)
 * @param alarmsEnabled the alarms of the input whose actions this call enabled again
 * @param skipped       groups and alarms of the input that no longer exist
 * @param joined        the cluster's nodes now that were not at suspension (the input's
 *                      {@code instanceIds}): launched during the upgrade, by hand or by a group
 */
public record ResumedAutomation(String cluster, List<Group> groups, List<String> alarmsEnabled, List<String> skipped,
    List<String> joined)
    implements AutomationReport {
  public record Group(String name, List<String> resumedProcesses) {}

  public int processesResumed() {
    return groups.stream().mapToInt(g -> g.resumedProcesses().size()).sum();
  }
}
