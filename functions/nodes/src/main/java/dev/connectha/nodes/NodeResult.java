package dev.connectha.nodes;

/**
 * One node's outcome.
 *
 * @param instanceId     the node
 * @param status         SSM's status of the command there ({@code Success}, {@code Failed},
 *                       {@code TimedOut}, {@code InProgress} when the wait ended first, ...)
 * @param serviceState   {@code systemctl is-active rstudio-connect} as the document reported it
 * @param ping           whether {@code /__ping__} answered (null when the document does not check)
 * @param connectVersion the installed Connect version (null when not installed or not reported)
 * @param error          why the node did not reach the document's goal; null when it did
 * @param succeeded      the node reached the goal: stopped, started and answering, or reported
 */
public record NodeResult(
    String instanceId,
    String status,
    String serviceState,
    Boolean ping,
    String connectVersion,
    String error,
    boolean succeeded) {

  static NodeResult reached(String instanceId, String status, String serviceState, Boolean ping, String connectVersion) {
    return new NodeResult(instanceId, status, serviceState, ping, connectVersion, null, true);
  }

  static NodeResult missed(String instanceId, String status, String serviceState, Boolean ping, String connectVersion,
      String error) {
    return new NodeResult(instanceId, status, serviceState, ping, connectVersion, error, false);
  }
}
