package dev.connectha.errors;

/** A failure that retrying cannot fix: the workflow reports it and stops safely. */
public abstract sealed class TerminalException extends ConnectHaException
    permits InvalidInputException, ClusterNotFoundException, PreconditionFailedException,
        UnsafeToProceedException, AwsCallFailedException, ClusterLockedException, BackupSetNotFoundException,
        InsufficientCapacityException, NodeNotOnlineException, WorkloadNotFoundException,
        ConfigurationTooLargeException {

  protected TerminalException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public final boolean retryable() {
    return false;
  }
}
