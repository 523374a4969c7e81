package dev.connectha.traffic;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.ClusterName;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a suspend changed, and so exactly what its resume undoes: suspend's output, resume's
 * {@code paused} input. A process or alarm that was already suspended or disabled before (by an
 * operator) is not listed, so resume leaves it as it was.
 *
 * @param cluster        the cluster
 * @param groups         every Auto Scaling group holding a node of the cluster, each with the
 *                       processes this suspend suspended there (possibly none)
 * @param alarmsDisabled the remediation alarms whose actions this suspend disabled
 * @param instanceIds    the cluster's nodes at suspension, so that resume can name any that joined since
 */
public record PausedAutomation(String cluster, List<Group> groups, List<String> alarmsDisabled, List<String> instanceIds)
    implements AutomationReport {

  /**
   * The processes that would replace or move nodes an upgrade stops on purpose, and Launch: with it
   * running, a node that dies mid-upgrade is replaced by one booting whatever the launch template
   * installs, possibly the old version against the migrated schema. Terminate is left running: a
   * node terminated mid-upgrade cannot run an old binary, and scale-in stays the operator's.
   */
  public static final List<String> PROCESSES = List.of("HealthCheck", "ReplaceUnhealthy", "AZRebalance", "Launch");

  /** @param suspendedProcesses a subset of {@link #PROCESSES} */
  public record Group(String name, List<String> suspendedProcesses) {
    public Group {
      if (name == null || name.isBlank()) {
        throw new InvalidInputException("an Auto Scaling group without a name");
      }
      suspendedProcesses = List.copyOf(Objects.requireNonNullElse(suspendedProcesses, List.of()));
      Set<String> seen = new HashSet<>();
      for (String process : suspendedProcesses) {
        if (!PROCESSES.contains(process)) {
          throw new InvalidInputException("group " + name + ": " + process
              + " is not a process PauseAutomation suspends (" + String.join(", ", PROCESSES) + ")");
        }
        if (!seen.add(process)) {
          throw new InvalidInputException("group " + name + ": " + process + " is listed twice");
        }
      }
    }
  }

  public PausedAutomation {
    ClusterName.require(cluster);
    groups = List.copyOf(Objects.requireNonNullElse(groups, List.of()));
    alarmsDisabled = List.copyOf(Objects.requireNonNullElse(alarmsDisabled, List.of()));
    instanceIds = List.copyOf(Objects.requireNonNullElse(instanceIds, List.of()));
    Set<String> names = new HashSet<>();
    for (Group group : groups) {
      if (!names.add(group.name())) {
        throw new InvalidInputException("Auto Scaling group " + group.name() + " is listed twice");
      }
    }
    Set<String> alarms = new HashSet<>();
    for (String alarm : alarmsDisabled) {
      if (alarm == null || alarm.isBlank() || alarm.length() > 255) {
        throw new InvalidInputException("not an alarm name: " + (alarm == null ? "null" : "'" + alarm + "'"));
      }
      if (!alarms.add(alarm)) {
        throw new InvalidInputException("alarm " + alarm + " is listed twice");
      }
    }
  }

  public int processesSuspended() {
    return groups.stream().mapToInt(g -> g.suspendedProcesses().size()).sum();
  }
}
