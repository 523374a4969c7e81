package dev.connectha.errors;

/** A failure that may go away by itself: the state machine retries it with backoff. */
public abstract sealed class RetryableException extends ConnectHaException
    permits AwsThrottledException, AwsUnavailableException, NotReadyException {

  protected RetryableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public final boolean retryable() {
    return true;
  }
}
