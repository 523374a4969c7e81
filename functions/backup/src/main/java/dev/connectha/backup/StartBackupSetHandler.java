package dev.connectha.backup;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;
import dev.connectha.model.BackupSet;

/** StartBackupSet: checks the whole input (mode, retention, DR region), then starts the RDS snapshot and the EFS backup job as one set. */
public final class StartBackupSetHandler extends JsonHandler<BackupInput, BackupSet> {
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
  protected BackupSet handle(BackupInput input) {
    input.requireRetention();
    return service.start(input.cluster(), input.backupMode(), input.executionId());
  }
}
