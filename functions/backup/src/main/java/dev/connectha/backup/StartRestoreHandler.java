package dev.connectha.backup;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;

/** StartRestore: validates again, then restores the set's snapshot into a NEW DB instance and its recovery point into a NEW encrypted EFS file system. */
public final class StartRestoreHandler extends JsonHandler<RestoreInput, RestoreService.Started> {
  private final RestoreService service;

  public StartRestoreHandler() {
    this(System.getenv());
  }

  public StartRestoreHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private StartRestoreHandler(Config config) {
    this(BackupComponent.create(config).restores(), config.metricsNamespace());
  }

  public StartRestoreHandler(RestoreService service, String metricsNamespace) {
    super(RestoreInput.class, metricsNamespace);
    this.service = service;
  }

  @Override
  protected RestoreService.Started handle(RestoreInput input) {
    return service.start(input);
  }
}
