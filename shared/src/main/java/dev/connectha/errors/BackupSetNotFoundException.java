package dev.connectha.errors;

/** No backup set with that id is recorded for the cluster. */
public final class BackupSetNotFoundException extends TerminalException {

  public BackupSetNotFoundException(String message) {
    super(message, null);
  }

  public BackupSetNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
