package dev.connectha.inventory;

import dev.connectha.errors.InvalidInputException;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static dev.connectha.inventory.HealthyCluster.AZ_A;
import static dev.connectha.inventory.HealthyCluster.AZ_B;
import static dev.connectha.inventory.HealthyCluster.AZ_C;
import static dev.connectha.inventory.HealthyCluster.NODE_A;
import static dev.connectha.inventory.HealthyCluster.NODE_B;
import static dev.connectha.inventory.HealthyCluster.NODE_C;
import static dev.connectha.inventory.HealthyCluster.node;
import static dev.connectha.inventory.HealthyCluster.stopped;
import static dev.connectha.model.FindingStatus.FAIL;
import static dev.connectha.model.FindingStatus.PASS;
import static dev.connectha.model.FindingStatus.WARN;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.model.Finding;
import dev.connectha.model.FindingStatus;
import dev.connectha.model.TargetHealth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class HaChecklistTest {
  static final List<String> RULES = List.of("nodes-running", "node-facts", "same-version", "same-config",
      "postgres-database", "shared-data-dir", "unique-metrics-path", "sticky-sessions", "cross-zone", "clock-sync",
      "run-as-identity", "multi-az-nodes", "efs-mount-targets", "rds-postgres", "rds-multi-az", "efs-encrypted",
      "targets-healthy");

  /** The rules that read node facts: unchecked (FAIL) when no node reports. */
  static final List<String> FACT_RULES = List.of("same-version", "same-config", "postgres-database",
      "shared-data-dir", "unique-metrics-path", "clock-sync", "run-as-identity");

  private final HaChecklist checklist = new HaChecklist();

  private ReadinessReport check(HealthyCluster cluster) {
    ReadinessReport report = checklist.check(cluster.build());
    assertEquals(RULES, report.findings().stream().map(Finding::rule).toList(), "every rule, in order, every time");
    return report;
  }

  /** Every finding that did not pass, by rule: the whole outcome of a test in one value. */
  private static Map<String, FindingStatus> notPassing(ReadinessReport report) {
    Map<String, FindingStatus> result = new TreeMap<>();
    report.findings().stream().filter(f -> f.status() != PASS).forEach(f -> result.put(f.rule(), f.status()));
    return result;
  }

  /** Exactly {@code rule} has {@code status}; every other rule passes. */
  private static void assertOnly(ReadinessReport report, String rule, FindingStatus status) {
    assertEquals(status, finding(report, rule).status(), report::summary);
    assertEquals(status == PASS ? Map.of() : Map.of(rule, status), notPassing(report), report::summary);
    assertEquals(status, report.verdict());
  }

  private static Finding finding(ReadinessReport report, String rule) {
    return report.findings().stream().filter(f -> f.rule().equals(rule)).findFirst().orElseThrow();
  }

  private static void assertMentions(String text, String... parts) {
    for (String part : parts) {
      assertTrue(text.contains(part), () -> "expected '" + part + "' in: " + text);
    }
  }

  // ---- the whole checklist ------------------------------------------------------------------

  @Test
  void aHealthyTwoNodeTwoZoneClusterPassesEveryRule() {
    ReadinessReport report = check(HealthyCluster.twoNodes());

    assertEquals(Map.of(), notPassing(report), report::summary);
    assertEquals(PASS, report.verdict());
    assertEquals(HealthyCluster.NAME, report.cluster());
    assertEquals(17, report.findings().size());
    assertEquals(List.of(17, 0, 0), List.of(report.passed(), report.warned(), report.failed()));
    assertEquals(List.of(), report.failedRules());
  }

  /** One way to break each rule on its own; a new rule without a line here fails {@link #everyRuleHasABreakingCase}. */
  static Stream<Arguments> oneBreakPerRule() {
    return Stream.of(
        breaking("nodes-running", c -> c.withDesiredNodes(3)),
        breaking("node-facts", c -> c.withFailedFacts(NODE_B, "Failed", "boom")),
        breaking("same-version", c -> c.withFacts(NODE_B, f -> f.connectVersion = "2024.09.0")),
        breaking("same-config", c -> c.withFacts(NODE_B, f -> f.configHash = "other")),
        breaking("postgres-database", c -> c.withFacts(NODE_B, f -> f.databaseProvider = "sqlite")),
        breaking("shared-data-dir", c -> c.withFacts(NODE_B, f -> f.dataDirFsType = "xfs")),
        breaking("unique-metrics-path", c -> c.withEveryNodesFacts(f -> f.metricsDataPath = "/mnt/connect/metrics")),
        breaking("sticky-sessions", c -> c.withStickiness(false, "lb_cookie")),
        breaking("cross-zone", c -> c.withCrossZone("false", true)),
        breaking("clock-sync", c -> c.withFacts(NODE_B, f -> f.clockSynchronized = false)),
        breaking("run-as-identity", c -> c.withFacts(NODE_B, f -> f.runAsUid = f.appsRunAsUid = 1000)),
        breaking("multi-az-nodes", c -> c.withNodes(node(NODE_A, AZ_B), node(NODE_B, AZ_B))),
        breaking("efs-mount-targets", c -> c.withFileSystem(true, AZ_B)),
        breaking("rds-postgres", c -> c.withDatabase("postgres", "14.12", true, "available")),
        breaking("rds-multi-az", c -> c.withDatabase("postgres", "16.4", false, "available")),
        breaking("efs-encrypted", c -> c.withFileSystem(false, AZ_A, AZ_B)),
        breaking("targets-healthy", c -> c.withTargets(HealthyCluster.healthy(NODE_A),
            new TargetHealth(NODE_B, "unhealthy", "Target.Timeout"))));
  }

  private static Arguments breaking(String rule, UnaryOperator<HealthyCluster> change) {
    return Arguments.of(rule, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oneBreakPerRule")
  void eachRuleFailsAloneWhenItsOneThingIsBroken(String rule, UnaryOperator<HealthyCluster> change) {
    ReadinessReport report = check(change.apply(HealthyCluster.twoNodes()));
    assertOnly(report, rule, FAIL);
    assertEquals(List.of(rule), report.failedRules());
    assertFalse(finding(report, rule).evidence().isEmpty(), "a failure shows its evidence");
  }

  @Test
  void everyRuleHasABreakingCase() {
    assertEquals(RULES, oneBreakPerRule().map(a -> (String) a.get()[0]).toList());
  }

  @Test
  void listsTheSeventeenRuleIdsInOrder() {
    assertEquals(RULES, checklist.ruleIds());
  }

  @Test
  void everyFindingHasATitleAndASummary() {
    ReadinessReport report = check(HealthyCluster.twoNodes().withDesiredNodes(3).withFileSystem(false, AZ_A));
    for (Finding f : report.findings()) {
      assertAll(f.rule(),
          () -> assertNotNull(f.title()),
          () -> assertFalse(f.title().equals(f.rule()), "a title of its own"),
          () -> assertFalse(f.summary().isBlank()));
    }
  }

  @Test
  void countsAndListsTheFailedRules() {
    ReadinessReport report = check(HealthyCluster.twoNodes()
        .withFacts(NODE_B, f -> f.connectVersion = "2024.09.0")
        .withFileSystem(false, AZ_A, AZ_B)
        .withFacts(NODE_A, f -> f.clockOffsetSeconds = 0.5));

    assertEquals(FAIL, report.verdict());
    assertEquals(List.of("same-version", "efs-encrypted"), report.failedRules());
    assertEquals(List.of(14, 1, 2), List.of(report.passed(), report.warned(), report.failed()));
  }

  @Test
  void onlyTheNamedRulesAreCheckedWhenTheCallerNamesThem() {
    ReadinessReport report = checklist.check(HealthyCluster.twoNodes()
        .withFacts(NODE_B, f -> f.connectVersion = "2024.09.0")
        .withFileSystem(false, AZ_A, AZ_B).build(), FACT_RULES);

    assertEquals(FACT_RULES, report.findings().stream().map(Finding::rule).toList());
    assertEquals(List.of("same-version"), report.failedRules(), "efs-encrypted is not a fact rule: not checked");
  }

  @Test
  void aRuleTheChecklistDoesNotHaveIsRefusedByName() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> checklist.check(HealthyCluster.twoNodes().build(), List.of("same-version", "same-colour")));

    assertMentions(e.getMessage(), "no such rule same-colour");
  }

  @Test
  void theVerdictIsWarnWhenNothingFails() {
    ReadinessReport report = check(HealthyCluster.twoNodes().withFacts(NODE_A, f -> f.clockOffsetSeconds = 0.5));
    assertEquals(WARN, report.verdict());
    assertEquals(List.of(), report.failedRules());
  }

  // ---- summary ------------------------------------------------------------------------------

  @Test
  void theSummaryStartsWithTheClusterAndVerdict() {
    ReadinessReport report = check(HealthyCluster.twoNodes());
    assertTrue(report.summary().startsWith("Preflight of Connect cluster 'prod': PASS (17 pass, 0 warn, 0 fail) at "
        + HealthyCluster.DESCRIBED_AT), report.summary());
  }

  @Test
  void theSummaryListsFailuresThenWarningsThenPasses() {
    ReadinessReport report = check(HealthyCluster.twoNodes()
        .withFacts(NODE_A, f -> f.clockOffsetSeconds = 0.5)
        .withStickiness(false, "lb_cookie"));
    String summary = report.summary();

    assertTrue(summary.startsWith("Preflight of Connect cluster 'prod': FAIL (15 pass, 1 warn, 1 fail)"), summary);
    int fail = summary.indexOf("\nFAIL sticky-sessions: ");
    int warn = summary.indexOf("\nWARN clock-sync: ");
    int firstPass = summary.indexOf("\nPASS ");
    assertTrue(fail > 0 && warn > fail && firstPass > warn, summary);
    assertTrue(summary.indexOf("\nPASS nodes-running: ") > warn, "passes come after, even the first rule");
    assertEquals(17, summary.lines().filter(l -> l.matches("(PASS|WARN|FAIL) [a-z-]+: .*")).count(), summary);
  }

  @Test
  void theSummaryShowsEvidenceOnlyForRulesThatDidNotPass() {
    String summary = check(HealthyCluster.twoNodes().withFacts(NODE_B, f -> f.connectVersion = "2024.09.0"))
        .summary();
    assertMentions(summary, "       - " + NODE_A + ": 2024.08.0", "       - " + NODE_B + ": 2024.09.0");
    assertFalse(summary.contains("mount targets in"), "no evidence for passing rules");
  }

  // ---- nodes-running ------------------------------------------------------------------------

  @Nested
  class NodesRunning {
    @Test
    void failsWhenFewerNodesRunThanDesired() {
      ReadinessReport report = check(HealthyCluster.twoNodes().withDesiredNodes(3));
      assertOnly(report, "nodes-running", FAIL);
      assertMentions(finding(report, "nodes-running").summary(), "2 of 3");
    }

    @Test
    void failsWhenADesiredNodeIsStopped() {
      ReadinessReport report = check(HealthyCluster.twoNodes().withDesiredNodes(3)
          .withNode(stopped(NODE_C, AZ_A)));
      assertOnly(report, "nodes-running", FAIL);
      assertMentions(String.join("\n", finding(report, "nodes-running").evidence()), NODE_C + " stopped in " + AZ_A);
    }

    @Test
    void warnsAboutAStoppedExtraNode() {
      ReadinessReport report = check(HealthyCluster.twoNodes().withNode(stopped(NODE_C, AZ_A)));
      assertOnly(report, "nodes-running", WARN);
      assertMentions(finding(report, "nodes-running").summary(), NODE_C);
    }

    @Test
    void passesWithMoreRunningNodesThanDesired() {
      assertOnly(check(HealthyCluster.twoNodes().withNode(node(NODE_C, AZ_A))), "nodes-running", PASS);
    }
  }

  // ---- node-facts ---------------------------------------------------------------------------

  @Nested
  class NodeFacts {
    @Test
    void failsWhenANodeDidNotReportAndChecksTheOthersOnTheNodesThatDid() {
      ReadinessReport report = check(HealthyCluster.twoNodes()
          .withFailedFacts(NODE_B, "Failed", "node facts command Failed: connect not installed"));

      assertOnly(report, "node-facts", FAIL);
      assertEquals(List.of(NODE_B + ": node facts command Failed: connect not installed"),
          finding(report, "node-facts").evidence());
      for (String rule : FACT_RULES) {
        Finding f = finding(report, rule);
        assertFalse(String.join("\n", f.evidence()).contains(NODE_B), rule + " must only use the nodes that reported");
      }
      assertMentions(finding(report, "same-version").summary(), "on 1 node(s)");
    }

    @Test
    void theFactRulesStillFailOnTheNodesThatReported() {
      ReadinessReport report = check(HealthyCluster.twoNodes()
          .withNode(node(NODE_C, AZ_A))
          .withFailedFacts(NODE_C, "TimedOut", "node facts command TimedOut: (no output)")
          .withFacts(NODE_B, f -> f.configHash = "0000"));
      assertEquals(Map.of("node-facts", FAIL, "same-config", FAIL), notPassing(report), report.summary());
    }

    @Test
    void failsEveryFactRuleWhenNoNodeReported() {
      ReadinessReport report = check(HealthyCluster.twoNodes().withoutReports());
      Map<String, FindingStatus> expected = new TreeMap<>(Map.of("node-facts", FAIL));
      FACT_RULES.forEach(rule -> expected.put(rule, FAIL));
      assertEquals(expected, notPassing(report), report.summary());
      assertMentions(finding(report, "node-facts").summary(), "no running node");
      assertMentions(finding(report, "clock-sync").summary(), "unchecked");
    }
  }

  // ---- same-version / same-config -----------------------------------------------------------

  @Nested
  class SameVersionAndConfig {
    @Test
    void failsWhenNodesRunDifferentVersions() {
      ReadinessReport report = check(HealthyCluster.twoNodes().withFacts(NODE_B, f -> f.connectVersion = "2024.09.0"));
      assertOnly(report, "same-version", FAIL);
      assertEquals(List.of(NODE_A + ": 2024.08.0", NODE_B + ": 2024.09.0"), finding(report, "same-version").evidence());
    }

    @Test
    void failsWhenConnectIsMissingOnANode() {
      ReadinessReport report = check(HealthyCluster.twoNodes().withFacts(NODE_A, f -> f.connectVersion = null));
      assertOnly(report, "same-version", FAIL);
      assertMentions(String.join("\n", finding(report, "same-version").evidence()), NODE_A + ": not installed");
    }

    @Test
    void passesNamingTheVersion() {
      assertMentions(finding(check(HealthyCluster.twoNodes()), "same-version").summary(), "Connect 2024.08.0",
          "2 node(s)");
    }

    @Test
    void failsWhenConfigurationsDiffer() {
      ReadinessReport report = check(HealthyCluster.twoNodes().withFacts(NODE_B, f -> f.configHash = "abcdef"));
      assertOnly(report, "same-config", FAIL);
    }

    @Test
    void failsWhenANodeHasNoConfigFile() {
      ReadinessReport report = check(HealthyCluster.twoNodes().withFacts(NODE_B, f -> f.configHash = null));
      assertOnly(report, "same-config", FAIL);
      assertMentions(String.join("\n", finding(report, "same-config").evidence()), NODE_B + ": no config file");
    }

    @Test
    void passesWithAShortHashAndAbbreviatesALongOne() {
      assertOnly(check(HealthyCluster.twoNodes().withEveryNodesFacts(f -> f.configHash = "abc")), "same-config", PASS);
      assertMentions(finding(check(HealthyCluster.twoNodes()), "same-config").summary(),
          "sha256 " + HealthyCluster.CONFIG_HASH.substring(0, 12) + ",");
    }
  }

  // ---- postgres-database --------------------------------------------------------------------

  @Nested
  class PostgresDatabase {
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "SQLite", ""})
    void failsWhenANodeIsNotOnPostgres(String provider) {
      ReadinessReport report = check(HealthyCluster.twoNodes().withFacts(NODE_B, f -> {
        f.databaseProvider = provider;
        f.postgresHost = null;
      }));
      assertOnly(report, "postgres-database", FAIL);
      assertMentions(finding(report, "postgres-database").summary(), "[" + NODE_B + "]", "SQLite is not HA");
    }

    @Test
    void failsWhenNodesUseDifferentPostgresHosts() {
      ReadinessReport report = check(HealthyCluster.twoNodes()
          .withFacts(NODE_B, f -> f.postgresHost = "other-db.eu-west-1.rds.amazonaws.com"));
      assertOnly(report, "postgres-database", FAIL);
      assertMentions(finding(report, "postgres-database").summary(), "different PostgreSQL hosts");
    }

    @Test
    void acceptsTheProviderInAnyCase() {
      assertOnly(check(HealthyCluster.twoNodes().withEveryNodesFacts(f -> f.databaseProvider = "Postgres")),
          "postgres-database", PASS);
    }

    @Test
    void warnsWhenEveryNodeUsesAnotherHostThanTheClusterDatabase() {
      ReadinessReport report = check(HealthyCluster.twoNodes()
          .withEveryNodesFacts(f -> f.postgresHost = "pgbouncer.internal"));
      assertOnly(report, "postgres-database", WARN);
      assertMentions(finding(report, "postgres-database").summary(), "pgbouncer.internal", HealthyCluster.DB_ENDPOINT);
    }

    @Test
    void comparesTheEndpointIgnoringCase() {
      assertOnly(check(HealthyCluster.twoNodes().withDatabaseEndpoint(HealthyCluster.DB_ENDPOINT.toUpperCase())),
          "postgres-database", PASS);
    }
  }

  // ---- shared-data-dir ----------------------------------------------------------------------

  @Nested
  class SharedDataDir {
    @Test
    void failsWhenDataDirDiffers() {
      ReadinessReport report = check(HealthyCluster.twoNodes().withFacts(NODE_B, f -> f.serverDataDir = "/var/lib/rstudio-connect"));
      assertOnly(report, "shared-data-dir", FAIL);
      assertMentions(finding(report, "shared-data-dir").summary(), "Server.DataDir differs");
    }

    @Test
    void failsWhenDatabaseDirDiffers() {
      ReadinessReport report = check(HealthyCluster.twoNodes().withFacts(NODE_B, f -> f.databaseDir = "/var/lib/db"));
      assertOnly(report, "shared-data-dir", FAIL);
      assertMentions(finding(report, "shared-data-dir").summary(), "Database.Dir differs");
    }

    @Test
    void failsWhenLandingDirDiffers() {
      ReadinessReport report = check(HealthyCluster.twoNodes().withFacts(NODE_A, f -> f.landingDir = null));
      assertOnly(report, "shared-data-dir", FAIL);
      assertMentions(finding(report, "shared-data-dir").summary(), "Server.LandingDir differs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"xfs", "ext4", "tmpfs"})
    void failsWhenDataDirIsOnLocalDisk(String fsType) {
      ReadinessReport report = check(HealthyCluster.twoNodes().withFacts(NODE_B, f -> f.dataDirFsType = fsType));
      assertOnly(report, "shared-data-dir", FAIL);
      assertMentions(finding(report, "shared-data-dir").summary(), "not on a shared", "[" + NODE_B + "]");
    }

    @Test
    void failsWhenTheFileSystemTypeIsUnknown() {
      assertOnly(check(HealthyCluster.twoNodes().withFacts(NODE_B, f -> f.dataDirFsType = null)),
          "shared-data-dir", FAIL);
    }

    @Test
    void failsWhenDataDirIsMountedFromAnotherFileSystem() {
      ReadinessReport report = check(HealthyCluster.twoNodes()
          .withFacts(NODE_B, f -> f.dataDirSource = "fs-0fedcba9.efs.eu-west-1.amazonaws.com:/"));
      assertOnly(report, "shared-data-dir", FAIL);
      assertMentions(finding(report, "shared-data-dir").summary(), HealthyCluster.FS_ID, "[" + NODE_B + "]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nfs", "nfs4", "efs"})
    void passesOnEveryKindOfSharedMount(String fsType) {
      assertOnly(check(HealthyCluster.twoNodes().withEveryNodesFacts(f -> f.dataDirFsType = fsType)),
          "shared-data-dir", PASS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.1.25:/", "127.0.0.1:/", "fs-0123abcd:/connect"})
    void passesWhenTheMountSourceNamesNoOtherFileSystem(String source) {
      assertOnly(check(HealthyCluster.twoNodes().withEveryNodesFacts(f -> f.dataDirSource = source)),
          "shared-data-dir", PASS);
    }
  }

  // ---- unique-metrics-path ------------------------------------------------------------------

  @Nested
  class UniqueMetricsPath {
    @Test
    void failsWhenNodesWriteMetricsToTheSameSharedPath() {
      ReadinessReport report = check(HealthyCluster.twoNodes()
          .withEveryNodesFacts(f -> f.metricsDataPath = "/mnt/connect/data/metrics"));
      assertOnly(report, "unique-metrics-path", FAIL);
      assertMentions(finding(report, "unique-metrics-path").summary(), "/mnt/connect/data/metrics",
          NODE_A, NODE_B);
    }

    @Test
    void failsWhenNodesReportNoMetricsPathOnASharedFileSystem() {
      ReadinessReport report = check(HealthyCluster.twoNodes().withEveryNodesFacts(f -> f.metricsDataPath = null));
      assertOnly(report, "unique-metrics-path", FAIL);
    }

    @Test
    void passesWithTheSamePathOnLocalDisk() {
      ReadinessReport report = check(HealthyCluster.twoNodes().withEveryNodesFacts(f -> {
        f.metricsDataPath = "/var/lib/rstudio-connect-metrics";
        f.metricsFsType = "xfs";
      }));
      assertOnly(report, "unique-metrics-path", PASS);
    }

    @Test
    void passesWhenMetricsGoToGraphite() {
      ReadinessReport report = check(HealthyCluster.twoNodes().withEveryNodesFacts(f -> {
        f.metricsDataPath = "/mnt/connect/data/metrics";
        f.graphiteEnabled = true;
      }));
      assertOnly(report, "unique-metrics-path", PASS);
    }

    @Test
    void passesWhenOnlyOneNodeWritesToTheSharedPath() {
      ReadinessReport report = check(HealthyCluster.twoNodes()
          .withEveryNodesFacts(f -> f.metricsDataPath = "/mnt/connect/data/metrics")
          .withFacts(NODE_A, f -> {
            f.metricsDataPath = "/mnt/connect/data/metrics";
            f.metricsFsType = "xfs";
          }));
      assertOnly(report, "unique-metrics-path", PASS);
    }
  }

  // ---- sticky-sessions / cross-zone ---------------------------------------------------------

  @Nested
  class LoadBalancer {
    @Test
    void failsStickySessionsWhenStickinessIsOff() {
      ReadinessReport report = check(HealthyCluster.twoNodes().withStickiness(false, "lb_cookie"));
      assertOnly(report, "sticky-sessions", FAIL);
      assertEquals(List.of(HealthyCluster.TARGET_GROUP + ": stickiness.enabled=false, stickiness.type=lb_cookie"),
          finding(report, "sticky-sessions").evidence());
    }

    @ParameterizedTest
    @ValueSource(strings = {"source_ip", "source_ip_dest_ip", ""})
    void failsStickySessionsWhenTheyAreNotCookieBased(String type) {
      assertOnly(check(HealthyCluster.twoNodes().withStickiness(true, type)), "sticky-sessions", FAIL);
    }

    @Test
    void passesStickySessionsWithAnApplicationCookie() {
      assertOnly(check(HealthyCluster.twoNodes().withStickiness(true, "app_cookie")), "sticky-sessions", PASS);
    }

    @Test
    void failsCrossZoneWhenTheTargetGroupTurnsItOff() {
      ReadinessReport report = check(HealthyCluster.twoNodes().withCrossZone("false", true));
      assertOnly(report, "cross-zone", FAIL);
    }

    @Test
    void failsCrossZoneWhenTheTargetGroupDefersToALoadBalancerWithItOff() {
      assertOnly(check(HealthyCluster.twoNodes().withCrossZone("use_load_balancer_configuration", false)),
          "cross-zone", FAIL);
    }

    @Test
    void passesCrossZoneWhenTheTargetGroupTurnsItOn() {
      assertOnly(check(HealthyCluster.twoNodes().withCrossZone("true", false)), "cross-zone", PASS);
    }

    @Test
    void failsEveryLoadBalancerRuleWhenAClusterHasNoTargetGroup() {
      ReadinessReport report = check(HealthyCluster.twoNodes().withoutLoadBalancer());
      assertEquals(Map.of("sticky-sessions", FAIL, "cross-zone", FAIL, "targets-healthy", FAIL), notPassing(report),
          report.summary());
      assertMentions(finding(report, "sticky-sessions").summary(), "2 nodes");
    }
  }

  // ---- clock-sync ---------------------------------------------------------------------------

  @Nested
  class ClockSync {
    @Test
    void failsWhenAClockIsNotSynchronised() {
      ReadinessReport report = check(HealthyCluster.twoNodes().withFacts(NODE_B, f -> f.clockSynchronized = false));
      assertOnly(report, "clock-sync", FAIL);
      assertMentions(String.join("\n", finding(report, "clock-sync").evidence()), NODE_B + ": chrony NOT synchronised");
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.5, -1.5, 30.0})
    void failsWhenAClockIsOffByMoreThanOneSecond(double offset) {
      assertOnly(check(HealthyCluster.twoNodes().withFacts(NODE_B, f -> f.clockOffsetSeconds = offset)),
          "clock-sync", FAIL);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.11, 0.5, -0.5, 1.0})
    void warnsWhenAClockIsOffBetweenATenthAndOneSecond(double offset) {
      ReadinessReport report = check(HealthyCluster.twoNodes().withFacts(NODE_A, f -> f.clockOffsetSeconds = offset));
      assertOnly(report, "clock-sync", WARN);
      assertMentions(finding(report, "clock-sync").summary(), "[" + NODE_A + "]");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.1, -0.1, 0.05})
    void passesWithinATenthOfASecond(double offset) {
      assertOnly(check(HealthyCluster.twoNodes().withEveryNodesFacts(f -> f.clockOffsetSeconds = offset)),
          "clock-sync", PASS);
    }

    @Test
    void passesASynchronisedClockWithoutAKnownOffset() {
      assertOnly(check(HealthyCluster.twoNodes().withFacts(NODE_A, f -> f.clockOffsetSeconds = null)),
          "clock-sync", PASS);
    }
  }

  // ---- run-as-identity ----------------------------------------------------------------------

  @Nested
  class RunAsIdentity {
    @Test
    void failsWhenTheRunAsUidDiffers() {
      ReadinessReport report = check(HealthyCluster.twoNodes().withFacts(NODE_B, f -> f.runAsUid = f.appsRunAsUid = 1001));
      assertOnly(report, "run-as-identity", FAIL);
      assertEquals(List.of(NODE_A + ": rstudio-connect=999:998", NODE_B + ": rstudio-connect=1001:998"),
          finding(report, "run-as-identity").evidence());
    }

    @Test
    void failsWhenTheRunAsGidDiffers() {
      assertOnly(check(HealthyCluster.twoNodes().withFacts(NODE_B, f -> f.runAsGid = f.appsRunAsGid = 1001)),
          "run-as-identity", FAIL);
    }

    @Test
    void failsWhenTheApplicationsRunAsUserHasADifferentUid() {
      ReadinessReport report = check(HealthyCluster.twoNodes()
          .withFacts(NODE_A, f -> {
            f.appsRunAsUser = "connect-apps";
            f.appsRunAsUid = 2001;
            f.appsRunAsGid = 2001;
          })
          .withFacts(NODE_B, f -> {
            f.appsRunAsUser = "connect-apps";
            f.appsRunAsUid = 2002;
            f.appsRunAsGid = 2001;
          }));
      assertOnly(report, "run-as-identity", FAIL);
      assertMentions(String.join("\n", finding(report, "run-as-identity").evidence()), "connect-apps=2001:2001",
          "connect-apps=2002:2001");
    }

    @Test
    void passesWhenTheApplicationsRunAsUserMatchesEverywhere() {
      ReadinessReport report = check(HealthyCluster.twoNodes().withEveryNodesFacts(f -> {
        f.appsRunAsUser = "connect-apps";
        f.appsRunAsUid = 2001;
        f.appsRunAsGid = 2001;
      }));
      assertOnly(report, "run-as-identity", PASS);
      assertMentions(finding(report, "run-as-identity").summary(), "connect-apps=2001:2001");
    }

    @Test
    void failsWhenTheRunAsAccountIsMissing() {
      ReadinessReport report = check(HealthyCluster.twoNodes().withFacts(NODE_B, f -> f.runAsUid = null));
      assertOnly(report, "run-as-identity", FAIL);
      assertMentions(finding(report, "run-as-identity").summary(), "missing on [" + NODE_B + "]");
    }

    @Test
    void failsWhenTheApplicationsRunAsAccountIsMissing() {
      assertOnly(check(HealthyCluster.twoNodes().withFacts(NODE_A, f -> {
        f.appsRunAsUser = "connect-apps";
        f.appsRunAsUid = null;
      })), "run-as-identity", FAIL);
    }
  }

  // ---- multi-az-nodes / efs-mount-targets ---------------------------------------------------

  @Nested
  class Zones {
    @Test
    void failsWhenEveryRunningNodeIsInOneZone() {
      ReadinessReport report = check(HealthyCluster.twoNodes().withNodes(node(NODE_A, AZ_A), node(NODE_B, AZ_A)));
      assertOnly(report, "multi-az-nodes", FAIL);
      assertMentions(finding(report, "multi-az-nodes").summary(), "[" + AZ_A + "]");
    }

    @Test
    void countsOnlyRunningNodesTowardsZones() {
      ReadinessReport report = check(HealthyCluster.twoNodes()
          .withNodes(node(NODE_A, AZ_A), node(NODE_B, AZ_A), stopped(NODE_C, AZ_B)));
      assertEquals(Map.of("multi-az-nodes", FAIL, "nodes-running", WARN), notPassing(report), report.summary());
    }

    @Test
    void failsWhenAZoneOfANodeHasNoMountTarget() {
      ReadinessReport report = check(HealthyCluster.twoNodes().withFileSystem(true, AZ_A));
      assertOnly(report, "efs-mount-targets", FAIL);
      assertMentions(finding(report, "efs-mount-targets").summary(), "[" + AZ_B + "]");
    }

    @Test
    void failsWhenARegisteredSubnetsZoneHasNoMountTarget() {
      ReadinessReport report = check(HealthyCluster.twoNodes().withSubnet(AZ_C, "subnet-0c"));
      assertOnly(report, "efs-mount-targets", FAIL);
      assertMentions(finding(report, "efs-mount-targets").summary(), "[" + AZ_C + "]");
    }

    @Test
    void passesWithExtraMountTargets() {
      assertOnly(check(HealthyCluster.twoNodes().withFileSystem(true, AZ_A, AZ_B, AZ_C)), "efs-mount-targets", PASS);
    }
  }

  // ---- rds-postgres / rds-multi-az / efs-encrypted ------------------------------------------

  @Nested
  class DatabaseAndFileSystem {
    @ParameterizedTest
    @ValueSource(strings = {"mysql", "aurora-mysql", "sqlserver-ex"})
    void failsRdsPostgresWhenTheEngineIsNotPostgres(String engine) {
      ReadinessReport report = check(HealthyCluster.twoNodes().withDatabase(engine, "16.4", true, "available"));
      assertOnly(report, "rds-postgres", FAIL);
      assertMentions(finding(report, "rds-postgres").summary(), "not PostgreSQL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"14.9", "9.6.24", "unknown"})
    void failsRdsPostgresBelowVersionFifteen(String version) {
      assertOnly(check(HealthyCluster.twoNodes().withDatabase("postgres", version, true, "available")),
          "rds-postgres", FAIL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"modifying", "stopped", "backing-up"})
    void failsRdsPostgresWhenTheDatabaseIsNotAvailable(String status) {
      ReadinessReport report = check(HealthyCluster.twoNodes().withDatabase("postgres", "16.4", true, status));
      assertOnly(report, "rds-postgres", FAIL);
      assertMentions(finding(report, "rds-postgres").summary(), status);
    }

    @Test
    void passesRdsPostgresOnAuroraAndOnVersionFifteen() {
      assertOnly(check(HealthyCluster.twoNodes().withDatabase("aurora-postgresql", "16.6", true, "available")),
          "rds-postgres", PASS);
      assertOnly(check(HealthyCluster.twoNodes().withDatabase("postgres", "15.0", true, "available")),
          "rds-postgres", PASS);
    }

    @Test
    void failsRdsMultiAzForASingleAzDatabaseInACluster() {
      ReadinessReport report = check(HealthyCluster.twoNodes().withDatabase("postgres", "16.4", false, "available"));
      assertOnly(report, "rds-multi-az", FAIL);
    }

    @Test
    void failsEfsEncryptedWhenTheFileSystemIsNotEncrypted() {
      ReadinessReport report = check(HealthyCluster.twoNodes().withFileSystem(false, AZ_A, AZ_B));
      assertOnly(report, "efs-encrypted", FAIL);
    }
  }

  // ---- targets-healthy ----------------------------------------------------------------------

  @Nested
  class TargetsHealthy {
    @Test
    void failsWhenARunningNodeIsUnhealthy() {
      ReadinessReport report = check(HealthyCluster.twoNodes().withTargets(HealthyCluster.healthy(NODE_A),
          new TargetHealth(NODE_B, "unhealthy", "Target.ResponseCodeMismatch")));
      assertOnly(report, "targets-healthy", FAIL);
      assertMentions(String.join("\n", finding(report, "targets-healthy").evidence()),
          NODE_B + ": unhealthy (Target.ResponseCodeMismatch)");
    }

    @Test
    void failsWhenARunningNodeIsNotRegistered() {
      ReadinessReport report = check(HealthyCluster.twoNodes().withTargets(HealthyCluster.healthy(NODE_B)));
      assertOnly(report, "targets-healthy", FAIL);
      assertMentions(String.join("\n", finding(report, "targets-healthy").evidence()), NODE_A + ": not registered");
    }

    @ParameterizedTest
    @ValueSource(strings = {"initial", "draining", "unused"})
    void failsWhenARunningNodeIsNotYetOrNoLongerHealthy(String state) {
      assertOnly(check(HealthyCluster.twoNodes().withTargets(new TargetHealth(NODE_A, state, null),
          HealthyCluster.healthy(NODE_B))), "targets-healthy", FAIL);
    }

    @Test
    void ignoresTargetsThatAreNotRunningClusterNodes() {
      assertOnly(check(HealthyCluster.twoNodes().withTargets(HealthyCluster.healthy(NODE_A),
          HealthyCluster.healthy(NODE_B), new TargetHealth("i-0deadbeef", "unhealthy", null))),
          "targets-healthy", PASS);
    }
  }

  // ---- single-server topology ---------------------------------------------------------------

  @Nested
  class SingleServer {
    @Test
    void warnsInsteadOfFailingWhatOnlyAnHaClusterCanHave() {
      ReadinessReport report = check(HealthyCluster.singleServer());
      assertEquals(Map.of(
              "multi-az-nodes", WARN,
              "rds-multi-az", WARN,
              "sticky-sessions", WARN,
              "cross-zone", WARN,
              "targets-healthy", WARN),
          notPassing(report), report.summary());
      assertEquals(WARN, report.verdict());
      assertEquals(List.of(12, 5, 0), List.of(report.passed(), report.warned(), report.failed()));
      assertMentions(finding(report, "sticky-sessions").summary(), "single server");
    }

    @Test
    void passesRdsMultiAzWhenTheSingleServersDatabaseIsMultiAz() {
      ReadinessReport report = check(HealthyCluster.singleServer().withDatabase("postgres", "16.4", true, "available"));
      assertEquals(PASS, finding(report, "rds-multi-az").status());
      assertFalse(notPassing(report).containsKey("rds-multi-az"));
    }

    @Test
    void stillFailsWhenTheSingleServerIsDown() {
      ReadinessReport report = check(HealthyCluster.singleServer().withNodes(stopped(NODE_A, AZ_A)));
      assertEquals(FAIL, finding(report, "nodes-running").status());
      assertEquals(FAIL, finding(report, "node-facts").status());
      assertEquals(FAIL, report.verdict());
    }
  }

  @org.junit.jupiter.api.Test
  void acceptedFailingRulesAreReportedButNoLongerBlock() {
    ReadinessReport report = new HaChecklist().check(HealthyCluster.twoNodes().withStickiness(false, "lb_cookie").build())
        .accepting(java.util.List.of("sticky-sessions"));

    org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("sticky-sessions"), report.failedRules());
    org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), report.blockingRules());
    org.junit.jupiter.api.Assertions.assertFalse(report.blocking());
  }

  @org.junit.jupiter.api.Test
  void aFailingRuleThatIsNotAcceptedBlocks() {
    ReadinessReport report = new HaChecklist().check(HealthyCluster.twoNodes().withStickiness(false, "lb_cookie").build())
        .accepting(java.util.List.of("cross-zone"));

    org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("sticky-sessions"), report.blockingRules());
    org.junit.jupiter.api.Assertions.assertTrue(report.blocking());
  }
}
