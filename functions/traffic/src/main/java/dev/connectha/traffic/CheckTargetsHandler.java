package dev.connectha.traffic;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * CheckTargets: whether the cluster's nodes are {@code healthy} or {@code not-serving} in its target
 * group, one call of a Step Functions wait loop (see {@link TargetControl}). Read-only.
 */
public final class CheckTargetsHandler extends JsonHandler<CheckTargetsInput, TargetCheck> {
  private final TargetControl control;

  /** Lambda's constructor: the environment of this function. */
  public CheckTargetsHandler() {
    this(System.getenv());
  }

  /** The local cloud's constructor: the function's environment as template.yaml resolves it. */
  public CheckTargetsHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private CheckTargetsHandler(Config config) {
    this(TrafficComponent.create(config).targetControl(), config.metricsNamespace());
  }

  /** Tests' constructor. */
  public CheckTargetsHandler(TargetControl control, String metricsNamespace) {
    super(CheckTargetsInput.class, metricsNamespace);
    this.control = control;
  }

  @Override
  protected TargetCheck handle(CheckTargetsInput input) {
    return control.check(input);
  }

  @Override
  protected void addMetrics(Metrics metrics, TargetCheck check) {
    metrics.addMetadata("cluster", check.cluster());
    metrics.addMetadata("expect", check.expect());
    metrics.addMetric("TargetsNotYetAsExpected", check.targets().size() - check.matching(Expectation.of(check.expect())),
        MetricUnit.COUNT);
  }

  /** Reads a cluster document that does not exist: loads the SSM client and its marshallers. */
  @Override
  protected void prime() {
    control.prime();
  }
}
