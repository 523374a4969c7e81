package dev.connectha.traffic;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * MaintenancePage: turns the cluster's "being upgraded" page (a fixed 503 response on every
 * HTTP(S) listener) on or off, idempotently (see {@link MaintenancePage}).
 */
public final class MaintenancePageHandler extends JsonHandler<MaintenancePageInput, MaintenancePageReport> {
  private final MaintenancePage page;

  /** Lambda's constructor: the environment of this function. */
  public MaintenancePageHandler() {
    this(System.getenv());
  }

  /** The local cloud's constructor: the function's environment as template.yaml resolves it. */
  public MaintenancePageHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private MaintenancePageHandler(Config config) {
    this(TrafficComponent.create(config).maintenancePage(), config.metricsNamespace());
  }

  /** Tests' constructor. */
  public MaintenancePageHandler(MaintenancePage page, String metricsNamespace) {
    super(MaintenancePageInput.class, metricsNamespace);
    this.page = page;
  }

  @Override
  protected MaintenancePageReport handle(MaintenancePageInput input) {
    return page.apply(input);
  }

  @Override
  protected void addMetrics(Metrics metrics, MaintenancePageReport report) {
    metrics.addMetadata("cluster", report.cluster());
    metrics.addMetadata("action", report.action());
    metrics.addMetric("MaintenanceRules", report.ruleArns().size(), MetricUnit.COUNT);
  }

  /** Reads a cluster document that does not exist: loads the SSM client and its marshallers. */
  @Override
  protected void prime() {
    page.prime();
  }
}
