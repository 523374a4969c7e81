package dev.connectha.errors;

/**
 * Another workflow holds the cluster lock (its lease has not expired): this workflow must not
 * mutate the cluster now. The message names the holder and when its lease ends.
 */
public final class ClusterLockedException extends TerminalException {

  public ClusterLockedException(String message) {
    super(message, null);
  }

  public ClusterLockedException(String message, Throwable cause) {
    super(message, cause);
  }
}
