package dev.connectha.errors;

/** The cluster is not in a state this step can start from. */
public final class PreconditionFailedException extends TerminalException {

  public PreconditionFailedException(String message) {
    super(message, null);
  }

  public PreconditionFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
