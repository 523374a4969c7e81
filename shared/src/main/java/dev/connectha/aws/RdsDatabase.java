package dev.connectha.aws;

import dev.connectha.errors.ConnectHaException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.DatabaseState;
import dev.connectha.ports.Database;
import java.util.List;
import java.util.Objects;
import javax.inject.Inject;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.AvailabilityZone;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.Subnet;

/** Describes the cluster's RDS PostgreSQL instance or Aurora PostgreSQL cluster. */
public final class RdsDatabase implements Database {
  private final RdsClient rds;

  @Inject
  public RdsDatabase(RdsClient rds) {
    this.rds = rds;
  }

  /** The zones of a DB subnet group's subnets, sorted, each once. */
  private static List<String> zones(DBSubnetGroup group) {
    if (group == null || group.subnets() == null) {
      return List.of();
    }
    return group.subnets().stream().map(Subnet::subnetAvailabilityZone).filter(Objects::nonNull)
        .map(AvailabilityZone::name).filter(Objects::nonNull).distinct().sorted().toList();
  }

  @Override
  public DatabaseState describe(ClusterDocument cluster) {
    try {
      if (cluster.dbClusterId() != null) {
        DBCluster c = AwsCalls.call("describe DB cluster " + cluster.dbClusterId(),
            () -> rds.describeDBClusters(r -> r.dbClusterIdentifier(cluster.dbClusterId())).dbClusters().get(0));
        return new DatabaseState(c.dbClusterIdentifier(), c.engine(), c.engineVersion(),
            Boolean.TRUE.equals(c.multiAZ()), c.status(), Boolean.TRUE.equals(c.storageEncrypted()), c.endpoint(),
            c.dbSubnetGroup() == null ? List.of() : zones(AwsCalls.call("describe DB subnet group " + c.dbSubnetGroup(),
                () -> rds.describeDBSubnetGroups(r -> r.dbSubnetGroupName(c.dbSubnetGroup())).dbSubnetGroups().get(0))));
      }
      DBInstance i = AwsCalls.call("describe DB instance " + cluster.dbInstanceId(),
          () -> rds.describeDBInstances(r -> r.dbInstanceIdentifier(cluster.dbInstanceId())).dbInstances().get(0));
      return new DatabaseState(i.dbInstanceIdentifier(), i.engine(), i.engineVersion(),
          Boolean.TRUE.equals(i.multiAZ()), i.dbInstanceStatus(), Boolean.TRUE.equals(i.storageEncrypted()),
          i.endpoint() == null ? null : i.endpoint().address(), zones(i.dbSubnetGroup()));
    } catch (ConnectHaException e) {
      if (e.getCause() instanceof DbInstanceNotFoundException || e.getCause() instanceof DbClusterNotFoundException) {
        throw new PreconditionFailedException("cluster " + cluster.name() + ": its database does not exist: "
            + e.getMessage(), e);
      }
      throw e;
    }
  }
}
