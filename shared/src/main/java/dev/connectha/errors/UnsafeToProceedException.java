package dev.connectha.errors;

/** Going on could lose data or availability; a person must decide. */
public final class UnsafeToProceedException extends TerminalException {

  public UnsafeToProceedException(String message) {
    super(message, null);
  }

  public UnsafeToProceedException(String message, Throwable cause) {
    super(message, cause);
  }
}
