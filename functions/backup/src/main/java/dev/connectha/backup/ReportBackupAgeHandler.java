package dev.connectha.backup;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.time.Duration;
import java.util.Map;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * ReportBackupAge (hourly schedule): the age of the newest COMPLETE backup set as the EMF metric
 * {@code NewestCompleteBackupSetAgeHours} (dimension Cluster). The template's alarm fires when it
 * passes the threshold, or when the metric stops coming (missing data is breaching).
 */
public final class ReportBackupAgeHandler extends JsonHandler<BackupInput, ReportBackupAgeHandler.Age> {
  /** A cluster with no complete set reports this many hours (the alarm fires). */
  static final double NEVER_BACKED_UP_HOURS = 100_000;

  /** @param ageHours hours since the newest complete set finished */
  public record Age(String cluster, double ageHours, boolean anyComplete) {}

  private final BackupSetService service;

  public ReportBackupAgeHandler() {
    this(System.getenv());
  }

  public ReportBackupAgeHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private ReportBackupAgeHandler(Config config) {
    this(BackupComponent.create(config).backupSets(), config.metricsNamespace());
  }

  public ReportBackupAgeHandler(BackupSetService service, String metricsNamespace) {
    super(BackupInput.class, metricsNamespace);
    this.service = service;
  }

  @Override
  protected Age handle(BackupInput input) {
    return service.newestCompleteAge(input.cluster())
        .map(age -> new Age(input.cluster(), age.toSeconds() / 3600.0, true))
        .orElseGet(() -> new Age(input.cluster(), NEVER_BACKED_UP_HOURS, false));
  }

  @Override
  protected void addMetrics(Metrics metrics, Age age) {
    metrics.addDimension("Cluster", age.cluster());
    metrics.addMetric("NewestCompleteBackupSetAgeHours", age.ageHours(), MetricUnit.NONE);
  }

}
