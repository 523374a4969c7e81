package dev.connectha.model;

import java.util.List;

/**
 * The metadata database (RDS instance or Aurora cluster).
 *
 * @param subnetGroupAzs the Availability Zones of its DB subnet group's subnets, sorted (empty when unknown)
 */
public record DatabaseState(
    String id,
    String engine,
    String engineVersion,
    boolean multiAz,
    String status,
    boolean storageEncrypted,
    String endpoint,
    List<String> subnetGroupAzs) {

  /** A database described without its subnet group. */
  public DatabaseState(String id, String engine, String engineVersion, boolean multiAz, String status,
      boolean storageEncrypted, String endpoint) {
    this(id, engine, engineVersion, multiAz, status, storageEncrypted, endpoint, List.of());
  }

  public DatabaseState {
    subnetGroupAzs = subnetGroupAzs == null ? List.of() : List.copyOf(subnetGroupAzs);
  }

  /** Major version, e.g. 15 for "15.4"; 0 when unknown. */
  public int majorVersion() {
    if (engineVersion == null) {
      return 0;
    }
    String major = engineVersion.split("\\.")[0];
    return major.chars().allMatch(Character::isDigit) && !major.isEmpty() ? Integer.parseInt(major) : 0;
  }

  public boolean postgres() {
    return "postgres".equals(engine) || "aurora-postgresql".equals(engine);
  }
}
