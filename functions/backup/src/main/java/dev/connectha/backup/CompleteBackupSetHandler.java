package dev.connectha.backup;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/** CompleteBackupSet: records the set COMPLETE, INCOMPLETE (one half failed: kept and tagged) or FAILED, with its summary. */
public final class CompleteBackupSetHandler extends JsonHandler<BackupInput, BackupSetService.Completed> {
  private final BackupSetService service;

  public CompleteBackupSetHandler() {
    this(System.getenv());
  }

  public CompleteBackupSetHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private CompleteBackupSetHandler(Config config) {
    this(BackupComponent.create(config).backupSets(), config.metricsNamespace());
  }

  public CompleteBackupSetHandler(BackupSetService service, String metricsNamespace) {
    super(BackupInput.class, metricsNamespace);
    this.service = service;
  }

  @Override
  protected BackupSetService.Completed handle(BackupInput input) {
    return service.complete(input.cluster(), input.requireSet(), input.failureText());
  }

  @Override
  protected void addMetrics(Metrics metrics, BackupSetService.Completed completed) {
    metrics.addMetadata("cluster", completed.set().cluster());
    metrics.addMetric("BackupSetsComplete", completed.set().complete() ? 1 : 0, MetricUnit.COUNT);
    metrics.addMetric("BackupSetsNotComplete", completed.set().complete() ? 0 : 1, MetricUnit.COUNT);
  }
}
