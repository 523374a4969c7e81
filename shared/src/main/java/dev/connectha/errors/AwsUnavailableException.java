package dev.connectha.errors;

/** AWS could not be reached (connection, timeout, 5xx). */
public final class AwsUnavailableException extends RetryableException {

  public AwsUnavailableException(String message) {
    super(message, null);
  }

  public AwsUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
