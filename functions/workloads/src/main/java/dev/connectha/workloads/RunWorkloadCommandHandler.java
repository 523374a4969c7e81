package dev.connectha.workloads;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * RunWorkloadCommand: reads, scales or re-versions Connect's workload on EKS, or reads its
 * configuration, and reports the pods (see {@link WorkloadControl}).
 */
public final class RunWorkloadCommandHandler extends JsonHandler<RunWorkloadCommandInput, WorkloadReport> {
  private final WorkloadControl control;
  private final ConfigurationKeeper keeper;

  /** Lambda's constructor: the environment of this function. */
  public RunWorkloadCommandHandler() {
    this(System.getenv());
  }

  /** The local cloud's constructor: the function's environment as template.yaml resolves it. */
  public RunWorkloadCommandHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private RunWorkloadCommandHandler(Config config) {
    this(WorkloadsComponent.create(config), config.metricsNamespace());
  }

  private RunWorkloadCommandHandler(WorkloadsComponent component, String metricsNamespace) {
    this(component.workloadControl(), component.configurationKeeper(), metricsNamespace);
  }

  /** Tests' constructor, for every action but keepConfiguration. */
  public RunWorkloadCommandHandler(WorkloadControl control, String metricsNamespace) {
    this(control, null, metricsNamespace);
  }

  /** Tests' constructor. */
  public RunWorkloadCommandHandler(WorkloadControl control, ConfigurationKeeper keeper, String metricsNamespace) {
    super(RunWorkloadCommandInput.class, metricsNamespace);
    this.control = control;
    this.keeper = keeper;
  }

  @Override
  protected WorkloadReport handle(RunWorkloadCommandInput input) {
    return input.action().equals(ConfigurationKeeper.ACTION) ? keeper.keep(input) : control.run(input);
  }

  /** Pods ready against those asked for. */
  @Override
  protected void addMetrics(Metrics metrics, WorkloadReport report) {
    metrics.addMetadata("cluster", report.cluster());
    metrics.addMetadata("action", report.action());
    metrics.addMetric("PodsReady", report.readyReplicas(), MetricUnit.COUNT);
    metrics.addMetric("PodsWanted", report.replicas(), MetricUnit.COUNT);
  }

  @Override
  protected void prime() {
    control.prime();
  }
}
