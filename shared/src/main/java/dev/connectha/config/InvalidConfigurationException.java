package dev.connectha.config;

/**
 * A function's environment lacks a variable it needs, or holds one it cannot use: template.yaml (or
 * the local cloud's gateway) did not give the function what it must have. Nothing was sent to AWS.
 */
public final class InvalidConfigurationException extends IllegalArgumentException {

  public InvalidConfigurationException(String message) {
    super(message);
  }
}
