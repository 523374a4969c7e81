package dev.connectha.model;

/**
 * What the {@code <stack>-NodeFacts} SSM document ({@link dev.connectha.config.DocumentKind#NODE_FACTS})
 * reports from one node (snake_case on the wire is avoided: the script prints these field names).
 */
public record NodeFacts(
    String connectVersion,
    String serviceState,
    String configHash,
    String databaseProvider,
    String postgresHost,
    String serverDataDir,
    String databaseDir,
    String landingDir,
    String dataDirFsType,
    String dataDirSource,
    String metricsDataPath,
    String metricsFsType,
    boolean graphiteEnabled,
    String runAsUser,
    Integer runAsUid,
    Integer runAsGid,
    String appsRunAsUser,
    Integer appsRunAsUid,
    Integer appsRunAsGid,
    String clockSource,
    boolean clockSynchronized,
    Double clockOffsetSeconds) {

  public boolean onSharedFileSystem(String fsType) {
    return fsType != null && (fsType.startsWith("nfs") || fsType.equals("efs"));
  }
}
