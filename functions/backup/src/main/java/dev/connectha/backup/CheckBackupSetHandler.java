package dev.connectha.backup;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;

/** CheckBackupSet: whether both halves of a set (or its DR copies) finished. */
public final class CheckBackupSetHandler extends JsonHandler<BackupInput, BackupSetService.Progress> {
  private final BackupSetService service;

  public CheckBackupSetHandler() {
    this(System.getenv());
  }

  public CheckBackupSetHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private CheckBackupSetHandler(Config config) {
    this(BackupComponent.create(config).backupSets(), config.metricsNamespace());
  }

  public CheckBackupSetHandler(BackupSetService service, String metricsNamespace) {
    super(BackupInput.class, metricsNamespace);
    this.service = service;
  }

  @Override
  protected BackupSetService.Progress handle(BackupInput input) {
    return service.check(input.cluster(), input.requireSet());
  }
}
