package dev.connectha.backup;

import dev.connectha.config.Config;
import dev.connectha.config.Polling;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;

/**
 * CheckBackupSet: whether both halves of a set (or its DR copies) finished. For a set taken while
 * Connect is down (mode {@code cold} or {@code stopped}) it waits up to {@code pollSeconds} (at most
 * {@link Polling#MAX_WAIT_PER_CALL}) for them, reading four times per interval, so that the workflow learns of the
 * end within a fraction of its poll interval; otherwise it reads once.
 */
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
    return service.await(input.cluster(), input.requireSet(), input.setWait(),
        Polling.readInterval(input.pollSeconds() == null ? 0 : input.pollSeconds()));
  }
}
