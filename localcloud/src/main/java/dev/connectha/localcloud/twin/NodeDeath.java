package dev.connectha.localcloud.twin;

/**
 * How a node dies under a command ({@link Twin#killDuring}): its EC2 instance is stopped (SSM ends
 * the command {@code Failed}, details {@code Undeliverable}) or terminated ({@code Failed},
 * {@code Terminated}). Either way its Connect is down.
 */
public enum NodeDeath {
  STOPPED,
  TERMINATED
}
