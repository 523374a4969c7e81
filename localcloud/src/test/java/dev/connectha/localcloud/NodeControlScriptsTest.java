package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.config.DocumentKind;
import dev.connectha.json.Json;
import dev.connectha.localcloud.ScriptRuns.Output;
import dev.connectha.localcloud.twin.NodeRoot;
import dev.connectha.localcloud.twin.SimNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real StopConnect, StartConnect and ConnectStatus documents' scripts, taken
 * from template.yaml, run with bash against simulated nodes laid out by {@link NodeRoot}: its stub
 * systemctl keeps the service state in a file, its stub curl answers /__ping__ from it.
 */
class NodeControlScriptsTest {
  private static final CloudTemplate TEMPLATE = CloudTemplate.load(LocalCloud.projectRoot().resolve("template.yaml"),
      LocalCloud.STACK, LocalCloud.REGION,
      Map.of("TargetGroupArn", "tg", "DbInstanceIdentifier", "db", "FileSystemId", "fs-0123456789abcdef0"));
  private static final String STOP = LocalCloud.script(TEMPLATE.properties("StopConnectDocument"));
  private static final String START = LocalCloud.script(TEMPLATE.properties("StartConnectDocument"));
  private static final String STATUS = LocalCloud.script(TEMPLATE.properties("ConnectStatusDocument"));
  private static final List<DocumentKind> DOCUMENTS =
      List.of(DocumentKind.STOP_CONNECT, DocumentKind.START_CONNECT, DocumentKind.CONNECT_STATUS);

  @TempDir
  Path dir;

  private static SimNode node() {
    SimNode node = new SimNode();
    node.instanceId = "i-0123456789abcdef0";
    node.connectVersion = "2024.08.0";
    node.set("Server", "Address", "https://connect.example.com").set("HTTP", "Listen", ":3939")
        .set("Database", "Provider", "postgres");
    return node;
  }

  private Path nodeDir(SimNode node) {
    return dir.resolve(node.instanceId);
  }

  private Output run(String script, SimNode node) {
    return run(script, node, Map.of());
  }

  /** Lays out {@code node} and runs {@code script} against it, with {@code environment} added. */
  private Output run(String script, SimNode node, Map<String, String> environment) {
    Path nodeDir = nodeDir(node);
    Path bin = NodeRoot.write(nodeDir, node);
    return rerun(script, nodeDir, bin, environment);
  }

  /** Runs {@code script} against a node already laid out (so the state a previous script left counts). */
  private Output rerun(String script, Path nodeDir, Path bin, Map<String, String> environment) {
    return ScriptRuns.run(nodeDir, bin, script, environment, Duration.ofSeconds(60));
  }

  // ---- the documents in template.yaml ---------------------------------------------------------

  @Test
  void eachConnectDocumentIsOneShellStepWithTheScriptAsOneCommand() {
    DOCUMENTS.forEach(kind -> {
      String logicalId = kind.logicalId();
      String name = LocalCloud.documentName(LocalCloud.STACK, kind);
      JsonNode properties = TEMPLATE.properties(logicalId);
      JsonNode steps = properties.path("Content").path("mainSteps");
      assertAll(logicalId,
          () -> assertEquals(name, TEMPLATE.ref(logicalId)),
          () -> assertEquals("Command", properties.path("DocumentType").asText()),
          () -> assertEquals("NewVersion", properties.path("UpdateMethod").asText()),
          () -> assertEquals(1, steps.size()),
          () -> assertEquals("aws:runShellScript", steps.get(0).path("action").asText()),
          () -> assertEquals(1, steps.get(0).path("inputs").path("runCommand").size()),
          () -> assertTrue(steps.get(0).path("inputs").path("runCommand").get(0).asText().startsWith("#!/bin/bash\n")),
          () -> assertFalse(properties.path("Content").has("parameters"), "the documents take no parameters"));
    });
  }

  @Test
  void runNodeCommandMaySendOnlyTheProjectsDocumentsAndOnlyToTaggedInstances() {
    List<String> sendable = new java.util.ArrayList<>();
    JsonNode instances = null;
    for (JsonNode statement : TEMPLATE.statements("RunNodeCommandFunction")) {
      if (!statement.path("Action").asText().equals("ssm:SendCommand")) {
        continue;
      }
      JsonNode resource = statement.path("Resource");
      if (resource.isArray()) {
        resource.forEach(r -> sendable.add(r.asText()));
      } else if (resource.asText().contains(":instance/")) {
        instances = statement;
      } else {
        sendable.add(resource.asText());
      }
    }

    String prefix = "arn:aws:ssm:us-east-1:" + CloudTemplate.ACCOUNT + ":document/";
    assertEquals(Stream.of(DocumentKind.STOP_CONNECT, DocumentKind.START_CONNECT, DocumentKind.CONNECT_STATUS,
            DocumentKind.STAGE_CONNECT, DocumentKind.INSTALL_CONNECT, DocumentKind.BOOTSTRAP_NODE,
            DocumentKind.DEACTIVATE_LICENSE).map(kind -> prefix + LocalCloud.documentName(LocalCloud.STACK, kind)).toList(),
        sendable);
    assertTrue(instances != null, "no ssm:SendCommand statement for instances");
    assertEquals("*", instances.path("Condition").path("StringLike").path("ssm:resourceTag/connect-ha:cluster").asText());
  }

