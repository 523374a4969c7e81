package dev.connectha.model;

import dev.connectha.errors.InvalidInputException;
import java.util.Map;
import java.util.Objects;

/**
 * A cluster as registered in SSM Parameter Store under {@code /connect-ha/clusters/<name>}.
 *
 * @param name            the cluster's name (also the value of the {@code connect-ha:cluster} tag)
 * @param targetGroupArn  the ALB target group the nodes serve from; null for a single server without ALB
 * @param dbInstanceId    the RDS PostgreSQL instance (null when {@code dbClusterId} names an Aurora cluster)
 * @param dbClusterId     the Aurora PostgreSQL cluster, if the database is Aurora
 * @param fileSystemId    the EFS file system holding Server.DataDir
 * @param launchTemplateId launch template for new nodes
 * @param subnetsByAz     one subnet per Availability Zone the cluster may use
 * @param backupVault     AWS Backup vault for EFS backups
 * @param backupRoleArn   IAM role AWS Backup assumes
 * @param packageSource   where Connect packages come from (URL prefix or repository)
 * @param desiredNodes    how many nodes should serve
 * @param connectVersion  the version new nodes are launched with
 */
public record ClusterDocument(
    String name,
    String targetGroupArn,
    String dbInstanceId,
    String dbClusterId,
    String fileSystemId,
    String launchTemplateId,
    Map<String, String> subnetsByAz,
    String backupVault,
    String backupRoleArn,
    String packageSource,
    int desiredNodes,
    ConnectVersion connectVersion) {

  public ClusterDocument {
    ClusterName.require(name);
    if ((dbInstanceId == null) == (dbClusterId == null)) {
      throw new InvalidInputException("cluster " + name + ": set exactly one of dbInstanceId, dbClusterId");
    }
    if (fileSystemId == null || fileSystemId.isBlank()) {
      throw new InvalidInputException("cluster " + name + ": fileSystemId is required");
    }
    if (desiredNodes < 1) {
      throw new InvalidInputException("cluster " + name + ": desiredNodes must be at least 1");
    }
    subnetsByAz = Map.copyOf(Objects.requireNonNullElse(subnetsByAz, Map.of()));
  }
}
