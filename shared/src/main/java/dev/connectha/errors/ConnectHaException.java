package dev.connectha.errors;

/**
 * Root of the control plane's errors. The class name of a concrete subclass is the error name
 * Step Functions sees (Lambda reports it as {@code errorType}); ASL {@code Retry}/{@code Catch}
 * match on those names, listed in {@link ErrorNames}.
 */
public abstract sealed class ConnectHaException extends RuntimeException
    permits RetryableException, TerminalException {

  protected ConnectHaException(String message, Throwable cause) {
    super(message, cause);
  }

  /** True when the same call may succeed later (throttling, not ready yet). */
  public abstract boolean retryable();
}
