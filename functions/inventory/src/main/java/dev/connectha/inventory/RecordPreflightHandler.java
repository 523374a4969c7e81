package dev.connectha.inventory;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * RecordPreflight: the preflight workflow's drift step, after the read-only CheckHaReadiness. Records
 * the failing rules in the cluster's learned record, names the rules that changed in the summary, and
 * emits the drift metrics the preflight drift alarm watches.
 */
public final class RecordPreflightHandler extends JsonHandler<RecordPreflightInput, PreflightDrift> {
  private final PreflightRecorder recorder;
  private final String metricsNamespace;

  /** Lambda's constructor: the environment of this function. */
  public RecordPreflightHandler() {
    this(System.getenv());
  }

  /** The local cloud's constructor: the function's environment as template.yaml resolves it. */
  public RecordPreflightHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private RecordPreflightHandler(Config config) {
    this(InventoryComponent.create(config).preflightRecorder(), config.metricsNamespace());
  }

  /** Tests' constructor. */
  public RecordPreflightHandler(PreflightRecorder recorder, String metricsNamespace) {
    super(RecordPreflightInput.class, metricsNamespace);
    this.recorder = recorder;
    this.metricsNamespace = metricsNamespace;
  }

  @Override
  protected PreflightDrift handle(RecordPreflightInput input) {
    return recorder.record(input);
  }

  /**
   * PreflightFailedRules (non-zero exactly when the verdict is FAIL: a rule that turned failing fails too) and PreflightRulesTurnedFailing,
   * twice: with the function's dimension only, one series for every cluster (what the alarm watches,
   * so a cluster registered later is covered too), and with {@code Cluster}, to see which one.
   */
  @Override
  protected void addMetrics(Metrics metrics, PreflightDrift drift) {
    metrics.addMetadata("cluster", drift.cluster());
    int failed = drift.failedRules().size();
    metrics.addMetric("PreflightFailedRules", failed, MetricUnit.COUNT);
    metrics.addMetric("PreflightRulesTurnedFailing", drift.turnedFailing().size(), MetricUnit.COUNT);
    DimensionSet cluster = DimensionSet.of("Cluster", drift.cluster());
    metrics.flushSingleMetric("PreflightFailedRules", failed, MetricUnit.COUNT, metricsNamespace, cluster);
    metrics.flushSingleMetric("PreflightRulesTurnedFailing", drift.turnedFailing().size(), MetricUnit.COUNT,
        metricsNamespace, cluster);
  }

  /** Reads a learned record that does not exist: loads the SSM client and its marshallers. */
  @Override
  protected void prime() {
    recorder.prime();
  }
}
