package dev.connectha.remediation;

import java.util.List;

/** What EnsureClusterMonitoring changed, per cluster. */
public record MonitoringReport(List<ClusterAlarms> clusters) {
  public MonitoringReport {
    clusters = List.copyOf(clusters);
  }

  /**
   * @param created the alarms put: missing ones and ones whose definition differed, sorted
   * @param deleted the alarms under the cluster's prefix that are no longer wanted, sorted
   * @param kept    how many wanted alarms were already as wanted
   * @param dashboard what became of its dashboard: {@code put} (created or brought back to its body), {@code kept},
   *                {@code template} (the stack owns it: the cluster the template registers) or {@code none}
   *                (the function is not told the stack's name)
   */
  public record ClusterAlarms(String cluster, List<String> created, List<String> deleted, int kept, String dashboard) {
    public ClusterAlarms {
      created = List.copyOf(created);
      deleted = List.copyOf(deleted);
    }
  }
}
