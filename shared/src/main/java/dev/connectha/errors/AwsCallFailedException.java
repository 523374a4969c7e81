package dev.connectha.errors;

/** AWS refused the call for a reason retrying will not fix (access denied, validation). */
public final class AwsCallFailedException extends TerminalException {

  public AwsCallFailedException(String message) {
    super(message, null);
  }

  public AwsCallFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
