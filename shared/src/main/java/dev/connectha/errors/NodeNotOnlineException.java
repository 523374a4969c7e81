package dev.connectha.errors;

/**
 * A launched instance did not come online within its wait: it is not running, or its SSM agent
 * is not Online, or it stopped or terminated on the way. Nothing can be run on it; the workflow
 * that launched it terminates it and reports why.
 */
public final class NodeNotOnlineException extends TerminalException {

  public NodeNotOnlineException(String message) {
    super(message, null);
  }

  public NodeNotOnlineException(String message, Throwable cause) {
    super(message, cause);
  }
}
