package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectha.config.Config;
import dev.connectha.errors.ErrorNames;
import dev.connectha.json.Json;
import dev.connectha.localcloud.twin.Twin;
import dev.connectha.model.BackupSet;
import dev.connectha.model.BackupStatus;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RecordClusterVersion and the learned record on the local cloud: what the control plane learns
 * about a cluster's versions lives apart from the cluster document the stack owns, survives a
 * redeploy of the template, and is what backups and DescribeCluster read.
 */
@ExtendWith(LocalCloudExtension.class)
class LearnedVersionsIT {
  private static final String DOCUMENT = "/connect-ha/clusters/demo";
  private static final String LEARNED = "/connect-ha/learned/demo";
  private static final String REGISTERED = "2024.08.0";
  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  private final LocalCloud cloud;
  private final Functions functions;

  LearnedVersionsIT(LocalCloud cloud) {
    this.cloud = cloud;
    this.functions = new Functions(cloud);
  }

  @BeforeEach
  void freshCluster() {
    cloud.reset(Twin.Spec.defaults());
  }

  private JsonNode record(String version, String fact, String executionId) {
    return functions.run("RecordClusterVersionFunction", "{\"cluster\":\"demo\",\"version\":\"" + version
        + "\",\"fact\":\"" + fact + "\",\"executionId\":\"" + executionId + "\"}");
  }

  private JsonNode parameter(String name) {
    return Functions.json(cloud.clients().ssm.getParameter(b -> b.name(name)).parameter().value());
  }

  private JsonNode describe() {
    return functions.run("DescribeClusterFunction", "{\"cluster\":\"demo\",\"pollSeconds\":1}");
  }

  @Test
  void recordingTheSchemasVersionWritesTheLearnedRecordAndLeavesTheClusterDocumentAsItWas() {
    ObjectNode document = (ObjectNode) parameter(DOCUMENT);
    document.put("owner", "data-platform");
    cloud.clients().ssm.putParameter(b -> b.name(DOCUMENT).value(document.toString()).overwrite(true));

    JsonNode versions = record("2024.09.1", "schema", "e-halted");

    assertEquals("2024.09.1", versions.path("schemaVersion").asText());
    assertEquals(REGISTERED, versions.path("nodesVersion").asText());
    JsonNode learned = parameter(LEARNED);
    assertEquals("2024.09.1", learned.at("/schemaVersion/version").asText(), learned.toString());
    assertEquals("e-halted", learned.at("/schemaVersion/executionId").asText(), learned.toString());
    assertFalse(learned.at("/schemaVersion/recordedAt").asText().isEmpty(), learned.toString());
    assertFalse(learned.has("nodesVersion"), learned.toString());
    assertEquals(new TreeMap<>(Json.MAPPER.convertValue(document, Map.class)),
        new TreeMap<>(Json.MAPPER.convertValue(parameter(DOCUMENT), Map.class)), "the stack's document is untouched");
    JsonNode described = describe();
    assertEquals("2024.09.1", described.at("/versions/schemaVersion").asText(), "what the next workflow reads");
    assertEquals(REGISTERED, described.at("/versions/nodesVersion").asText());
    assertEquals(REGISTERED, described.at("/cluster/connectVersion").asText(), "the registered version, as registered");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"{\"cluster\":\"demo\",\"version\":\"2024.9\",\"fact\":\"nodes\"}",
      "{\"cluster\":\"demo\",\"version\":\"2024.09.1\"}",
      "{\"cluster\":\"demo\",\"version\":\"2024.09.1\",\"fact\":\"every-node\"}"})
  void aMalformedVersionOrFactIsRefusedBeforeAnyCall(String input) {
    JsonNode error = functions.fail("RecordClusterVersionFunction", input);

    assertEquals(ErrorNames.INVALID_INPUT, error.path("errorType").asText());
    assertEquals(Map.of(), cloud.gateway().callCounts());
  }

  @Test
  void aVersionOlderThanTheLearnedOneIsRefusedAndTheRecordKept() {
    record("2024.10.0", "schema", "e-1");
    JsonNode before = parameter(LEARNED);

    JsonNode error = functions.fail("RecordClusterVersionFunction",
        "{\"cluster\":\"demo\",\"version\":\"2024.09.1\",\"fact\":\"nodes\",\"executionId\":\"e-2\"}");

    assertEquals(ErrorNames.PRECONDITION_FAILED, error.path("errorType").asText());
    assertEquals(before, parameter(LEARNED));
  }

  @Test
  void aRedeployOfTheTemplateAfterAnUpgradeKeepsTheUpgradedVersion() {
    record("2024.09.1", "schema", "e-upgrade");
    record("2024.09.1", "nodes", "e-upgrade");
    JsonNode learned = parameter(LEARNED);

    // a stack update that changes an input of the cluster registration: CloudFormation writes it again
    cloud.redeploy(Map.of("DesiredNodes", "3"));

    JsonNode document = parameter(DOCUMENT);
    assertEquals(3, document.path("desiredNodes").asInt(), "the redeploy did rewrite the stack's document");
    assertEquals(REGISTERED, document.path("connectVersion").asText(), "the template's version, as before");
    assertEquals(learned, parameter(LEARNED), "the learned record is not the stack's");
    JsonNode described = describe();
    assertEquals("2024.09.1", described.at("/versions/schemaVersion").asText(), described.path("versions").toString());
    assertEquals("2024.09.1", described.at("/versions/nodesVersion").asText(), described.path("versions").toString());
  }

  @Test
  void aBackupSetTakenAfterASchemaOnlyRecordCarriesTheSchemasVersion() {
    // a halted upgrade: a node started 2024.10.0 (the schema is migrated), the upgrade never finished
    record("2024.10.0", "schema", "e-halted");

    LocalCloud.Execution run = cloud.run("BackupStateMachine", "{\"cluster\":\"demo\",\"pollSeconds\":1,"
        + "\"retention\":{\"keepLast\":3,\"keepDaily\":0,\"keepWeekly\":0,\"keepMonthly\":0}}",
        "backup-demo-" + UUID.randomUUID(), TIMEOUT);

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    RealAdapters adapters = new RealAdapters(Config.from(cloud.environmentOf("StartBackupSetFunction")));
    BackupSet set = adapters.backupSets(null).list("demo").get(0);
    assertEquals(BackupStatus.COMPLETE, set.status());
    assertEquals("2024.10.0", set.connectVersion().toString(), "a restore of this set needs 2024.10.0");
    assertEquals("2024.10.0", adapters.databaseSnapshots().describe(set.dbSnapshotArn()).tags()
        .get("connect-ha:connect-version"));
    String summary = cloud.notifications().get(0);
    assertTrue(summary.contains("a restore needs Connect 2024.10.0"), summary);
  }
}
