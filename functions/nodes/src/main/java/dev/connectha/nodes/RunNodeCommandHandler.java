package dev.connectha.nodes;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * RunNodeCommand: stops, starts, checks, stages or installs Connect on a cluster's nodes and returns
 * each node's result (see {@link NodeControl} for what fails the call and what is reported per node).
 */
public final class RunNodeCommandHandler extends JsonHandler<RunNodeCommandInput, NodeCommandReport> {
  private final NodeControl control;

  /** Lambda's constructor: the environment of this function. */
  public RunNodeCommandHandler() {
    this(System.getenv());
  }

  /** The local cloud's constructor: the function's environment as template.yaml resolves it. */
  public RunNodeCommandHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private RunNodeCommandHandler(Config config) {
    this(NodesComponent.create(config).nodeControl(), config.metricsNamespace());
  }

  /** Tests' constructor. */
  public RunNodeCommandHandler(NodeControl control, String metricsNamespace) {
    super(RunNodeCommandInput.class, metricsNamespace);
    this.control = control;
  }

  @Override
  protected NodeCommandReport handle(RunNodeCommandInput input) {
    return control.run(input);
  }

  /** Nodes that did and did not reach the document's goal, per run. */
  @Override
  protected void addMetrics(Metrics metrics, NodeCommandReport report) {
    metrics.addMetadata("cluster", report.cluster());
    metrics.addMetadata("document", report.documentName());
    metrics.addMetric("NodesSucceeded", report.results().size() - report.failed(), MetricUnit.COUNT);
    metrics.addMetric("NodesFailed", report.failed(), MetricUnit.COUNT);
  }

  /** Reads a cluster document that does not exist: loads the SSM client and its marshallers. */
  @Override
  protected void prime() {
    control.prime();
  }
}
