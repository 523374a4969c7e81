package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.aws.HttpPackageCatalog;
import dev.connectha.config.DocumentKind;
import dev.connectha.errors.ErrorNames;
import dev.connectha.localcloud.twin.ConnectSchema;
import dev.connectha.localcloud.twin.NodeDeath;
import dev.connectha.localcloud.twin.SimNode;
import dev.connectha.localcloud.twin.Twin;
import dev.connectha.model.ConnectVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/**
 * The node side of the rolling upgrade on the local cloud: RunNodeCommandFunction stages, stops,
 * installs and starts Connect with the real documents, the twin serves the packages from the
 * gateway and keeps the metadata schema, and its tracker checks Posit's rule: stop every node,
 * upgrade one (it migrates the schema), then the rest; never an old Connect after the migration.
 */
@ExtendWith(LocalCloudExtension.class)
class UpgradeNodesIT {
  private static final String OLD = "2024.08.0";
  private static final String NEW = "2024.10.0";
  private static final String DEB = "/var/cache/connect-ha/packages/rstudio-connect_2024.10.0~ubuntu22_amd64.deb";
  private final LocalCloud cloud;
  private final Functions functions;

  UpgradeNodesIT(LocalCloud cloud) {
    this.cloud = cloud;
    this.functions = new Functions(cloud);
  }

