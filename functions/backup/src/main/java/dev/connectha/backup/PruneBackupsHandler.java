package dev.connectha.backup;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;

/** PruneBackups: retention; deletes only the expired sets' snapshots and recovery points that carry this cluster's backup-set tag. */
public final class PruneBackupsHandler extends JsonHandler<BackupInput, BackupSetService.Pruned> {
  private final BackupSetService service;

  public PruneBackupsHandler() {
    this(System.getenv());
  }

  public PruneBackupsHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private PruneBackupsHandler(Config config) {
    this(BackupComponent.create(config).backupSets(), config.metricsNamespace());
  }

  public PruneBackupsHandler(BackupSetService service, String metricsNamespace) {
    super(BackupInput.class, metricsNamespace);
    this.service = service;
  }

  @Override
  protected BackupSetService.Pruned handle(BackupInput input) {
    return service.prune(input.cluster(), input.requireRetention());
  }
}
