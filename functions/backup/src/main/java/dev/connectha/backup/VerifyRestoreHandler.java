package dev.connectha.backup;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/** VerifyRestore: checks the restored DB instance and file system against the set, and reports the restore directory and the Connect version to install. */
public final class VerifyRestoreHandler extends JsonHandler<RestoreInput, RestoreService.Verification> {
  private final RestoreService service;

  public VerifyRestoreHandler() {
    this(System.getenv());
  }

  public VerifyRestoreHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private VerifyRestoreHandler(Config config) {
    this(BackupComponent.create(config).restores(), config.metricsNamespace());
  }

  public VerifyRestoreHandler(RestoreService service, String metricsNamespace) {
    super(RestoreInput.class, metricsNamespace);
    this.service = service;
  }

  @Override
  protected RestoreService.Verification handle(RestoreInput input) {
    return service.verify(input);
  }

  @Override
  protected void addMetrics(Metrics metrics, RestoreService.Verification verification) {
    metrics.addMetric("RestoresVerified", verification.passed() ? 1 : 0, MetricUnit.COUNT);
    metrics.addMetric("RestoresNotVerified", verification.passed() ? 0 : 1, MetricUnit.COUNT);
  }
}
