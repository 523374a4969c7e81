package dev.connectha.model;

/** Where a backup set is in its life. */
public enum BackupStatus {
  /** Being taken; retention never touches it. */
  IN_PROGRESS,
  /** Database snapshot and file-system recovery point both exist: the set can be restored. */
  COMPLETE,
  /** One part exists and the other does not (e.g. the snapshot finished, the EFS backup failed). */
  INCOMPLETE,
  /** Nothing usable was taken. */
  FAILED,
  /** Retention (or a person) deleted its snapshot and recovery point; the record stays as history. */
  DELETED
}