  @BeforeEach
  void freshCluster() {
    cloud.reset(Twin.Spec.defaults());
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** Invokes RunNodeCommand with {@code fields} added to cluster and a 1 s poll; fails the test on a function error. */
  private JsonNode run(String document, String fields, int... nodes) {
    return functions.run("RunNodeCommandFunction", input(document, fields, nodes));
  }

  private JsonNode fail(String document, String fields) {
    return functions.fail("RunNodeCommandFunction", input(document, fields));
  }

  private String input(String document, String fields, int... nodes) {
    StringBuilder ids = new StringBuilder();
    for (int n : nodes) {
      ids.append(ids.isEmpty() ? "" : ",").append('"').append(id(n)).append('"');
    }
    return "{\"cluster\":\"demo\",\"document\":\"" + document + "\",\"pollSeconds\":1"
        + (fields.isEmpty() ? "" : "," + fields) + (nodes.length == 0 ? "" : ",\"instanceIds\":[" + ids + "]") + "}";
  }

  private String id(int node) {
    return cloud.twin().node(node).instanceId;
  }

  private SimNode node(int index) {
    return cloud.twin().node(index);
  }

  private static JsonNode result(JsonNode report, String instanceId) {
    for (JsonNode r : report.path("results")) {
      if (r.path("instanceId").asText().equals(instanceId)) {
        return r;
      }
    }
    throw new AssertionError("no result for " + instanceId + " in " + report);
  }

  /** The load balancer's view: instance id -> state. */
  private Map<String, String> targetHealth() {
    String targetGroupArn = cloud.clients().elb.describeTargetGroups(b -> b.names("demo-connect"))
        .targetGroups().get(0).targetGroupArn();
    Map<String, String> health = new TreeMap<>();
    for (TargetHealthDescription d : cloud.clients().elb.describeTargetHealth(b -> b.targetGroupArn(targetGroupArn))
        .targetHealthDescriptions()) {
      health.put(d.target().id(), d.targetHealth().stateAsString());
    }
    return health;
  }

  private void assertAllSucceeded(JsonNode report) {
    assertTrue(report.path("allSucceeded").asBoolean(), report.toString());
  }

  /** Stage everywhere, stop everywhere, install on node 0 and start it on the new version: the migration. */
  private void upgradeFirstNode() {
    assertAllSucceeded(run("stage", "\"version\":\"" + NEW + "\""));
    assertAllSucceeded(run("stop", ""));
    assertAllSucceeded(run("install", "\"version\":\"" + NEW + "\"", 0));
    assertAllSucceeded(run("start", "\"expectVersion\":\"" + NEW + "\"", 0));
  }

  // ---- staging while serving ------------------------------------------------------------------

  @Test
  void stagingOnEveryNodeWhileServingKeepsEveryTargetHealthy() {
    JsonNode staged = run("stage", "\"version\":\"" + NEW + "\"");

    assertAllSucceeded(staged);
    assertEquals(cloud.documentName(DocumentKind.STAGE_CONNECT), staged.path("documentName").asText());
    for (int n = 0; n < 2; n++) {
      assertEquals(DEB, result(staged, id(n)).path("staged").asText());
      assertTrue(node(n).stagedPackages.containsKey("rstudio-connect_2024.10.0~ubuntu22_amd64.deb"));
      assertTrue(node(n).serviceActive);
      assertEquals(OLD, node(n).connectVersion);
    }
    assertEquals(Map.of(id(0), "healthy", id(1), "healthy"), targetHealth());
    assertEquals(List.of(), cloud.twin().upgradeViolations());
  }

  @Test
  void aNodeOnRhelStagesTheRpmFromTheClustersPackageSource() {
    node(1).osRelease = SimNode.RHEL_9;

    JsonNode staged = run("stage", "\"version\":\"" + NEW + "\"");

    assertAllSucceeded(staged);
    assertEquals("/var/cache/connect-ha/packages/rstudio-connect-2024.10.0.el9.x86_64.rpm",
        result(staged, id(1)).path("staged").asText());
    assertEquals(DEB, result(staged, id(0)).path("staged").asText());
  }

  @Test
  void anUnpublishedVersionFailsToStageWithAClearErrorAndTheCatalogAgrees() {
    String source = cloud.twin().packages().base();
    HttpPackageCatalog catalog = new HttpPackageCatalog();
    assertTrue(catalog.available(source, ConnectVersion.parse(NEW)), "served by the gateway at " + source);
    assertFalse(catalog.available(source, ConnectVersion.parse("2024.11.0")));

    JsonNode staged = run("stage", "\"version\":\"2024.11.0\"");

    assertFalse(staged.path("allSucceeded").asBoolean(true));
    for (int n = 0; n < 2; n++) {
      JsonNode r = result(staged, id(n));
      assertEquals("Failed", r.path("status").asText());
      assertTrue(r.path("error").asText().startsWith("stage Failed: ConnectHa-StageConnect: the package source has no "
          + "Connect 2024.11.0 for ubuntu22: " + source + "/2024.11/rstudio-connect_2024.11.0~ubuntu22_amd64.deb"), r.toString());
      assertTrue(r.path("error").asText().contains("404"), r.toString());
      assertTrue(node(n).stagedPackages.isEmpty());
    }

    cloud.twin().publish("2024.11.0");
    assertTrue(catalog.available(source, ConnectVersion.parse("2024.11.0")));
    assertAllSucceeded(run("stage", "\"version\":\"2024.11.0\""));
    cloud.twin().unpublish(NEW);
    assertFalse(catalog.available(source, ConnectVersion.parse(NEW)));
    assertFalse(run("stage", "\"version\":\"" + NEW + "\"").path("allSucceeded").asBoolean(true));
  }

  @Test
  void aMalformedVersionIsInvalidInputBeforeAnyAwsCall() {
    JsonNode error = fail("stage", "\"version\":\"2024.10\"");

    assertEquals(ErrorNames.INVALID_INPUT, error.path("errorType").asText());
    assertTrue(error.path("errorMessage").asText().startsWith("version: not a Connect version"), error.toString());
    assertEquals(Map.of(), cloud.gateway().callCounts());
  }

  // ---- installing -----------------------------------------------------------------------------

  @Test
  void installIsRefusedWhileConnectRunsAndChangesNothing() {
    assertAllSucceeded(run("stage", "\"version\":\"" + NEW + "\""));

    JsonNode installed = run("install", "\"version\":\"" + NEW + "\"");

    assertFalse(installed.path("allSucceeded").asBoolean(true));
    for (int n = 0; n < 2; n++) {
      assertTrue(result(installed, id(n)).path("error").asText().contains("stop Connect before installing"), installed.toString());
      assertEquals(OLD, node(n).connectVersion);
      assertTrue(node(n).serviceActive);
    }
    assertEquals(Map.of(id(0), "healthy", id(1), "healthy"), targetHealth());
  }

  @Test
  void installWithoutStagingIsRefused() {
    assertAllSucceeded(run("stop", ""));

    JsonNode installed = run("install", "\"version\":\"" + NEW + "\"", 0);

    assertTrue(result(installed, id(0)).path("error").asText().contains("Connect 2024.10.0 is not staged"), installed.toString());
    assertEquals(OLD, node(0).connectVersion);
  }

  // ---- the upgrade in Posit's order -----------------------------------------------------------

  @Test
  void stopAllUpgradeOneThenTheRestKeepsPositsRule() {
    Instant before = Instant.now();
    upgradeFirstNode();

    ConnectSchema schema = cloud.twin().schema();
    assertEquals(NEW, schema.version().toString());
    assertEquals(1, schema.migrations().size());
    ConnectSchema.Migration migration = schema.migrations().get(0);
    assertEquals(id(0), migration.instanceId());
    assertEquals(OLD + " -> " + NEW, migration.from() + " -> " + migration.to());
    assertFalse(migration.at().isBefore(before.minusSeconds(1)));
    assertEquals(NEW, node(0).connectVersion);
    assertEquals(Map.of(id(0), "healthy", id(1), "unhealthy"), targetHealth());

    assertAllSucceeded(run("install", "\"version\":\"" + NEW + "\"", 1));
    JsonNode started = run("start", "\"expectVersion\":\"" + NEW + "\"", 1);

    assertAllSucceeded(started);
    assertEquals(NEW, result(started, id(1)).path("connectVersion").asText());
    JsonNode status = run("status", "\"expectVersion\":\"" + NEW + "\"");
    assertAllSucceeded(status);
    assertEquals(Map.of(id(0), "healthy", id(1), "healthy"), targetHealth());
    assertEquals(1, cloud.twin().schema().migrations().size(), "one migration: the first node's");
    assertEquals(List.of(), cloud.twin().upgradeViolations());
  }

  @Test
  void startingAnOldNodeAfterTheMigrationFailsAndTheTrackerReportsIt() {
    upgradeFirstNode();

    JsonNode started = run("start", "", 1);

    JsonNode r = result(started, id(1));
    assertFalse(r.path("succeeded").asBoolean(true));
    assertEquals("Failed", r.path("status").asText());
    assertTrue(r.path("error").asText().startsWith("start Failed: "), r.toString());
    assertTrue(r.path("error").asText().contains("The database schema is from Connect 2024.10.0, newer than this Connect (2024.08.0)"),
        "the journal says why: " + r);
    assertTrue(node(1).serviceFailed);
    assertEquals("unhealthy", targetHealth().get(id(1)));
    assertEquals(NEW, cloud.twin().schema().version().toString(), "an old Connect never moves the schema back");

    List<String> violations = cloud.twin().upgradeViolations();
    assertEquals(1, violations.size(), violations.toString());
    assertTrue(violations.get(0).startsWith(id(1) + " started Connect 2024.08.0 at "), violations.get(0));
    assertTrue(violations.get(0).contains("after the schema migrated to 2024.10.0 at "), violations.get(0));
    assertTrue(violations.get(0).contains("(by " + id(0) + ")"), violations.get(0));
  }

  @Test
  void anOldNodeLeftRunningShutsItselfDownSoonAfterTheMigration() {
    cloud.twin().schemaCheckWithin(Duration.ofSeconds(2));
    assertAllSucceeded(run("stage", "\"version\":\"" + NEW + "\""));
    assertAllSucceeded(run("stop", "", 0));
    assertAllSucceeded(run("install", "\"version\":\"" + NEW + "\"", 0));
    assertAllSucceeded(run("start", "\"expectVersion\":\"" + NEW + "\"", 0));
    Instant migrated = cloud.twin().schema().lastMigration().orElseThrow().at();

    Instant deadline = Instant.now().plusSeconds(10);
    while (!targetHealth().get(id(1)).equals("unhealthy")) {
      assertTrue(Instant.now().isBefore(deadline), "node 1 still healthy: " + targetHealth());
      LocalCloud.pause(Duration.ofMillis(100));
    }

    ConnectSchema.ServiceEvent down = cloud.twin().schema().events().stream()
        .filter(e -> e.instanceId().equals(id(1)) && e.kind() == ConnectSchema.Kind.SHUTDOWN).findFirst().orElseThrow();
    assertEquals(Duration.ofSeconds(2), Duration.between(migrated, down.at()), "node 1 of 2 takes the whole configured delay");
    assertEquals("healthy", targetHealth().get(id(0)));
    JsonNode status = run("status", "\"expectVersion\":\"" + NEW + "\"", 1);
    JsonNode r = result(status, id(1));
    assertEquals("failed", r.path("serviceState").asText());
    assertFalse(r.path("ping").asBoolean(true));
    assertEquals("Connect 2024.08.0 is installed, expected Connect 2024.10.0", r.path("error").asText());
    assertEquals(List.of(), cloud.twin().upgradeViolations(), "down within 30 s of the migration, as Posit says");
  }

  @Test
  void theDefaultDelaysAreWithinThirtySecondsAndDeterministic() {
    assertEquals(Duration.ofSeconds(15), cloud.twin().schemaShutdownDelay(node(0)));
    assertEquals(Duration.ofSeconds(30), cloud.twin().schemaShutdownDelay(node(1)));
    node(0).schemaShutdownDelay = Duration.ofSeconds(3);
    assertEquals(Duration.ofSeconds(3), cloud.twin().schemaShutdownDelay(node(0)));
  }

  // ---- durations and faults work for the new documents ----------------------------------------

  @Test
  void aFailedStageOnOneNodeIsThatNodesOnlyAndASlowInstallIsWaitedFor() {
    cloud.twin().failNextCommand(DocumentKind.STAGE_CONNECT, id(1), "failed to run commands: exit status 1 (injected)");

    JsonNode staged = run("stage", "\"version\":\"" + NEW + "\"");

    assertTrue(result(staged, id(0)).path("succeeded").asBoolean());
    assertEquals("stage Failed: failed to run commands: exit status 1 (injected)", result(staged, id(1)).path("error").asText());
    assertTrue(node(1).stagedPackages.isEmpty());

    assertAllSucceeded(run("stop", "", 0));
    cloud.twin().commandDuration(DocumentKind.INSTALL_CONNECT, Duration.ofSeconds(2));
    Instant started = Instant.now();
    assertAllSucceeded(run("install", "\"version\":\"" + NEW + "\"", 0));
    assertTrue(Duration.between(started, Instant.now()).compareTo(Duration.ofSeconds(2)) >= 0);
  }

  @Test
  void aNodeTerminatedDuringItsInstallIsReportedLostAtOnceAndNeverRunsTheNewVersion() {
    assertAllSucceeded(run("stage", "\"version\":\"" + NEW + "\""));
    assertAllSucceeded(run("stop", ""));
    cloud.twin().commandDuration(DocumentKind.INSTALL_CONNECT, Duration.ofSeconds(20));
    cloud.twin().killDuring(id(0), DocumentKind.INSTALL_CONNECT, NodeDeath.TERMINATED);
    Instant started = Instant.now();

    JsonNode installed = run("install", "\"version\":\"" + NEW + "\",\"timeoutSeconds\":120", 0);

    Duration took = Duration.between(started, Instant.now());
    assertFalse(installed.path("allSucceeded").asBoolean(true), installed.toString());
    JsonNode lost = result(installed, id(0));
    assertEquals("Failed", lost.path("status").asText(), lost.toString());
    assertTrue(lost.path("error").asText().startsWith(
        "install Failed (Terminated): instance stopped or terminated during the command"), lost.toString());
    assertEquals(OLD, node(0).connectVersion, "the install never completed on the terminated node");
    assertEquals(List.of(), cloud.twin().upgradeViolations());
    assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "neither the 20 s install nor the 120 s timeout: " + took);
  }
}
