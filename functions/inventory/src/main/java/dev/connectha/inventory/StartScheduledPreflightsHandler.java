package dev.connectha.inventory;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/** StartScheduledPreflights: the preflight schedule's target; starts preflight for every registered cluster. */
public final class StartScheduledPreflightsHandler
    extends JsonHandler<StartScheduledPreflightsInput, ScheduledPreflights.Report> {
  private final ScheduledPreflights preflights;

  /** Lambda's constructor: the environment of this function. */
  public StartScheduledPreflightsHandler() {
    this(System.getenv());
  }

  /** The local cloud's constructor: the function's environment as template.yaml resolves it. */
  public StartScheduledPreflightsHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private StartScheduledPreflightsHandler(Config config) {
    this(InventoryComponent.create(config).scheduledPreflights(), config.metricsNamespace());
  }

  /** Tests' constructor. */
  public StartScheduledPreflightsHandler(ScheduledPreflights preflights, String metricsNamespace) {
    super(StartScheduledPreflightsInput.class, metricsNamespace);
    this.preflights = preflights;
  }

  @Override
  protected ScheduledPreflights.Report handle(StartScheduledPreflightsInput input) {
    return preflights.start(input);
  }

  @Override
  protected void addMetrics(Metrics metrics, ScheduledPreflights.Report report) {
    metrics.addMetric("PreflightsStarted", report.started().size(), MetricUnit.COUNT);
  }
}
