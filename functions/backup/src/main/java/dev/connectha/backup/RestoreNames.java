package dev.connectha.backup;

import dev.connectha.model.backup.RdsIdentifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The names of what one restore creates, all derived from its execution: the same on every retry
 * of a step, different for every execution (a second drill of the same set makes new resources).
 *
 * @param dbInstanceId     the new DB instance, {@code <cluster>-restore-<short id>}
 * @param creationToken    EFS's idempotency token for the new file system (the same name)
 * @param idempotencyToken AWS Backup's token for the restore job (at most 50 characters)
 */
public record RestoreNames(String dbInstanceId, String creationToken, String idempotencyToken) {

  public static RestoreNames of(String cluster, String executionId) {
    String hash = sha256Hex(executionId);
    // a cluster name may start with a digit or hold "--"; an RDS identifier may not
    String base = cluster.replaceAll("-{2,}", "-").replaceAll("-$", "");
    if (!Character.isLetter(base.charAt(0))) {
      base = "c" + base;
    }
    String name = RdsIdentifier.requireInstance(base + "-restore-" + hash.substring(0, 8));
    return new RestoreNames(name, name, "restore-" + hash.substring(0, 16));
  }

  private static String sha256Hex(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