  // ---- StopConnect ----------------------------------------------------------------------------

  @Test
  void stopMakesAnActiveServiceInactiveAndSaysSo() {
    SimNode node = node();

    Output output = run(STOP, node);

    JsonNode json = output.json();
    assertEquals("inactive", json.path("serviceState").asText());
    assertEquals("2024.08.0", json.path("connectVersion").asText());
    assertEquals(Set.of("serviceState", "connectVersion", "elapsedSeconds"), output.fields());
    assertFalse(NodeRoot.serviceActive(nodeDir(node)));
    assertEquals("", output.stderr());
  }

  @Test
  void stopOnAStoppedServiceSucceeds() {
    SimNode node = node();
    node.serviceActive = false;

    assertEquals("inactive", run(STOP, node).json().path("serviceState").asText());
    assertFalse(NodeRoot.serviceActive(nodeDir(node)));
  }

  @Test
  void stopOnANodeWithoutConnectCountsAsStopped() {
    SimNode node = node();
    node.connectVersion = null;

    JsonNode json = run(STOP, node).json();

    assertEquals("inactive", json.path("serviceState").asText());
    assertTrue(json.path("connectVersion").isNull(), json.toString());
  }

  @Test
  void stopThatDoesNotTakeFailsWithinItsBoundAndSaysWhy() {
    SimNode node = node();
    node.ignoresStop = true;

    Output output = run(STOP, node, Map.of("CONNECT_HA_STOP_TIMEOUT", "1"));

    assertEquals(1, output.exit(), output.stdout());
    assertEquals("", output.stdout());
    assertTrue(output.stderr().contains("rstudio-connect is still active 1s after 'systemctl stop'"), output.stderr());
    assertTrue(output.took().compareTo(Duration.ofSeconds(10)) < 0, output.took().toString());
    assertTrue(NodeRoot.serviceActive(nodeDir(node)));
  }

  // ---- StartConnect ---------------------------------------------------------------------------

  @Test
  void startMakesAStoppedServiceActiveAndAnsweringPing() {
    SimNode node = node();
    node.serviceActive = false;

    Output output = run(START, node);

    JsonNode json = output.json();
    assertEquals("active", json.path("serviceState").asText());
    assertTrue(json.path("ping").asBoolean());
    assertEquals("2024.08.0", json.path("connectVersion").asText());
    assertEquals(Set.of("serviceState", "ping", "connectVersion", "elapsedSeconds"), output.fields());
    assertTrue(NodeRoot.serviceActive(nodeDir(node)));
  }

  @Test
  void startAfterStopBringsTheSameNodeBack() {
    SimNode node = node();
    Path bin = NodeRoot.write(nodeDir(node), node);

    assertEquals("inactive", rerun(STOP, nodeDir(node), bin, Map.of()).json().path("serviceState").asText());
    assertFalse(rerun(STATUS, nodeDir(node), bin, Map.of()).json().path("ping").asBoolean(true));
    assertEquals("active", rerun(START, nodeDir(node), bin, Map.of()).json().path("serviceState").asText());
    assertTrue(rerun(STATUS, nodeDir(node), bin, Map.of()).json().path("ping").asBoolean());
  }

  @Test
  void startOnANodeWhosePingNeverAnswersExitsNonZeroWithinItsBound() {
    SimNode node = node();
    node.serviceActive = false;
    node.pingHealthy = false;

    Output output = run(START, node, Map.of("CONNECT_HA_START_TIMEOUT", "2"));

    assertEquals(1, output.exit(), output.stdout());
    assertEquals("", output.stdout());
    assertTrue(output.stderr().contains(
        "rstudio-connect did not answer http://127.0.0.1:3939/__ping__ within 2s (systemd: active; curl: (7)"), output.stderr());
    assertTrue(output.stderr().matches("(?s).*\n  \\S.* rstudio-connect\\[[0-9]+\\]: Started Posit Connect 2024\\.08\\.0\n.*"),
        "the unit's journal follows, indented: " + output.stderr());
    assertTrue(output.took().compareTo(Duration.ofSeconds(12)) < 0, output.took().toString());
  }

  @Test
  void startWithoutConnectInstalledFailsWithSystemdsReason() {
    SimNode node = node();
    node.connectVersion = null;
    node.serviceActive = false;

    Output output = run(START, node);

    assertEquals(1, output.exit());
    assertTrue(output.stderr().contains("'systemctl start rstudio-connect' failed: Failed to start rstudio-connect.service: "
        + "Unit rstudio-connect.service not found."), output.stderr());
  }

