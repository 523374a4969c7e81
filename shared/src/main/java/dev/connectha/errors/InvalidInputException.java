package dev.connectha.errors;

/** The input is malformed; nothing in AWS was touched. */
public final class InvalidInputException extends TerminalException {

  public InvalidInputException(String message) {
    super(message, null);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
