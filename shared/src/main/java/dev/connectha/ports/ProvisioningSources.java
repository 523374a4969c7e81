package dev.connectha.ports;

import dev.connectha.model.ClusterDocument;
import java.util.List;

/**
 * Whether what a new node is made from exists: the cluster's launch template, its configuration
 * parameter and its secrets. Asked before anything is launched; the secrets' values are never read.
 */
public interface ProvisioningSources {
  /**
   * What of {@code cluster}'s provisioning sources does not exist, one line each naming the field
   * and the resource (e.g. {@code dbPasswordSecretId: secret connect-ha/demo/db does not exist});
   * empty when everything does. Fields the document leaves empty are not checked here
   * ({@link ClusterDocument#missingForProvisioning()} names those).
   */
  List<String> missing(ClusterDocument cluster);
}
