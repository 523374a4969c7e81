package dev.connectha.remediation;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;

/** EnsureClusterMonitoring: brings each cluster's remediation alarms to what its nodes and load balancer need. */
public final class EnsureClusterMonitoringHandler extends JsonHandler<EnsureClusterMonitoringInput, MonitoringReport> {
  private final ClusterMonitoring monitoring;

  public EnsureClusterMonitoringHandler() {
    this(System.getenv());
  }

  public EnsureClusterMonitoringHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private EnsureClusterMonitoringHandler(Config config) {
    this(RemediationComponent.create(config).clusterMonitoring(), config.metricsNamespace());
  }

  public EnsureClusterMonitoringHandler(ClusterMonitoring monitoring, String metricsNamespace) {
    super(EnsureClusterMonitoringInput.class, metricsNamespace);
    this.monitoring = monitoring;
  }

  @Override
  protected MonitoringReport handle(EnsureClusterMonitoringInput input) {
    return monitoring.ensure(input);
  }
}
