package dev.connectha.localcloud.twin;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The faults the twin keeps on its nodes and what serves them (see the fault methods on
 * {@link Twin}): agents offline, impaired Availability Zones, nodes the twin killed, the database's
 * reported status and the licence. Read by target health, SSM (commands, agent status), EC2 status
 * checks and RDS; forgotten at each seed.
 */
final class NodeFaults {
  private final Set<String> agentsOffline = ConcurrentHashMap.newKeySet();
  private final Set<String> impairedAzs = ConcurrentHashMap.newKeySet();
  private final Set<String> killed = ConcurrentHashMap.newKeySet();
  private volatile String databaseStatus;
  private volatile boolean licenseExpired;

  void reset() {
    agentsOffline.clear();
    impairedAzs.clear();
    killed.clear();
    databaseStatus = null;
    licenseExpired = false;
  }

  void agentOffline(String instanceId) {
    agentsOffline.add(instanceId);
  }

  void agentOnline(String instanceId) {
    agentsOffline.remove(instanceId);
  }

  void impair(String az) {
    impairedAzs.add(az);
  }

  void restore(String az) {
    impairedAzs.remove(az);
  }

  void killed(String instanceId) {
    killed.add(instanceId);
  }

  boolean wasKilled(String instanceId) {
    return killed.contains(instanceId);
  }

  /** Whether {@code node} cannot be reached at all: its AZ is impaired. */
  boolean unreachable(SimNode node) {
    return node.availabilityZone != null && impairedAzs.contains(node.availabilityZone);
  }

  /** Whether {@code node}'s SSM agent cannot reach SSM: offline on its own, or its AZ impaired. */
  boolean agentLost(SimNode node) {
    return agentsOffline.contains(node.instanceId) || unreachable(node);
  }

  void databaseStatus(String status) {
    this.databaseStatus = status;
  }

  /** The status RDS reports for the cluster's database, or null: as RDS has it. */
  String databaseStatus() {
    return databaseStatus;
  }

  void expireLicense() {
    licenseExpired = true;
  }

  boolean licenseExpired() {
    return licenseExpired;
  }
}
