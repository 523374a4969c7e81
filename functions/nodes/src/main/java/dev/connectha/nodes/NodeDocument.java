package dev.connectha.nodes;

import dev.connectha.config.Config;
import dev.connectha.config.DocumentKind;
import dev.connectha.errors.InvalidInputException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Connect documents RunNodeCommand sends, by the name callers use, with what a node must
 * report for the document to have done its job there.
 */
public enum NodeDocument {
  /** {@code <stack>-StopConnect}: done when systemd no longer reports Connect running. */
  STOP("stop", DocumentKind.STOP_CONNECT),
  /** {@code <stack>-StartConnect}: done when Connect is active and answers {@code /__ping__} (on the expected version, if any). */
  START("start", DocumentKind.START_CONNECT),
  /** {@code <stack>-ConnectStatus}: done when the node reported its state, whatever it is (on the expected version, if any). */
  STATUS("status", DocumentKind.CONNECT_STATUS),
  /** {@code <stack>-StageConnect}: done when the node holds the version's package in its cache. Safe while Connect serves. */
  STAGE("stage", DocumentKind.STAGE_CONNECT),
  /** {@code <stack>-InstallConnect}: done when the node has the version installed (Connect stays stopped). */
  INSTALL("install", DocumentKind.INSTALL_CONNECT),
  /**
   * {@code <stack>-BootstrapNode}: done when the script ended well (it exits non-zero otherwise). Prepares a
   * launched node from the cluster document's provisioning fields; run again after the install, it activates the
   * licence and changes nothing else.
   */
  BOOTSTRAP("bootstrap", DocumentKind.BOOTSTRAP_NODE),
  /** {@code <stack>-DeactivateLicense}: done when the script ended well; run on a retiring node with Connect stopped. */
  DEACTIVATE("deactivate", DocumentKind.DEACTIVATE_LICENSE);

  /** systemd states in which Connect's process may still run. */
  private static final Set<String> RUNNING = Set.of("active", "activating", "deactivating", "reloading", "refreshing");

  private final String id;
  private final DocumentKind kind;

  NodeDocument(String id, DocumentKind kind) {
    this.id = id;
    this.kind = kind;
  }

  /** The name callers use: {@code stop}, {@code start}, {@code status}, {@code stage}, {@code install}, {@code bootstrap}, {@code deactivate}. */
  public String id() {
    return id;
  }

  /** Which of the stack's documents this is. */
  public DocumentKind kind() {
    return kind;
  }

  /** The SSM document's name in the function's stack (NODE_DOCUMENT_PREFIX). */
  public String documentName(Config config) {
    return config.documentName(kind);
  }

  /** Whether Connect's process may run in this systemd state (null: not reported, so not known to run). */
  static boolean running(String serviceState) {
    return serviceState != null && RUNNING.contains(serviceState);
  }

  public static NodeDocument of(String id) {
    return Arrays.stream(values()).filter(d -> d.id.equals(id)).findFirst().orElseThrow(() ->
        new InvalidInputException("document must be one of "
            + Arrays.stream(values()).map(NodeDocument::id).collect(Collectors.joining(", ")) + ": "
            + (id == null ? "(missing)" : "'" + id + "'")));
  }

  /**
   * Why a node whose command succeeded did not reach this document's goal, or null when it did.
   * The scripts already exit non-zero when they miss it; this guards against a script that says
   * otherwise, and checks the version the caller asked for ({@code version} for stage and
   * install, {@code expectVersion} for start and status; null: any version).
   */
  String missedGoal(NodeControl.Printed printed, String wantedVersion) {
    String serviceState = printed.serviceState();
    Boolean ping = printed.ping();
    String missed = switch (this) {
      case STOP -> serviceState == null || RUNNING.contains(serviceState)
          ? "the stop ended but the service is " + serviceState : null;
      case START -> !"active".equals(serviceState) || !Boolean.TRUE.equals(ping)
          ? "the start ended but the service is " + serviceState + " and /__ping__ " + (Boolean.TRUE.equals(ping) ? "answers" : "does not answer")
          : null;
      case STATUS -> serviceState == null || ping == null ? "the status lacks serviceState or ping" : null;
      case STAGE -> printed.staged() == null || printed.staged().isBlank()
          ? "the stage ended without naming the staged package"
          : !String.valueOf(wantedVersion).equals(printed.version())
              ? "the stage ended with " + printed.version() + " staged, not " + wantedVersion : null;
      case INSTALL -> !String.valueOf(wantedVersion).equals(printed.connectVersion())
          ? "the install ended with " + installed(printed.connectVersion()) + " installed, not " + wantedVersion : null;
      case BOOTSTRAP, DEACTIVATE -> null;
    };
    if (missed != null || wantedVersion == null || this == STAGE || this == INSTALL
        || wantedVersion.equals(printed.connectVersion())) {
      return missed;
    }
    return (printed.connectVersion() == null ? "no Connect is" : "Connect " + printed.connectVersion() + " is")
        + " installed, expected Connect " + wantedVersion;
  }

  private static String installed(String version) {
    return version == null ? "no Connect" : "Connect " + version;
  }
}
