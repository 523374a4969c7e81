package dev.connectha.traffic;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * PauseAutomation: suspends the Auto Scaling processes and remediation alarm actions that would
 * fight an upgrade, recording only what it changed, or resumes exactly what a suspend recorded
 * (see {@link AutomationPause}).
 */
public final class PauseAutomationHandler extends JsonHandler<PauseAutomationInput, AutomationReport> {
  private final AutomationPause pause;

  /** Lambda's constructor: the environment of this function. */
  public PauseAutomationHandler() {
    this(System.getenv());
  }

  /** The local cloud's constructor: the function's environment as template.yaml resolves it. */
  public PauseAutomationHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private PauseAutomationHandler(Config config) {
    this(TrafficComponent.create(config).automationPause(), config.metricsNamespace());
  }

  /** Tests' constructor. */
  public PauseAutomationHandler(AutomationPause pause, String metricsNamespace) {
    super(PauseAutomationInput.class, metricsNamespace);
    this.pause = pause;
  }

  @Override
  protected AutomationReport handle(PauseAutomationInput input) {
    return pause.apply(input);
  }

  @Override
  protected void addMetrics(Metrics metrics, AutomationReport report) {
    metrics.addMetadata("cluster", report.cluster());
    switch (report) {
      case PausedAutomation paused -> {
        metrics.addMetric("ProcessesSuspended", paused.processesSuspended(), MetricUnit.COUNT);
        metrics.addMetric("AlarmActionsDisabled", paused.alarmsDisabled().size(), MetricUnit.COUNT);
      }
      case ResumedAutomation resumed -> {
        metrics.addMetric("ProcessesResumed", resumed.processesResumed(), MetricUnit.COUNT);
        metrics.addMetric("AlarmActionsEnabled", resumed.alarmsEnabled().size(), MetricUnit.COUNT);
      }
    }
  }

  /** Reads a cluster document that does not exist: loads the SSM client and its marshallers. */
  @Override
  protected void prime() {
    pause.prime();
  }
}
