package dev.connectha.aws;

import dev.connectha.model.ClusterDocument;

/** Cluster documents in SSM Parameter Store. */
public interface ClusterRegistry {
  /** The document registered as {@code name}; {@code ClusterNotFoundException} when there is none. */
  ClusterDocument load(String name);
}
