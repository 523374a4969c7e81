package dev.connectha.errors;

/** No cluster document is registered under that name. */
public final class ClusterNotFoundException extends TerminalException {

  public ClusterNotFoundException(String message) {
    super(message, null);
  }

  public ClusterNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
