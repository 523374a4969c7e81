package dev.connectha.remediation;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/** CloseIncident: the remediate workflow's last step records how the incident ended. */
public final class CloseIncidentHandler extends JsonHandler<CloseIncidentInput, CloseIncidentResult> {
  private final IncidentCloser closer;

  public CloseIncidentHandler() {
    this(System.getenv());
  }

  public CloseIncidentHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private CloseIncidentHandler(Config config) {
    this(RemediationComponent.create(config).incidentCloser(), config.metricsNamespace());
  }

  public CloseIncidentHandler(IncidentCloser closer, String metricsNamespace) {
    super(CloseIncidentInput.class, metricsNamespace);
    this.closer = closer;
  }

  @Override
  protected CloseIncidentResult handle(CloseIncidentInput input) {
    return closer.close(input);
  }

  /** TimeToRepair: seconds from an incident's first event to its close, for the incidents this call closed. */
  @Override
  protected void addMetrics(Metrics metrics, CloseIncidentResult result) {
    if (result.closed()) {
      metrics.addMetric("TimeToRepair", result.secondsSinceIncident(), MetricUnit.SECONDS);
    }
  }
}
