package dev.connectha.backup;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;

/**
 * ValidateBackupInput: the backup workflow's first task. Every field of the input, and the cluster
 * document, are checked here, before the cluster is locked or any node stopped.
 */
public final class ValidateBackupInputHandler extends JsonHandler<BackupInput, ValidateBackupInputHandler.Valid> {
  /**
   * The checked input's essentials; {@code connectVersion} is the version the database schema is at,
   * {@code topology} tells a cold backup whether it stops EC2 nodes or scales an EKS workload to 0.
   */
  public record Valid(String cluster, String mode, String connectVersion, String topology) {}

  private final BackupSetService service;

  public ValidateBackupInputHandler() {
    this(System.getenv());
  }

  public ValidateBackupInputHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private ValidateBackupInputHandler(Config config) {
    this(BackupComponent.create(config).backupSets(), config.metricsNamespace());
  }

  public ValidateBackupInputHandler(BackupSetService service, String metricsNamespace) {
    super(BackupInput.class, metricsNamespace);
    this.service = service;
  }

  @Override
  protected Valid handle(BackupInput input) {
    var doc = service.validate(input.cluster());
    input.requireRetention();
    return new Valid(doc.name(), input.backupMode().name().toLowerCase(), service.schemaVersion(doc).toString(),
        doc.topology().json());
  }
}
