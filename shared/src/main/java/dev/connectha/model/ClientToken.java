package dev.connectha.model;

import dev.connectha.errors.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * EC2's idempotency token for one launch: a case-sensitive string of at most 64 ASCII characters.
 * {@link #of} derives it from the execution that launches and the Availability Zone it launches
 * into, so that a retried launch (a Lambda retry, a redriven execution) returns the instance the
 * first attempt made instead of making a second one. EC2 keeps a token per AZ when a subnet is
 * given; deriving it from the AZ as well keeps one execution's launches into two AZs apart even
 * where EC2 would not. The token is the SHA-256 of both, in hex: exactly 64 characters, whatever
 * the length of an execution ARN.
 */
public record ClientToken(String value) {
  public static final int MAX_LENGTH = 64;

  public ClientToken {
    if (value == null || value.isEmpty() || value.length() > MAX_LENGTH
        || !StandardCharsets.US_ASCII.newEncoder().canEncode(value)) {
      throw new InvalidInputException("a client token is 1 to " + MAX_LENGTH + " ASCII characters: " + value);
    }
  }

  /** The token of the launch {@code execution} (its id or ARN) makes into {@code availabilityZone}. */
  public static ClientToken of(String execution, String availabilityZone) {
    if (execution == null || execution.isBlank() || availabilityZone == null || availabilityZone.isBlank()) {
      throw new InvalidInputException("a client token needs the execution and the Availability Zone");
    }
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      // the separator keeps ("ab", "c") and ("a", "bc") apart
      byte[] digest = sha256.digest((execution + "\n" + availabilityZone).getBytes(StandardCharsets.UTF_8));
      return new ClientToken(HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
