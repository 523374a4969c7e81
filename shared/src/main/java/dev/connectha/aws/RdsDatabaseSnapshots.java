package dev.connectha.aws;

import dev.connectha.errors.ConnectHaException;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.NotReadyException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.errors.UnsafeToProceedException;
import dev.connectha.model.ClusterName;
import dev.connectha.model.backup.AwsArn;
import dev.connectha.model.backup.BackupTags;
import dev.connectha.model.backup.DatabaseRestore;
import dev.connectha.model.backup.DatabaseSnapshot.Kind;
import dev.connectha.model.backup.DatabaseSnapshot;
import dev.connectha.model.backup.RdsIdentifier;
import dev.connectha.model.backup.RestoredDatabase;
import dev.connectha.ports.DatabaseSnapshots;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.inject.Inject;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DbSnapshotAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterSnapshotStateException;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;
import software.amazon.awssdk.services.rds.model.InvalidDbSnapshotStateException;
import software.amazon.awssdk.services.rds.model.SnapshotQuotaExceededException;
import software.amazon.awssdk.services.rds.model.Tag;

/** {@link DatabaseSnapshots} with the RDS API, one client per region. */
public final class RdsDatabaseSnapshots implements DatabaseSnapshots {
  private final PerRegion<RdsClient> rds;

  @Inject
  public RdsDatabaseSnapshots(PerRegion<RdsClient> rds) {
    this.rds = rds;
  }

  /** A snapshot ARN taken apart: {@code arn:aws:rds:REGION:ACCOUNT:snapshot:ID} or {@code ...:cluster-snapshot:ID}. */
  record SnapshotRef(String region, Kind kind, String id) {
    static SnapshotRef parse(String snapshotArn) {
      AwsArn arn = AwsArn.parse(snapshotArn, "rds");
      Kind kind = switch (arn.resourceType()) {
        case "snapshot" -> Kind.INSTANCE;
        case "cluster-snapshot" -> Kind.CLUSTER;
        default -> throw new InvalidInputException("not an RDS snapshot ARN: '" + snapshotArn + "'");
      };
      return new SnapshotRef(arn.region(), kind, RdsIdentifier.requireSnapshot(arn.resourceId()));
    }
  }

  /** A DB instance ARN taken apart: {@code arn:aws:rds:REGION:ACCOUNT:db:ID}. */
  record InstanceRef(String region, String id) {
    static InstanceRef parse(String dbInstanceArn) {
      AwsArn arn = AwsArn.parse(dbInstanceArn, "rds");
      if (!arn.resourceType().equals("db")) {
        throw new InvalidInputException("not an RDS DB instance ARN: '" + dbInstanceArn + "'");
      }
      return new InstanceRef(arn.region(), RdsIdentifier.requireInstance(arn.resourceId()));
    }
  }

  // ---- snapshots ------------------------------------------------------------------------------

  @Override
  public DatabaseSnapshot startInstanceSnapshot(String dbInstanceId, String snapshotId, BackupTags tags) {
    RdsIdentifier.requireInstance(dbInstanceId);
    RdsIdentifier.requireSnapshot(snapshotId);
    String region = rds.homeRegion();
    try {
      DBSnapshot s = AwsCalls.call("snapshot DB instance " + dbInstanceId + " as " + snapshotId,
          () -> rds.home().createDBSnapshot(b -> b.dbInstanceIdentifier(dbInstanceId).dbSnapshotIdentifier(snapshotId)
              .tags(tags(tags.asMap()))).dbSnapshot());
      return fromInstanceSnapshot(s, region);
    } catch (ConnectHaException e) {
      if (e.getCause() instanceof DbInstanceNotFoundException) {
        throw new PreconditionFailedException("DB instance " + dbInstanceId + " does not exist in " + region, e);
      }
      if (e.getCause() instanceof InvalidDbInstanceStateException) {
        throw new NotReadyException("DB instance " + dbInstanceId + " cannot be snapshotted in its state now", e);
      }
      if (e.getCause() instanceof SnapshotQuotaExceededException) {
        throw new PreconditionFailedException("the account's manual DB snapshot quota is used up in " + region, e);
      }
      if (e.getCause() instanceof DbSnapshotAlreadyExistsException) {
        return sameBackupSetOrFail(describeInstanceSnapshot(region, snapshotId), dbInstanceId, tags, e);
      }
      throw e;
    }
  }

