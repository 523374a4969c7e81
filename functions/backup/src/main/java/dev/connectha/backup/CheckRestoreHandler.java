package dev.connectha.backup;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;

/** CheckRestore: whether both halves of a restore finished, and whether one failed; tags the new file system as restored. */
public final class CheckRestoreHandler extends JsonHandler<RestoreInput, RestoreService.Progress> {
  private final RestoreService service;

  public CheckRestoreHandler() {
    this(System.getenv());
  }

  public CheckRestoreHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private CheckRestoreHandler(Config config) {
    this(BackupComponent.create(config).restores(), config.metricsNamespace());
  }

  public CheckRestoreHandler(RestoreService service, String metricsNamespace) {
    super(RestoreInput.class, metricsNamespace);
    this.service = service;
  }

  @Override
  protected RestoreService.Progress handle(RestoreInput input) {
    return service.check(input);
  }
}
