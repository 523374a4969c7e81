package dev.connectha.ports;

import java.util.Map;
import java.util.Optional;

/**
 * EFS file systems a restore created. AWS Backup restores a recovery point into a NEW file system
 * that carries none of the control plane's tags; the restore workflow marks it with
 * {@code connect-ha:restored-from} once its own restore job reports it created, and only a file
 * system that carries that tag is ever deleted ({@code UnsafeToProceedException} otherwise).
 *
 * <p>Errors: a missing file system is {@code PreconditionFailedException} (except where a method
 * says otherwise); a file system not in a state to act on yet is {@code NotReadyException}.
 */
public interface RestoredFileSystems {

  /** The file system's tags. */
  Map<String, String> tagsOf(String fileSystemId);

  /** The file system created with {@code creationToken} (EFS's idempotency token), if there is one. */
  Optional<String> findByCreationToken(String creationToken);

  /**
   * Tags the file system {@code connect-ha:restored-from=<recoveryPointArn>} plus {@code tags}
   * (keys under {@code connect-ha:}). Only for a file system the caller's own restore job created.
   */
  void tagRestored(String fileSystemId, String recoveryPointArn, Map<String, String> tags);

  /**
   * Deletes a file system that carries {@code connect-ha:restored-from}, its mount targets first.
   * Returns false when it was already gone. While mount targets are still being deleted it throws
   * {@code NotReadyException} (call again).
   */
  boolean deleteRestored(String fileSystemId);
}
