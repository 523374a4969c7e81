package dev.connectha.backup;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;

/** DeleteRestored: deletes what a restore drill created (file system, then DB instance); refuses a hand-over's resources and anything another execution made. */
public final class DeleteRestoredHandler extends JsonHandler<RestoreInput, RestoreService.Deleted> {
  private final RestoreService service;

  public DeleteRestoredHandler() {
    this(System.getenv());
  }

  public DeleteRestoredHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private DeleteRestoredHandler(Config config) {
    this(BackupComponent.create(config).restores(), config.metricsNamespace());
  }

  public DeleteRestoredHandler(RestoreService service, String metricsNamespace) {
    super(RestoreInput.class, metricsNamespace);
    this.service = service;
  }

  @Override
  protected RestoreService.Deleted handle(RestoreInput input) {
    return service.delete(input);
  }
}
