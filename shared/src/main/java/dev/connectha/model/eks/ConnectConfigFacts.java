package dev.connectha.model.eks;

/**
 * The few settings of a Connect workload's {@code rstudio-connect.gcfg} that preflight checks, parsed from
 * its ConfigMap. Never the file's content: it may hold a database URL with a password, and this record lands in
 * the Step Functions history. Each field is as the file sets it, null when the file does not set it.
 *
 * @param launcherEnabled    {@code [Launcher] Enabled}
 * @param launcherKubernetes {@code [Launcher] Kubernetes}
 * @param kubernetesEnabled  {@code [Kubernetes] Enabled} (the chart's direct Kubernetes runner, Connect 2026.04+)
 * @param serverDataDir      {@code [Server] DataDir} (Connect's default: {@value #DEFAULT_DATA_DIR})
 * @param metricsEnabled     {@code [Metrics] Enabled}
 * @param graphiteEnabled    {@code [Metrics] Graphite}
 * @param metricsDataPath    {@code [Metrics] DataPath} (Connect's default: {@code <Server.DataDir>/metrics})
 */
public record ConnectConfigFacts(Boolean launcherEnabled, Boolean launcherKubernetes, Boolean kubernetesEnabled,
    String serverDataDir, Boolean metricsEnabled, Boolean graphiteEnabled, String metricsDataPath) {
  /** Connect's default {@code Server.DataDir}, where the chart mounts the shared storage. */
  public static final String DEFAULT_DATA_DIR = "/var/lib/rstudio-connect";

  /** Off-host execution: the Launcher on Kubernetes, or the direct Kubernetes runner. */
  public boolean offHostExecution() {
    return (Boolean.TRUE.equals(launcherEnabled) && Boolean.TRUE.equals(launcherKubernetes))
        || Boolean.TRUE.equals(kubernetesEnabled);
  }

  /** {@code Server.DataDir} as Connect uses it. */
  public String effectiveDataDir() {
    return serverDataDir == null || serverDataDir.isBlank() ? DEFAULT_DATA_DIR : serverDataDir;
  }

  /** {@code Metrics.DataPath} as Connect uses it. */
  public String effectiveMetricsPath() {
    return metricsDataPath == null || metricsDataPath.isBlank() ? effectiveDataDir() + "/metrics" : metricsDataPath;
  }
}
