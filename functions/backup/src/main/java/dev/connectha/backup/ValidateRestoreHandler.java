package dev.connectha.backup;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;

/** ValidateRestore: checks a restore of a backup set can be made (cluster, COMPLETE set, snapshot, recovery point, names free) with reads only; creates nothing. */
public final class ValidateRestoreHandler extends JsonHandler<RestoreInput, RestoreService.Plan> {
  private final RestoreService service;

  public ValidateRestoreHandler() {
    this(System.getenv());
  }

  public ValidateRestoreHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private ValidateRestoreHandler(Config config) {
    this(BackupComponent.create(config).restores(), config.metricsNamespace());
  }

  public ValidateRestoreHandler(RestoreService service, String metricsNamespace) {
    super(RestoreInput.class, metricsNamespace);
    this.service = service;
  }

  @Override
  protected RestoreService.Plan handle(RestoreInput input) {
    return service.validate(input);
  }
}
