package dev.connectha.backup;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.BackupSet;

/** CopyBackupSet: starts copying a complete set's snapshot and recovery point to the DR region. */
public final class CopyBackupSetHandler extends JsonHandler<BackupInput, BackupSet> {
  private final BackupSetService service;

  public CopyBackupSetHandler() {
    this(System.getenv());
  }

  public CopyBackupSetHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private CopyBackupSetHandler(Config config) {
    this(BackupComponent.create(config).backupSets(), config.metricsNamespace());
  }

  public CopyBackupSetHandler(BackupSetService service, String metricsNamespace) {
    super(BackupInput.class, metricsNamespace);
    this.service = service;
  }

  @Override
  protected BackupSet handle(BackupInput input) {
    if (input.region() == null) {
      throw new InvalidInputException("region (the DR region) is required");
    }
    return service.copy(input.cluster(), input.requireSet(), input.region());
  }
}
