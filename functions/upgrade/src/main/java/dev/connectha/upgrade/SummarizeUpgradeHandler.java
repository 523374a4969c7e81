package dev.connectha.upgrade;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.errors.InvalidInputException;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * SummarizeUpgrade: the report the rolling upgrade (and upgrade-eks, whose state says {@code "topology": "eks"}) publishes (durations, downtime, nodes, restore
 * point, what is left to undo, what to do). No AWS call: the lock's holder and lease come from the
 * state (AcquireLock's result).
 */
public final class SummarizeUpgradeHandler extends JsonHandler<SummarizeUpgradeHandler.Input, UpgradeReport.Summary> {
  /**
   * The workflow's whole state, how it ended (optional: else {@link UpgradeReport#outcomeOf} the
   * state), and when it started and ended.
   */
  public record Input(JsonNode state, String outcome, String startedAt, String finishedAt, String executionId) {
    public Input {
      if (state == null || !state.isObject()) {
        throw new InvalidInputException("state is required: the workflow's state");
      }
    }
  }

  public SummarizeUpgradeHandler() {
    this(System.getenv());
  }

  public SummarizeUpgradeHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  public SummarizeUpgradeHandler(Config config) {
    this(config.metricsNamespace(), config.lockTable());
  }

  /** @param lockTable the cluster locks' table, named in the command that clears a lock left held */
  public SummarizeUpgradeHandler(String metricsNamespace, String lockTable) {
    super(SummarizeUpgradeHandler.Input.class, metricsNamespace);
    this.lockTable = lockTable;
  }

  private final String lockTable;

  @Override
  protected UpgradeReport.Summary handle(SummarizeUpgradeHandler.Input input) {
    return EksUpgradeReport.isEks(input.state())
        ? EksUpgradeReport.of(input.state(), input.outcome(), input.startedAt(), input.finishedAt(), lockTable)
        : UpgradeReport.of(input.state(), input.outcome(), input.startedAt(), input.finishedAt(), lockTable);
  }

  @Override
  protected void addMetrics(Metrics metrics, UpgradeReport.Summary summary) {
    metrics.addMetadata("outcome", summary.outcome());
    if (summary.downtimeSeconds() != null) {
      metrics.addMetric("UpgradeDowntime", summary.downtimeSeconds(), MetricUnit.SECONDS);
    }
    if (summary.totalSeconds() != null) {
      metrics.addMetric("UpgradeDuration", summary.totalSeconds(), MetricUnit.SECONDS);
    }
  }
}
