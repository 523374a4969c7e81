package dev.connectha.localcloud.twin;

import java.util.Set;

/**
 * Faults that break Posit's HA rules on the twin, each with the checklist rules it must fail.
 * Most break exactly one rule; the ones that cannot (a stopped node is also a missing zone) say so.
 */
public enum Violation {
  MIXED_VERSIONS("same-version"),
  CONFIG_DRIFT("same-config"),
  SQLITE_DATABASE("postgres-database"),
  LOCAL_DATA_DIR("shared-data-dir"),
  SHARED_METRICS_PATH("unique-metrics-path"),
  NO_STICKINESS("sticky-sessions"),
  CROSS_ZONE_OFF("cross-zone"),
  CLOCK_UNSYNCHRONISED("clock-sync"),
  RUN_AS_UID_MISMATCH("run-as-identity"),
  SINGLE_AZ("multi-az-nodes"),
  MISSING_MOUNT_TARGET("efs-mount-targets"),
  RDS_OLD_ENGINE("rds-postgres"),
  RDS_SINGLE_AZ("rds-multi-az"),
  EFS_UNENCRYPTED("efs-encrypted"),
  UNHEALTHY_TARGET("targets-healthy"),
  NODE_FACTS_FAIL("node-facts"),
  NODE_STOPPED("nodes-running", "multi-az-nodes");

  private final Set<String> failingRules;

  Violation(String... failingRules) {
    this.failingRules = Set.of(failingRules);
  }

  public Set<String> failingRules() {
    return failingRules;
  }
}
