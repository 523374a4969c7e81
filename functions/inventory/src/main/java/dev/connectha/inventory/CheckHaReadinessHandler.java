package dev.connectha.inventory;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import dev.connectha.model.ClusterState;
import java.util.Map;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/** CheckHaReadiness: Posit's HA checklist over DescribeCluster's output. Calls no AWS API. */
public final class CheckHaReadinessHandler extends JsonHandler<CheckHaReadinessInput, ReadinessReport> {
  private final HaChecklist checklist;

  public CheckHaReadinessHandler() {
    this(System.getenv());
  }

  public CheckHaReadinessHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private CheckHaReadinessHandler(Config config) {
    this(InventoryComponent.create(config).checklist(), config.metricsNamespace());
  }

  public CheckHaReadinessHandler(HaChecklist checklist, String metricsNamespace) {
    super(CheckHaReadinessInput.class, metricsNamespace);
    this.checklist = checklist;
  }

  @Override
  protected ReadinessReport handle(CheckHaReadinessInput input) {
    ClusterState state = input.peersOf() == null ? input.state() : input.state().asSeenBy(input.peersOf());
    return checklist.check(state, input.rules(), input.workload()).accepting(input.acceptFindings());
  }

  /** Failed and warned findings per run, so an alarm can watch a cluster's readiness. */
  @Override
  protected void addMetrics(Metrics metrics, ReadinessReport report) {
    metrics.addMetadata("cluster", report.cluster());
    metrics.addMetric("FailedFindings", report.failed(), MetricUnit.COUNT);
    metrics.addMetric("WarnedFindings", report.warned(), MetricUnit.COUNT);
  }
}
