package dev.connectha.errors;

/** A resource is not in the wanted state yet. */
public final class NotReadyException extends RetryableException {

  public NotReadyException(String message) {
    super(message, null);
  }

  public NotReadyException(String message, Throwable cause) {
    super(message, cause);
  }
}