  @Override
  public DatabaseSnapshot startClusterSnapshot(String dbClusterId, String snapshotId, BackupTags tags) {
    RdsIdentifier.requireCluster(dbClusterId);
    RdsIdentifier.requireSnapshot(snapshotId);
    String region = rds.homeRegion();
    try {
      DBClusterSnapshot s = AwsCalls.call("snapshot DB cluster " + dbClusterId + " as " + snapshotId,
          () -> rds.home().createDBClusterSnapshot(b -> b.dbClusterIdentifier(dbClusterId)
              .dbClusterSnapshotIdentifier(snapshotId).tags(tags(tags.asMap()))).dbClusterSnapshot());
      return fromClusterSnapshot(s, region);
    } catch (ConnectHaException e) {
      if (e.getCause() instanceof DbClusterNotFoundException) {
        throw new PreconditionFailedException("DB cluster " + dbClusterId + " does not exist in " + region, e);
      }
      if (e.getCause() instanceof InvalidDbClusterStateException) {
        throw new NotReadyException("DB cluster " + dbClusterId + " cannot be snapshotted in its state now", e);
      }
      if (e.getCause() instanceof SnapshotQuotaExceededException) {
        throw new PreconditionFailedException("the account's manual DB snapshot quota is used up in " + region, e);
      }
      if (e.getCause() instanceof DbClusterSnapshotAlreadyExistsException) {
        return sameBackupSetOrFail(describeClusterSnapshot(region, snapshotId), dbClusterId, tags, e);
      }
      throw e;
    }
  }

  /** A retried start finds its own snapshot; any other snapshot of that name is someone else's. */
  private static DatabaseSnapshot sameBackupSetOrFail(DatabaseSnapshot existing, String sourceId, BackupTags tags,
      Exception cause) {
    if (sourceId.equalsIgnoreCase(existing.sourceId()) && tags.cluster().equals(existing.cluster())
        && tags.backupSet().equals(existing.backupSet())) {
      return existing;
    }
    throw new PreconditionFailedException("DB snapshot " + existing.id() + " already exists and is not backup set "
        + tags.backupSet() + " of " + sourceId, cause);
  }

  @Override
  public DatabaseSnapshot describe(String snapshotArn) {
    SnapshotRef ref = SnapshotRef.parse(snapshotArn);
    return ref.kind() == Kind.INSTANCE ? describeInstanceSnapshot(ref.region(), ref.id())
        : describeClusterSnapshot(ref.region(), ref.id());
  }

  private DatabaseSnapshot describeInstanceSnapshot(String region, String id) {
    try {
      return AwsCalls.call("describe DB snapshot " + id + " in " + region,
          () -> fromInstanceSnapshot(rds.in(region).describeDBSnapshots(b -> b.dbSnapshotIdentifier(id))
              .dbSnapshots().get(0), region));
    } catch (ConnectHaException e) {
      throw snapshotMissing(e, id, region);
    }
  }

  private DatabaseSnapshot describeClusterSnapshot(String region, String id) {
    try {
      return AwsCalls.call("describe DB cluster snapshot " + id + " in " + region,
          () -> fromClusterSnapshot(rds.in(region).describeDBClusterSnapshots(b -> b.dbClusterSnapshotIdentifier(id))
              .dbClusterSnapshots().get(0), region));
    } catch (ConnectHaException e) {
      throw snapshotMissing(e, id, region);
    }
  }

  private static ConnectHaException snapshotMissing(ConnectHaException e, String id, String region) {
    if (e.getCause() instanceof DbSnapshotNotFoundException || e.getCause() instanceof DbClusterSnapshotNotFoundException) {
      return new PreconditionFailedException("DB snapshot " + id + " does not exist in " + region, e);
    }
    return e;
  }

  @Override
  public List<DatabaseSnapshot> listOfCluster(String cluster) {
    return listOfCluster(cluster, rds.homeRegion());
  }

  @Override
  public List<DatabaseSnapshot> listOfCluster(String cluster, String region) {
    ClusterName.require(cluster);
    RdsClient client = rds.in(region);
    List<DatabaseSnapshot> instances = AwsCalls.call("list DB snapshots in " + region,
        () -> client.describeDBSnapshotsPaginator(b -> b.snapshotType("manual")).dbSnapshots().stream()
            .map(s -> fromInstanceSnapshot(s, region)).toList());
    List<DatabaseSnapshot> clusters = AwsCalls.call("list DB cluster snapshots in " + region,
        () -> client.describeDBClusterSnapshotsPaginator(b -> b.snapshotType("manual")).dbClusterSnapshots().stream()
            .map(s -> fromClusterSnapshot(s, region)).toList());
    return Stream.concat(instances.stream(), clusters.stream())
        .filter(s -> cluster.equals(s.cluster()))
        .sorted(OLDEST_FIRST)
        .toList();
  }

