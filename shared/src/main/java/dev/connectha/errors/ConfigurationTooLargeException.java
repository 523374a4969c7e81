package dev.connectha.errors;

/**
 * An eks cluster's Helm values and ConfigMap are too large to keep with a backup set (more than
 * {@code KeptConfigurations.MAX_STORED_BYTES} compressed): nothing was stored, and the set does not
 * complete (a restore of Connect on EKS needs them).
 */
public final class ConfigurationTooLargeException extends TerminalException {

  public ConfigurationTooLargeException(String message) {
    super(message, null);
  }
}
