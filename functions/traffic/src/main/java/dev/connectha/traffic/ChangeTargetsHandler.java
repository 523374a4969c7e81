package dev.connectha.traffic;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * ChangeTargets: registers or deregisters nodes in the cluster's target group (at the group's
 * port), idempotently, and returns the group's targets after the change (see {@link TargetControl}).
 */
public final class ChangeTargetsHandler extends JsonHandler<ChangeTargetsInput, TargetsReport> {
  private final TargetControl control;

  /** Lambda's constructor: the environment of this function. */
  public ChangeTargetsHandler() {
    this(System.getenv());
  }

  /** The local cloud's constructor: the function's environment as template.yaml resolves it. */
  public ChangeTargetsHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private ChangeTargetsHandler(Config config) {
    this(TrafficComponent.create(config).targetControl(), config.metricsNamespace());
  }

  /** Tests' constructor. */
  public ChangeTargetsHandler(TargetControl control, String metricsNamespace) {
    super(ChangeTargetsInput.class, metricsNamespace);
    this.control = control;
  }

  @Override
  protected TargetsReport handle(ChangeTargetsInput input) {
    return control.change(input);
  }

  @Override
  protected void addMetrics(Metrics metrics, TargetsReport report) {
    metrics.addMetadata("cluster", report.cluster());
    metrics.addMetadata("action", report.action());
    metrics.addMetric("TargetsChanged", report.changed().size(), MetricUnit.COUNT);
  }

  /** Reads a cluster document that does not exist: loads the SSM client and its marshallers. */
  @Override
  protected void prime() {
    control.prime();
  }
}
