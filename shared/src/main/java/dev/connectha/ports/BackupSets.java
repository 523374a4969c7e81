package dev.connectha.ports;

import dev.connectha.errors.BackupSetNotFoundException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.model.BackupSet;
import java.util.List;

/**
 * The record of every backup set the control plane took, per cluster: what it holds, the Connect
 * version it belongs to, and where it is (status, DR copies). Retention and restore read it;
 * nothing but this record says which snapshots and recovery points the control plane created.
 */
public interface BackupSets {

  /**
   * Records a new set. Putting the very same record again returns it (a retried state); a
   * different record under an existing id is refused.
   *
   * @throws PreconditionFailedException when another record with the set's id exists
   */
  BackupSet put(BackupSet set);

  /**
   * Replaces the record of an existing set (status, timestamps, snapshot and recovery point, DR
   * copies), whole: the last writer wins, which is safe because one workflow, holding the cluster
   * lock, writes a set at a time.
   *
   * @throws BackupSetNotFoundException when the set was never put
   */
  BackupSet update(BackupSet set);

  /** @throws BackupSetNotFoundException when the cluster has no set with that id */
  BackupSet get(String cluster, String setId);

  /** Every set of the cluster, of any status, newest first ({@link BackupSet#NEWEST_FIRST}). */
  List<BackupSet> list(String cluster);
}
