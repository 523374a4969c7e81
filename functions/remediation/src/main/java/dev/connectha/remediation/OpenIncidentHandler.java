package dev.connectha.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/** OpenIncident (the intake): an EventBridge event in, at most one remediate execution per incident out. */
public final class OpenIncidentHandler extends JsonHandler<JsonNode, IntakeResult> {
  private final Intake intake;

  public OpenIncidentHandler() {
    this(System.getenv());
  }

  public OpenIncidentHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private OpenIncidentHandler(Config config) {
    this(RemediationComponent.create(config).intake(), config.metricsNamespace());
  }

  public OpenIncidentHandler(Intake intake, String metricsNamespace) {
    super(JsonNode.class, metricsNamespace);
    this.intake = intake;
  }

  @Override
  protected IntakeResult handle(JsonNode event) {
    return intake.take(event);
  }

  /** IncidentsOpened: 1 for an event that opened an incident, else 0 (the dashboard sums it). */
  @Override
  protected void addMetrics(Metrics metrics, IntakeResult result) {
    metrics.addMetric("IncidentsOpened", "opened".equals(result.outcome()) ? 1 : 0, MetricUnit.COUNT);
  }
}
