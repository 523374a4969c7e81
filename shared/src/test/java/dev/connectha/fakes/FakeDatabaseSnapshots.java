package dev.connectha.fakes;

import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.errors.UnsafeToProceedException;
import dev.connectha.model.backup.BackupTags;
import dev.connectha.model.backup.DatabaseRestore;
import dev.connectha.model.backup.DatabaseSnapshot;
import dev.connectha.model.backup.RestoredDatabase;
import dev.connectha.ports.DatabaseSnapshots;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RDS snapshots and DB instances by ARN, in one region and account. A restore creates its instance
 * {@code creating}; it stays so until a test changes it. Taking, listing, copying and deleting
 * snapshots is not faked. Changes are also written to the mutations journal.
 */
public final class FakeDatabaseSnapshots implements DatabaseSnapshots {
  public final Map<String, DatabaseSnapshot> snapshotsByArn = new LinkedHashMap<>();
  public final Map<String, RestoredDatabase> instancesByArn = new LinkedHashMap<>();
  /** A message to refuse the next restore with (as RDS refuses an unknown instance class). */
  public String refuseNextRestore;
  private final String region;
  private final String account;
  private final List<String> calls;
  private final List<String> mutations;

  public FakeDatabaseSnapshots(String region, String account, List<String> calls, List<String> mutations) {
    this.region = region;
    this.account = account;
    this.calls = calls;
    this.mutations = mutations;
  }

  /** The ARN of DB instance {@code id} in this region and account. */
  public String instanceArn(String id) {
    return "arn:aws:rds:" + region + ":" + account + ":db:" + id;
  }

  @Override
  public DatabaseSnapshot describe(String snapshotArn) {
    calls.add("rds.describeSnapshot " + snapshotArn);
    DatabaseSnapshot s = snapshotsByArn.get(snapshotArn);
    if (s == null) {
      throw new PreconditionFailedException("DB snapshot " + snapshotArn + " does not exist");
    }
    return s;
  }

  @Override
  public RestoredDatabase restoreToNewInstance(String snapshotArn, DatabaseRestore restore) {
    calls.add("rds.restore " + restore.newInstanceId());
    String arn = instanceArn(restore.newInstanceId());
    RestoredDatabase existing = instancesByArn.get(arn);
    if (existing != null) {
      if (snapshotArn.equals(existing.restoredFrom())) {
        return existing;
      }
      throw new PreconditionFailedException("DB instance " + restore.newInstanceId() + " already exists");
    }
    if (refuseNextRestore != null) {
      String message = refuseNextRestore;
      refuseNextRestore = null;
      throw new PreconditionFailedException(message);
    }
    mutations.add("rds.restore " + restore.newInstanceId() + " " + restore.instanceClass()
        + (restore.multiAz() ? " multi-az" : " single-az"));
    DatabaseSnapshot s = snapshotsByArn.get(snapshotArn);
    Map<String, String> tags = new LinkedHashMap<>(restore.tags());
    tags.put(BackupTags.RESTORED_FROM, snapshotArn);
    RestoredDatabase created = new RestoredDatabase(arn, region, restore.newInstanceId(), restore.instanceClass(),
        "creating", s.engine(), s.engineVersion(), restore.multiAz(), s.encrypted(), null, snapshotArn, tags);
    instancesByArn.put(arn, created);
    return created;
  }

  @Override
  public RestoredDatabase describeInstance(String dbInstanceArn) {
    calls.add("rds.describeInstance " + dbInstanceArn);
    RestoredDatabase i = instancesByArn.get(dbInstanceArn);
    if (i == null) {
      throw new PreconditionFailedException("DB instance " + dbInstanceArn + " does not exist");
    }
    return i;
  }

  @Override
  public RestoredDatabase tagRestoredInstance(String dbInstanceArn, Map<String, String> tags) {
    calls.add("rds.tag " + dbInstanceArn);
    mutations.add("rds.tag " + tags.keySet());
    RestoredDatabase i = describeInstance(dbInstanceArn);
    if (i.restoredFrom() == null) {
      throw new UnsafeToProceedException("not restored");
    }
    Map<String, String> all = new LinkedHashMap<>(i.tags());
    all.putAll(tags);
    RestoredDatabase tagged = new RestoredDatabase(i.arn(), i.region(), i.id(), i.instanceClass(), i.status(),
        i.engine(), i.engineVersion(), i.multiAz(), i.encrypted(), i.endpoint(), i.restoredFrom(), all);
    instancesByArn.put(dbInstanceArn, tagged);
    return tagged;
  }

  @Override
  public boolean deleteRestoredInstance(String dbInstanceArn) {
    calls.add("rds.delete " + dbInstanceArn);
    RestoredDatabase i = instancesByArn.get(dbInstanceArn);
    if (i == null) {
      return false;
    }
    if (i.restoredFrom() == null) {
      throw new UnsafeToProceedException("DB instance " + dbInstanceArn + " was not restored");
    }
    mutations.add("rds.delete " + i.id());
    instancesByArn.remove(dbInstanceArn);
    return true;
  }

  @Override
  public DatabaseSnapshot startInstanceSnapshot(String dbInstanceId, String snapshotId, BackupTags tags) {
    throw notFaked("taking a snapshot");
  }

  @Override
  public DatabaseSnapshot startClusterSnapshot(String dbClusterId, String snapshotId, BackupTags tags) {
    throw notFaked("taking a snapshot");
  }

  @Override
  public List<DatabaseSnapshot> listOfCluster(String cluster) {
    throw notFaked("listing snapshots");
  }

  @Override
  public List<DatabaseSnapshot> listOfCluster(String cluster, String region) {
    throw notFaked("listing snapshots");
  }

  @Override
  public boolean delete(String snapshotArn) {
    throw notFaked("deleting a snapshot");
  }

  @Override
  public DatabaseSnapshot copyToRegion(String snapshotArn, String destinationRegion, String targetSnapshotId,
      String kmsKeyId) {
    throw notFaked("copying a snapshot");
  }

  private static UnsupportedOperationException notFaked(String what) {
    return new UnsupportedOperationException(what + " is not faked");
  }
}
