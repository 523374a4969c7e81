package dev.connectha.ports;

import dev.connectha.model.backup.BackupTags;
import dev.connectha.model.backup.DatabaseRestore;
import dev.connectha.model.backup.DatabaseSnapshot;
import dev.connectha.model.backup.RestoredDatabase;
import java.util.List;
import java.util.Map;

/**
 * Manual RDS snapshots of a cluster's database, their copies in another region, and restores of
 * them into NEW DB instances. Snapshots and instances are named by ARN (which carries the region).
 * Nothing here deletes or changes what the caller did not name, and the two deletes refuse what the
 * control plane did not create ({@code UnsafeToProceedException}).
 *
 * <p>Errors: malformed identifiers, ARNs or regions are {@code InvalidInputException} before any
 * AWS call; a missing DB, snapshot or instance is {@code PreconditionFailedException}; a snapshot
 * or instance not in a state to act on yet is {@code NotReadyException} (retryable).
 */
public interface DatabaseSnapshots {

  /**
   * Starts {@code CreateDBSnapshot} of an RDS instance, tagged with {@code tags}; RDS reports the
   * snapshot {@code creating}. Repeating the call for the same backup set returns the same snapshot.
   */
  DatabaseSnapshot startInstanceSnapshot(String dbInstanceId, String snapshotId, BackupTags tags);

  /** As {@link #startInstanceSnapshot} for an Aurora cluster ({@code CreateDBClusterSnapshot}). */
  DatabaseSnapshot startClusterSnapshot(String dbClusterId, String snapshotId, BackupTags tags);

  /** The snapshot as RDS reports it now. */
  DatabaseSnapshot describe(String snapshotArn);

  /** Manual instance and cluster snapshots in the home region tagged {@code connect-ha:cluster=cluster}, oldest first. */
  List<DatabaseSnapshot> listOfCluster(String cluster);

  /** As {@link #listOfCluster(String)}, in {@code region} (e.g. the DR region's copies). */
  List<DatabaseSnapshot> listOfCluster(String cluster, String region);

  /**
   * Deletes exactly this snapshot, if it carries {@code connect-ha:backup-set}. Returns false when
   * it was already gone (a retried prune is not an error).
   */
  boolean delete(String snapshotArn);

  /**
   * Starts a copy of an available snapshot into {@code destinationRegion} as {@code targetSnapshotId},
   * carrying the source's tags plus {@code connect-ha:copied-from}. {@code kmsKeyId} is a key in the
   * destination region (id, ARN or alias, e.g. {@code alias/aws/rds}); AWS requires one to copy an
   * encrypted snapshot across regions, so without one an encrypted snapshot is {@code InvalidInputException}
   * (null is fine for an unencrypted one). Repeating the call returns the same copy.
   */
  DatabaseSnapshot copyToRegion(String snapshotArn, String destinationRegion, String targetSnapshotId, String kmsKeyId);

  /**
   * Restores an instance snapshot into a NEW DB instance in the snapshot's region, tagged
   * {@code connect-ha:restored-from=<snapshotArn>}. The instance must not exist, unless it is this
   * snapshot's restore already (a retried call returns it).
   */
  RestoredDatabase restoreToNewInstance(String snapshotArn, DatabaseRestore restore);

  /** A DB instance, by ARN (restored or not: describing changes nothing). */
  RestoredDatabase describeInstance(String dbInstanceArn);

  /**
   * Deletes a DB instance a restore created (it carries {@code connect-ha:restored-from}), without a
   * final snapshot: for restore drills. Returns false when it was already gone. A workflow that
   * switches a cluster to a restored instance must turn on its deletion protection.
   */
  boolean deleteRestoredInstance(String dbInstanceArn);

  /**
   * Adds {@code tags} (not the control plane's reserved keys) to a DB instance a restore created (it
   * carries {@code connect-ha:restored-from}); refuses any other instance ({@code UnsafeToProceedException}).
   * A restore records on its instance what else belongs to it (e.g. its file-system restore job).
   */
  RestoredDatabase tagRestoredInstance(String dbInstanceArn, Map<String, String> tags);
}
