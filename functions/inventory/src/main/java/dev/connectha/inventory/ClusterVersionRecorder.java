package dev.connectha.inventory;

import dev.connectha.ports.ClusterRegistry;
import dev.connectha.errors.ClusterNotFoundException;
import dev.connectha.model.ClusterDocument;
import javax.inject.Inject;

/**
 * Records the Connect version a cluster runs in its document, the version new nodes are launched
 * with: the last step of an upgrade. The version was checked by the input before any call; the
 * cluster must be registered ({@code ClusterNotFoundException}). Writing the version it already has
 * rewrites the same document.
 */
public final class ClusterVersionRecorder {
  private final ClusterRegistry registry;

  @Inject
  public ClusterVersionRecorder(ClusterRegistry registry) {
    this.registry = registry;
  }

  public ClusterDocument record(RecordClusterVersionInput input) {
    ClusterDocument d = registry.load(input.cluster());
    return registry.save(new ClusterDocument(d.name(), d.targetGroupArn(), d.dbInstanceId(), d.dbClusterId(),
        d.fileSystemId(), d.launchTemplateId(), d.subnetsByAz(), d.backupVault(), d.backupRoleArn(), d.packageSource(),
        d.desiredNodes(), input.connectVersion()));
  }

  /** SnapStart priming: one harmless read (a cluster that cannot exist) through the SDK. */
  void prime() {
    try {
      registry.load("connect-ha-snapstart-priming");
    } catch (ClusterNotFoundException expected) {
      // the point was to load the client, not to find a cluster
    }
  }
}
