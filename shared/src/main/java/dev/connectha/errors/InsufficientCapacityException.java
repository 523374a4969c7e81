package dev.connectha.errors;

/**
 * EC2 has no capacity for the launch where it was asked for (an Availability Zone out of the
 * instance type, or a subnet out of addresses): nothing was launched. Retrying the same AZ soon
 * rarely helps; the workflow launches in another AZ or reports it.
 */
public final class InsufficientCapacityException extends TerminalException {

  public InsufficientCapacityException(String message, Throwable cause) {
    super(message, cause);
  }
}
