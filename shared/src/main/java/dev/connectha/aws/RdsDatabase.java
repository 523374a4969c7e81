package dev.connectha.aws;

import dev.connectha.errors.ConnectHaException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.DatabaseState;
import dev.connectha.ports.Database;
import javax.inject.Inject;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;

/** Describes the cluster's RDS PostgreSQL instance or Aurora PostgreSQL cluster. */
public final class RdsDatabase implements Database {
  private final RdsClient rds;

  @Inject
  public RdsDatabase(RdsClient rds) {
    this.rds = rds;
  }

  @Override
  public DatabaseState describe(ClusterDocument cluster) {
    try {
      if (cluster.dbClusterId() != null) {
        DBCluster c = AwsCalls.call("describe DB cluster " + cluster.dbClusterId(),
            () -> rds.describeDBClusters(r -> r.dbClusterIdentifier(cluster.dbClusterId())).dbClusters().get(0));
        return new DatabaseState(c.dbClusterIdentifier(), c.engine(), c.engineVersion(),
            Boolean.TRUE.equals(c.multiAZ()), c.status(), Boolean.TRUE.equals(c.storageEncrypted()), c.endpoint());
      }
      DBInstance i = AwsCalls.call("describe DB instance " + cluster.dbInstanceId(),
          () -> rds.describeDBInstances(r -> r.dbInstanceIdentifier(cluster.dbInstanceId())).dbInstances().get(0));
      return new DatabaseState(i.dbInstanceIdentifier(), i.engine(), i.engineVersion(),
          Boolean.TRUE.equals(i.multiAZ()), i.dbInstanceStatus(), Boolean.TRUE.equals(i.storageEncrypted()),
          i.endpoint() == null ? null : i.endpoint().address());
    } catch (ConnectHaException e) {
      if (e.getCause() instanceof DbInstanceNotFoundException || e.getCause() instanceof DbClusterNotFoundException) {
        throw new PreconditionFailedException("cluster " + cluster.name() + ": its database does not exist: "
            + e.getMessage(), e);
      }
      throw e;
    }
  }
}