  static final Comparator<DatabaseSnapshot> OLDEST_FIRST = Comparator
      .comparing(DatabaseSnapshot::createdAt, Comparator.nullsLast(Comparator.naturalOrder()))
      .thenComparing(DatabaseSnapshot::id);

  @Override
  public boolean delete(String snapshotArn) {
    SnapshotRef ref = SnapshotRef.parse(snapshotArn);
    DatabaseSnapshot snapshot;
    try {
      snapshot = describe(snapshotArn);
    } catch (PreconditionFailedException gone) {
      return false;
    }
    if (snapshot.backupSet() == null) {
      throw new UnsafeToProceedException("DB snapshot " + snapshotArn + " has no " + BackupTags.BACKUP_SET
          + " tag: the control plane did not create it and will not delete it");
    }
    RdsClient client = rds.in(ref.region());
    try {
      if (ref.kind() == Kind.INSTANCE) {
        AwsCalls.call("delete DB snapshot " + snapshotArn,
            () -> client.deleteDBSnapshot(b -> b.dbSnapshotIdentifier(ref.id())));
      } else {
        AwsCalls.call("delete DB cluster snapshot " + snapshotArn,
            () -> client.deleteDBClusterSnapshot(b -> b.dbClusterSnapshotIdentifier(ref.id())));
      }
      return true;
    } catch (ConnectHaException e) {
      if (e.getCause() instanceof DbSnapshotNotFoundException || e.getCause() instanceof DbClusterSnapshotNotFoundException) {
        return false;
      }
      if (e.getCause() instanceof InvalidDbSnapshotStateException
          || e.getCause() instanceof InvalidDbClusterSnapshotStateException) {
        throw new NotReadyException("DB snapshot " + snapshotArn + " cannot be deleted while " + snapshot.status(), e);
      }
      throw e;
    }
  }

  @Override
  public DatabaseSnapshot copyToRegion(String snapshotArn, String destinationRegion, String targetSnapshotId,
      String kmsKeyId) {
    SnapshotRef ref = SnapshotRef.parse(snapshotArn);
    PerRegion.requireRegion(destinationRegion);
    RdsIdentifier.requireSnapshot(targetSnapshotId);
    if (destinationRegion.equals(ref.region())) {
      throw new InvalidInputException("DB snapshot " + snapshotArn + " is in " + destinationRegion + " already");
    }
    DatabaseSnapshot source = describe(snapshotArn);
    if (source.failed()) {
      throw new PreconditionFailedException("DB snapshot " + snapshotArn + " failed; it cannot be copied");
    }
    if (!source.available()) {
      throw new NotReadyException("DB snapshot " + snapshotArn + " is " + source.status() + ", not available yet");
    }
    if (source.encrypted() && (kmsKeyId == null || kmsKeyId.isBlank())) {
      throw new InvalidInputException("DB snapshot " + snapshotArn + " is encrypted: copying it to " + destinationRegion
          + " needs a KMS key there (a key id, ARN or alias such as alias/aws/rds)");
    }
    RdsClient destination = rds.in(destinationRegion);
    Map<String, String> tags = new LinkedHashMap<>(source.tags());
    tags.put(BackupTags.COPIED_FROM, source.arn());
    String what = "copy DB snapshot " + snapshotArn + " to " + destinationRegion + " as " + targetSnapshotId;
    try {
      if (ref.kind() == Kind.INSTANCE) {
        return fromInstanceSnapshot(AwsCalls.call(what, () -> destination.copyDBSnapshot(b -> b
            .sourceDBSnapshotIdentifier(source.arn()).targetDBSnapshotIdentifier(targetSnapshotId)
            .sourceRegion(ref.region()).kmsKeyId(kmsKeyId).tags(tags(tags))).dbSnapshot()), destinationRegion);
      }
      return fromClusterSnapshot(AwsCalls.call(what, () -> destination.copyDBClusterSnapshot(b -> b
          .sourceDBClusterSnapshotIdentifier(source.arn()).targetDBClusterSnapshotIdentifier(targetSnapshotId)
          .sourceRegion(ref.region()).kmsKeyId(kmsKeyId).tags(tags(tags))).dbClusterSnapshot()), destinationRegion);
    } catch (ConnectHaException e) {
      if (e.getCause() instanceof InvalidDbSnapshotStateException
          || e.getCause() instanceof InvalidDbClusterSnapshotStateException) {
        throw new NotReadyException("DB snapshot " + snapshotArn + " is not available to copy yet", e);
      }
      if (e.getCause() instanceof DbSnapshotAlreadyExistsException
          || e.getCause() instanceof DbClusterSnapshotAlreadyExistsException) {
        DatabaseSnapshot existing = ref.kind() == Kind.INSTANCE
            ? describeInstanceSnapshot(destinationRegion, targetSnapshotId)
            : describeClusterSnapshot(destinationRegion, targetSnapshotId);
        if (source.arn().equals(existing.tags().get(BackupTags.COPIED_FROM))) {
          return existing;
        }
        throw new PreconditionFailedException("DB snapshot " + targetSnapshotId + " already exists in "
            + destinationRegion + " and is not a copy of " + snapshotArn, e);
      }
      if (e.getCause() instanceof SnapshotQuotaExceededException) {
        throw new PreconditionFailedException("the account's manual DB snapshot quota is used up in "
            + destinationRegion, e);
      }
      throw e;
    }
  }

