package dev.connectha.ports;

import dev.connectha.model.ConnectVersion;

/** Whether Posit (or a mirror) publishes a Connect release's packages, asked before anything is staged. */
public interface PackageCatalog {
  /**
   * Whether {@code packageSource} serves {@code version}: its Ubuntu 22.04 .deb or its RHEL 9 .rpm
   * answers (see {@link dev.connectha.model.ConnectPackages} for the layout). False when neither
   * does, or the source cannot be reached.
   */
  boolean available(String packageSource, ConnectVersion version);
}
