package dev.connectha.ports;

import dev.connectha.model.ClusterDocument;
import dev.connectha.model.DatabaseState;

/** The metadata database: an RDS instance or an Aurora cluster. */
public interface Database {
  DatabaseState describe(ClusterDocument cluster);
}