  // ---- restores -------------------------------------------------------------------------------

  @Override
  public RestoredDatabase restoreToNewInstance(String snapshotArn, DatabaseRestore restore) {
    SnapshotRef ref = SnapshotRef.parse(snapshotArn);
    if (ref.kind() != Kind.INSTANCE) {
      throw new InvalidInputException("restoring an Aurora cluster snapshot (RestoreDBClusterFromSnapshot) is not "
          + "supported: " + snapshotArn);
    }
    RdsClient client = rds.in(ref.region());
    Map<String, String> tags = new LinkedHashMap<>(restore.tags());
    tags.put(BackupTags.RESTORED_FROM, snapshotArn);
    try {
      DBInstance instance = AwsCalls.call("restore DB snapshot " + snapshotArn + " into " + restore.newInstanceId(),
          () -> client.restoreDBInstanceFromDBSnapshot(b -> {
            b.dbSnapshotIdentifier(ref.id()).dbInstanceIdentifier(restore.newInstanceId())
                .dbInstanceClass(restore.instanceClass()).multiAZ(restore.multiAz()).tags(tags(tags));
            if (restore.subnetGroup() != null) {
              b.dbSubnetGroupName(restore.subnetGroup());
            }
            if (!restore.securityGroupIds().isEmpty()) {
              b.vpcSecurityGroupIds(restore.securityGroupIds());
            }
          }).dbInstance());
      return fromInstance(instance, ref.region());
    } catch (ConnectHaException e) {
      if (e.getCause() instanceof DbInstanceAlreadyExistsException) {
        RestoredDatabase existing = describeInstance(instanceArn(ref.region(), restore.newInstanceId(), snapshotArn));
        if (snapshotArn.equals(existing.restoredFrom())) {
          return existing;
        }
        throw new PreconditionFailedException("DB instance " + restore.newInstanceId() + " already exists in "
            + ref.region() + "; a restore only creates new instances", e);
      }
      if (e.getCause() instanceof DbSnapshotNotFoundException) {
        throw new PreconditionFailedException("DB snapshot " + snapshotArn + " does not exist", e);
      }
      if (e.getCause() instanceof InvalidDbSnapshotStateException) {
        DatabaseSnapshot snapshot = describe(snapshotArn);
        throw snapshot.failed()
            ? new PreconditionFailedException("DB snapshot " + snapshotArn + " failed; it cannot be restored", e)
            : new NotReadyException("DB snapshot " + snapshotArn + " is " + snapshot.status() + ", not available yet", e);
      }
      throw e;
    }
  }

  /** The ARN of instance {@code id} beside the snapshot {@code sameAccountArn} (same partition and account). */
  private static String instanceArn(String region, String id, String sameAccountArn) {
    AwsArn arn = AwsArn.parse(sameAccountArn);
    return new AwsArn(arn.partition(), "rds", region, arn.account(), "db:" + id).toString();
  }

  @Override
  public RestoredDatabase describeInstance(String dbInstanceArn) {
    InstanceRef ref = InstanceRef.parse(dbInstanceArn);
    try {
      return AwsCalls.call("describe DB instance " + dbInstanceArn, () -> fromInstance(rds.in(ref.region())
          .describeDBInstances(b -> b.dbInstanceIdentifier(ref.id())).dbInstances().get(0), ref.region()));
    } catch (ConnectHaException e) {
      if (e.getCause() instanceof DbInstanceNotFoundException) {
        throw new PreconditionFailedException("DB instance " + ref.id() + " does not exist in " + ref.region(), e);
      }
      throw e;
    }
  }

