package dev.connectha.errors;

/** AWS throttled or rejected the call as too frequent. */
public final class AwsThrottledException extends RetryableException {

  public AwsThrottledException(String message) {
    super(message, null);
  }

  public AwsThrottledException(String message, Throwable cause) {
    super(message, cause);
  }
}
