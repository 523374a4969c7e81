package dev.connectha.model;

/** How a backup set was taken. */
public enum BackupMode {
  /** While Connect served: crash-consistent, fine as a warm-up or a drill, not Posit's consistent backup. */
  ONLINE,
  /** With Connect stopped on every node: database and files from the same moment (Posit's rule 12). */
  COLD
}
