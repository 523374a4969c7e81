package dev.connectha.model.backup;

import dev.connectha.errors.InvalidInputException;
import java.util.Set;

/**
 * How to restore a file-system recovery point into a NEW, encrypted EFS file system.
 *
 * @param creationToken   EFS's idempotency token for the new file system (1-64 characters)
 * @param performanceMode {@code generalPurpose} or {@code maxIO}
 * @param kmsKeyId        the KMS key to encrypt with; null for the AWS-managed EFS key
 */
public record FileSystemRestore(String creationToken, String performanceMode, String kmsKeyId) {
  private static final Set<String> MODES = Set.of("generalPurpose", "maxIO");

  public FileSystemRestore {
    if (creationToken == null || creationToken.isBlank() || creationToken.length() > 64) {
      throw new InvalidInputException("creation token must be 1-64 characters: " + creationToken);
    }
    if (performanceMode == null) {
      performanceMode = "generalPurpose";
    }
    if (!MODES.contains(performanceMode)) {
      throw new InvalidInputException("performance mode must be generalPurpose or maxIO: " + performanceMode);
    }
  }

  public FileSystemRestore(String creationToken) {
    this(creationToken, null, null);
  }
}
