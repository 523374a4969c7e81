package dev.connectha.nodes;

/**
 * One node's outcome.
 *
 * @param instanceId     the node
 * @param status         SSM's status of the command there ({@code Success}, {@code Failed},
 *                       {@code TimedOut}, {@code InProgress} when the wait ended first, ...)
 * @param serviceState   {@code systemctl is-active rstudio-connect} as the document reported it
 * @param ping           whether {@code /__ping__} answered (null when the document does not check)
 * @param connectVersion the installed Connect version (null when not installed or not reported;
 *                       after an install, the version now installed)
 * @param staged         the package a stage left in the node's cache (its path on the node); null otherwise
 * @param error          why the node did not reach the document's goal; null when it did
 * @param succeeded      the node reached the goal: stopped, started and answering, reported, staged
 *                       or installed (on the version asked for, if any)
 * @param pingStatus     the HTTP status {@code /__ping__} answered with, when the document reports it
 *                       ({@code status}: 402 is an expired licence; 0 when nothing answered); null otherwise
 */
public record NodeResult(
    String instanceId,
    String status,
    String serviceState,
    Boolean ping,
    String connectVersion,
    String staged,
    String error,
    boolean succeeded,
    Integer pingStatus) {

  /** A result whose document does not report the ping's HTTP status. */
  public NodeResult(String instanceId, String status, String serviceState, Boolean ping, String connectVersion, String staged,
      String error, boolean succeeded) {
    this(instanceId, status, serviceState, ping, connectVersion, staged, error, succeeded, null);
  }

  /** This result with the ping's HTTP status the document printed. */
  NodeResult withPingStatus(Integer httpStatus) {
    return new NodeResult(instanceId, status, serviceState, ping, connectVersion, staged, error, succeeded, httpStatus);
  }

  static NodeResult reached(String instanceId, String status, String serviceState, Boolean ping, String connectVersion,
      String staged) {
    return new NodeResult(instanceId, status, serviceState, ping, connectVersion, staged, null, true);
  }

  static NodeResult missed(String instanceId, String status, String serviceState, Boolean ping, String connectVersion,
      String staged, String error) {
    return new NodeResult(instanceId, status, serviceState, ping, connectVersion, staged, error, false);
  }

  /** A node that did not get as far as printing a result. */
  static NodeResult missed(String instanceId, String status, String error) {
    return missed(instanceId, status, null, null, null, null, error);
  }
}