  @ParameterizedTest
  @ValueSource(strings = {":8080", "0.0.0.0:8080", "127.0.0.1:8080", "\"[::]:8080\""})
  void startAndStatusPingThePortConnectListensOn(String listen) {
    SimNode node = node().set("HTTP", "Listen", listen);
    node.serviceActive = false;
    Path bin = NodeRoot.write(nodeDir(node), node);

    assertTrue(rerun(START, nodeDir(node), bin, Map.of("CONNECT_HA_START_TIMEOUT", "1")).json().path("ping").asBoolean());
    assertTrue(rerun(STATUS, nodeDir(node), bin, Map.of()).json().path("ping").asBoolean());
  }

  @Test
  void startAndStatusPingTheDefaultPortWithoutAnHttpListenSetting() {
    SimNode node = node().set("HTTP", "Listen", null);

    assertTrue(run(STATUS, node).json().path("ping").asBoolean());
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "-1", "1.5", "2 "})
  void aWaitThatIsNotWholeSecondsIsRefused(String seconds) {
    SimNode node = node();

    Output start = run(START, node, Map.of("CONNECT_HA_START_TIMEOUT", seconds));
    Output stop = run(STOP, node, Map.of("CONNECT_HA_STOP_TIMEOUT", seconds));

    assertEquals(2, start.exit());
    assertTrue(start.stderr().contains("CONNECT_HA_START_TIMEOUT is not whole seconds"), start.stderr());
    assertEquals(2, stop.exit());
    assertTrue(NodeRoot.serviceActive(nodeDir(node)), "a refused stop does not stop");
  }

  // ---- ConnectStatus --------------------------------------------------------------------------

  @Test
  void statusReportsARunningHealthyNode() throws IOException {
    Output output = run(STATUS, node());

    assertEquals(Json.MAPPER.readTree("{\"connectVersion\":\"2024.08.0\",\"serviceState\":\"active\",\"ping\":true,\"pingStatus\":200}"),
        output.json());
    assertEquals("", output.stderr());
  }

  @Test
  void statusReportsTheHttpStatusOfAnExpiredLicence() {
    SimNode node = node();
    Path bin = NodeRoot.write(nodeDir(node), node, new NodeRoot.Cluster(NodeRoot.Cluster.standalone().packages(), null, true));

    JsonNode json = rerun(STATUS, nodeDir(node), bin, Map.of()).json();

    assertEquals("active", json.path("serviceState").asText());
    assertFalse(json.path("ping").asBoolean(true), "a 402 is not a healthy ping");
    assertEquals(402, json.path("pingStatus").asInt());
  }

  @Test
  void statusReportsNoHttpStatusWhenNothingAnswers() {
    SimNode node = node();
    node.serviceActive = false;

    JsonNode json = run(STATUS, node).json();

    assertTrue(json.path("pingStatus").isInt(), json.toString());
    assertEquals(0, json.path("pingStatus").asInt());
  }

  @Test
  void statusReportsAStoppedNode() {
    SimNode node = node();
    node.serviceActive = false;

    JsonNode json = run(STATUS, node).json();

    assertEquals("inactive", json.path("serviceState").asText());
    assertFalse(json.path("ping").asBoolean(true));
  }

  @Test
  void statusReportsAnActiveNodeThatDoesNotAnswerPing() {
    SimNode node = node();
    node.pingHealthy = false;

    JsonNode json = run(STATUS, node).json();

    assertEquals("active", json.path("serviceState").asText());
    assertFalse(json.path("ping").asBoolean(true));
  }

  @Test
  void statusOfANodeWithoutConnectHasNoVersion() {
    SimNode node = node();
    node.connectVersion = null;

    JsonNode json = run(STATUS, node).json();

    assertTrue(json.path("connectVersion").isNull());
    assertEquals("inactive", json.path("serviceState").asText());
    assertFalse(json.path("ping").asBoolean(true));
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void statusChangesNothingOnTheNode(boolean active) {
    SimNode node = node();
    node.serviceActive = active;
    Path bin = NodeRoot.write(nodeDir(node), node);
    Map<String, String> before = ScriptRuns.snapshot(nodeDir(node));

    rerun(STATUS, nodeDir(node), bin, Map.of()).json();

    assertEquals(before, ScriptRuns.snapshot(nodeDir(node)));
    assertEquals(active, NodeRoot.serviceActive(nodeDir(node)));
  }

  @Test
  void theTwinStubsEveryCommandThroughWhichTheDocumentsReadOrChangeConnect() {
    Path bin = NodeRoot.write(dir.resolve("stubs"), node());

    for (String command : List.of("systemctl", "curl", "dpkg-query", "rpm", "journalctl")) {
      assertTrue(Files.isExecutable(bin.resolve(command)), "no stub " + command);
    }
  }
}