  @Override
  public boolean deleteRestoredInstance(String dbInstanceArn) {
    InstanceRef ref = InstanceRef.parse(dbInstanceArn);
    RestoredDatabase instance;
    try {
      instance = describeInstance(dbInstanceArn);
    } catch (PreconditionFailedException gone) {
      return false;
    }
    if (instance.restoredFrom() == null) {
      throw new UnsafeToProceedException("DB instance " + dbInstanceArn + " has no " + BackupTags.RESTORED_FROM
          + " tag: no restore created it, and the control plane will not delete it");
    }
    if ("deleting".equals(instance.status())) {
      return true;
    }
    try {
      AwsCalls.call("delete restored DB instance " + dbInstanceArn, () -> rds.in(ref.region())
          .deleteDBInstance(b -> b.dbInstanceIdentifier(ref.id()).skipFinalSnapshot(true).deleteAutomatedBackups(true)));
      return true;
    } catch (ConnectHaException e) {
      if (e.getCause() instanceof DbInstanceNotFoundException) {
        return false;
      }
      if (e.getCause() instanceof InvalidDbInstanceStateException) {
        throw new NotReadyException("DB instance " + dbInstanceArn + " cannot be deleted while " + instance.status(), e);
      }
      throw e;
    }
  }

  @Override
  public RestoredDatabase tagRestoredInstance(String dbInstanceArn, Map<String, String> tags) {
    InstanceRef ref = InstanceRef.parse(dbInstanceArn);
    BackupTags.checkExtra(tags);
    RestoredDatabase instance = describeInstance(dbInstanceArn);
    if (instance.restoredFrom() == null) {
      throw new UnsafeToProceedException("DB instance " + dbInstanceArn + " has no " + BackupTags.RESTORED_FROM
          + " tag: no restore created it, and the control plane will not tag it");
    }
    AwsCalls.call("tag restored DB instance " + dbInstanceArn, () -> rds.in(ref.region())
        .addTagsToResource(b -> b.resourceName(dbInstanceArn).tags(tags(tags))));
    Map<String, String> all = new LinkedHashMap<>(instance.tags());
    all.putAll(tags);
    return new RestoredDatabase(instance.arn(), instance.region(), instance.id(), instance.instanceClass(),
        instance.status(), instance.engine(), instance.engineVersion(), instance.multiAz(), instance.encrypted(),
        instance.endpoint(), instance.restoredFrom(), all);
  }

  // ---- mapping --------------------------------------------------------------------------------

  static DatabaseSnapshot fromInstanceSnapshot(DBSnapshot s, String region) {
    return new DatabaseSnapshot(s.dbSnapshotArn(), regionOf(s.dbSnapshotArn(), region), Kind.INSTANCE,
        s.dbSnapshotIdentifier(), s.dbInstanceIdentifier(), s.status(), s.engine(), s.engineVersion(),
        Boolean.TRUE.equals(s.encrypted()), s.allocatedStorage(), s.snapshotCreateTime(), tagMap(s.tagList()));
  }

  static DatabaseSnapshot fromClusterSnapshot(DBClusterSnapshot s, String region) {
    return new DatabaseSnapshot(s.dbClusterSnapshotArn(), regionOf(s.dbClusterSnapshotArn(), region), Kind.CLUSTER,
        s.dbClusterSnapshotIdentifier(), s.dbClusterIdentifier(), s.status(), s.engine(), s.engineVersion(),
        Boolean.TRUE.equals(s.storageEncrypted()), s.allocatedStorage(), s.snapshotCreateTime(), tagMap(s.tagList()));
  }

  static RestoredDatabase fromInstance(DBInstance i, String region) {
    Map<String, String> tags = tagMap(i.tagList());
    return new RestoredDatabase(i.dbInstanceArn(), regionOf(i.dbInstanceArn(), region), i.dbInstanceIdentifier(),
        i.dbInstanceClass(), i.dbInstanceStatus(), i.engine(), i.engineVersion(), Boolean.TRUE.equals(i.multiAZ()),
        Boolean.TRUE.equals(i.storageEncrypted()), i.endpoint() == null ? null : i.endpoint().address(),
        tags.get(BackupTags.RESTORED_FROM), tags);
  }

  private static String regionOf(String arn, String fallback) {
    if (arn == null) {
      return fallback;
    }
    try {
      String region = AwsArn.parse(arn).region();
      return region.isEmpty() ? fallback : region;
    } catch (InvalidInputException e) {
      return fallback;
    }
  }

  static Map<String, String> tagMap(List<Tag> tags) {
    Map<String, String> map = new LinkedHashMap<>();
    if (tags != null) {
      tags.forEach(t -> map.put(t.key(), t.value()));
    }
    return map;
  }

  static List<Tag> tags(Map<String, String> tags) {
    return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
  }
}
