package dev.connectha.provision;

import java.util.List;

/**
 * @param action           what was done
 * @param instanceId       {@code launch} and {@code await}: the node
 * @param availabilityZone {@code launch} and {@code await}: its zone
 * @param state            {@code await}: its EC2 state (running)
 * @param removed          {@code remove}: the nodes deregistered and terminated (empty: the execution launched none)
 * @param stopped          {@code quarantine}: true, the node is stopped (or stopping) and tagged; absent for the other actions
 */
public record LaunchReport(String action, String instanceId, String availabilityZone, String state, List<String> removed,
    Boolean stopped) {
  /** A report of an action that stops nothing. */
  public LaunchReport(String action, String instanceId, String availabilityZone, String state, List<String> removed) {
    this(action, instanceId, availabilityZone, state, removed, null);
  }
}
