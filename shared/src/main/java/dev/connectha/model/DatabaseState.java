package dev.connectha.model;

/** The metadata database (RDS instance or Aurora cluster). */
public record DatabaseState(
    String id,
    String engine,
    String engineVersion,
    boolean multiAz,
    String status,
    boolean storageEncrypted,
    String endpoint) {

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
