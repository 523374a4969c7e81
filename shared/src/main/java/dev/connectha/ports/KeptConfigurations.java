package dev.connectha.ports;

import java.util.Optional;

/**
 * Where a backup set of an eks cluster keeps its configuration's content (the Helm values and the
 * ConfigMap, gzip of {@code ConfigurationContent}): beside the set's record, encrypted at rest as the
 * record is. The set's record itself holds only the digests ({@code BackupSet.configuration}).
 */
public interface KeptConfigurations {
  /** The most a set may store, in bytes: a DynamoDB item holds at most 400 KB, names and key included. */
  int MAX_STORED_BYTES = 350 * 1024;

  /** Stores (or replaces) the content kept with the set. */
  void keep(String cluster, String setId, byte[] stored);

  /** The content kept with the set; empty when it keeps none. */
  Optional<byte[]> content(String cluster, String setId);

  /** Deletes the content kept with the set (retention); nothing kept is no error. */
  void forget(String cluster, String setId);
}
