package dev.connectha.backup;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;

/** StartBackupSet: checks the whole input (mode, retention, DR region), then starts the RDS snapshot and the EFS backup job as one set, and names the cluster's topology. */
public final class StartBackupSetHandler extends JsonHandler<BackupInput, BackupSetService.StartedSet> {
  private final BackupSetService service;

  public StartBackupSetHandler() {
    this(System.getenv());
  }

  public StartBackupSetHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private StartBackupSetHandler(Config config) {
    this(BackupComponent.create(config).backupSets(), config.metricsNamespace());
  }

  public StartBackupSetHandler(BackupSetService service, String metricsNamespace) {
    super(BackupInput.class, metricsNamespace);
    this.service = service;
  }

  @Override
  protected BackupSetService.StartedSet handle(BackupInput input) {
    input.requireRetention();
    return service.startSet(input.cluster(), input.backupMode(), input.executionId());
  }
}
