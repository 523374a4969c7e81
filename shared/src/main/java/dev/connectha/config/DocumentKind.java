package dev.connectha.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * The project's SSM Command documents, by what they do. template.yaml names each
 * {@code ${AWS::StackName}-<suffix>} (two stacks in one account and region keep their own) and
 * gives every function the stack's part, {@code <stack>-}, as {@code NODE_DOCUMENT_PREFIX};
 * {@link Config#documentName} puts the two together. No suffix ends another, so a document's name
 * tells its kind whatever the prefix ({@link #ofName}).
 */
public enum DocumentKind {
  /** Reports a node's facts for the HA checklist; read-only. */
  NODE_FACTS("NodeFacts"),
  /** Stops Connect on a node and checks it stopped. */
  STOP_CONNECT("StopConnect"),
  /** Starts Connect on a node and waits for {@code /__ping__}. */
  START_CONNECT("StartConnect"),
  /** Reads Connect's state on a node; read-only. */
  CONNECT_STATUS("ConnectStatus"),
  /** Downloads a Connect package into a node's cache while Connect serves. */
  STAGE_CONNECT("StageConnect"),
  /** Installs a staged package on a node whose Connect is stopped. */
  INSTALL_CONNECT("InstallConnect"),
  /** Prepares a launched node for Connect (accounts, EFS, configuration, clock, licence). */
  BOOTSTRAP_NODE("BootstrapNode"),
  /** Deactivates a retiring node's licence. */
  DEACTIVATE_LICENSE("DeactivateLicense");

  private final String suffix;

  DocumentKind(String suffix) {
    this.suffix = suffix;
  }

  /** What follows the stack's prefix in the document's name, e.g. {@code StopConnect}. */
  public String suffix() {
    return suffix;
  }

  /** The document's logical id in template.yaml, e.g. {@code StopConnectDocument}. */
  public String logicalId() {
    return suffix + "Document";
  }

  /** The kind of the document named {@code name} under any prefix (empty: not one of the project's). */
  public static Optional<DocumentKind> ofName(String name) {
    return name == null ? Optional.empty() : Arrays.stream(values())
        .filter(k -> name.length() > k.suffix.length() && name.endsWith(k.suffix)).findFirst();
  }

  /** The longest suffix: with it, a prefix must leave a name within SSM's 128 characters. */
  static int longestSuffix() {
    return Arrays.stream(values()).mapToInt(k -> k.suffix.length()).max().orElse(0);
  }
}
