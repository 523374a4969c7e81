package dev.connectha.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.errors.ClusterNotFoundException;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.fakes.FakeClusterRegistry;
import dev.connectha.fakes.FakeLearnedStates;
import dev.connectha.json.Json;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.LearnedState;
import dev.connectha.model.LearnedState.Recorded;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RecordClusterVersion over the shared fakes: the registry (the stack's document) and the learned records. */
class ClusterVersionRecorderTest {
  static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
  static final ConnectVersion REGISTERED = ConnectVersion.parse("2024.08.0");
  static final ClusterDocument PROD = new ClusterDocument("prod",
      "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/connect/0123", "connect-db", null, "fs-0123abcd",
      "lt-0123", Map.of("eu-west-1a", "subnet-a"), "Default", "arn:aws:iam::123456789012:role/backup",
      "https://cdn.posit.co/connect", 2, REGISTERED);

  final List<String> calls = new ArrayList<>();
  final FakeClusterRegistry registry = new FakeClusterRegistry(calls, PROD);
  final FakeLearnedStates learned = new FakeLearnedStates(calls);

  final RecordClusterVersionHandler handler = new RecordClusterVersionHandler(
      new ClusterVersionRecorder(registry, learned, Clock.fixed(NOW, ZoneOffset.UTC)), "ConnectHaTest");

  private JsonNode invoke(String input) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, null);
    return Json.MAPPER.readTree(out.toByteArray());
  }

  private static String input(String version, String fact, String executionId) {
    return "{\"cluster\":\"prod\",\"version\":\"" + version + "\",\"fact\":\"" + fact + "\",\"executionId\":\""
        + executionId + "\"}";
  }

  private static Recorded recorded(String version, String executionId) {
    return new Recorded(ConnectVersion.parse(version), NOW, executionId);
  }

  @Test
  void aSchemaFactRecordsTheSchemaVersionAloneAndLeavesTheClusterDocumentAlone() throws Exception {
    JsonNode versions = invoke(input("2024.09.1", "schema", "e-1"));

    assertEquals(new LearnedState("prod", recorded("2024.09.1", "e-1"), null), learned.states.get("prod"));
    assertEquals(PROD, registry.documents.get("prod"), "the stack's document is never written");
    assertEquals("2024.09.1", versions.get("schemaVersion").asText());
    assertEquals("2024.08.0", versions.get("nodesVersion").asText(), "no upgrade finished: the registered version");
    assertEquals(List.of("registry.load prod", "learned.find prod", "change learned.save prod schema=2024.09.1 nodes=-"),
        calls);
  }

  @Test
  void aNodesFactRecordsTheNodesVersionAndTheSchemaVersionIfNotRecordedYet() throws Exception {
    JsonNode versions = invoke(input("2024.09.1", "nodes", "e-1"));

    assertEquals(new LearnedState("prod", recorded("2024.09.1", "e-1"), recorded("2024.09.1", "e-1")),
        learned.states.get("prod"));
    assertEquals("2024.09.1", versions.get("schemaVersion").asText());
    assertEquals("2024.09.1", versions.get("nodesVersion").asText());
    assertEquals(PROD, registry.documents.get("prod"));
  }

  @Test
  void aNodesFactAfterTheSchemaFactKeepsWhenAndByWhomTheSchemaWasRecorded() throws Exception {
    Recorded schema = new Recorded(ConnectVersion.parse("2024.09.1"), NOW.minusSeconds(600), "e-1");
    learned.states.put("prod", new LearnedState("prod", schema, null));

    invoke(input("2024.09.1", "nodes", "e-2"));

    assertEquals(new LearnedState("prod", schema, recorded("2024.09.1", "e-2")), learned.states.get("prod"));
  }

  @Test
  void recordingWhatIsRecordedAlreadyWritesNothing() throws Exception {
    LearnedState before = new LearnedState("prod", recorded("2024.09.1", "e-1"), recorded("2024.09.1", "e-1"));
    learned.states.put("prod", before);

    invoke(input("2024.09.1", "schema", "e-2"));
    invoke(input("2024.09.1", "nodes", "e-2"));

    assertEquals(before, learned.states.get("prod"));
    assertTrue(calls.stream().noneMatch(c -> c.startsWith("change ")), calls.toString());
  }

  @Test
  void aVersionOlderThanTheLearnedSchemaIsRefusedAndNothingIsWritten() {
    learned.states.put("prod", new LearnedState("prod", recorded("2024.10.0", "e-halted"), null));

    PreconditionFailedException e = assertThrows(PreconditionFailedException.class,
        () -> invoke(input("2024.09.1", "nodes", "e-2")));

    assertTrue(e.getMessage().contains("2024.10.0"), e.getMessage());
    assertTrue(calls.stream().noneMatch(c -> c.startsWith("change ")), calls.toString());
    assertNull(learned.states.get("prod").nodesVersion());
  }

  @Test
  void whileNothingIsLearnedAVersionOlderThanTheRegisteredOneIsRefused() {
    assertThrows(PreconditionFailedException.class, () -> invoke(input("2024.07.3", "schema", "e-1")));

    assertEquals(List.of("registry.load prod", "learned.find prod"), calls);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"cluster\":\"prod\",\"fact\":\"nodes\"}",
      "{\"cluster\":\"prod\",\"version\":\"2024.8\",\"fact\":\"nodes\"}",
      "{\"cluster\":\"prod\",\"version\":\"latest\",\"fact\":\"nodes\"}",
      "{\"cluster\":\"prod\",\"version\":\"2024.13.0\",\"fact\":\"schema\"}",
      "{\"cluster\":\"Prod\",\"version\":\"2024.09.0\",\"fact\":\"schema\"}",
      "{\"cluster\":\"prod\",\"version\":\"2024.09.0\"}",
      "{\"cluster\":\"prod\",\"version\":\"2024.09.0\",\"fact\":\"database\"}",
      "{\"cluster\":\"prod\",\"version\":\"2024.09.0\",\"fact\":\"Schema\"}",
      "{\"cluster\":\"prod\",\"version\":\"2024.09.0\",\"fact\":\"\"}"})
  void aMalformedVersionClusterOrFactIsRefusedBeforeAnyCall(String input) {
    assertThrows(InvalidInputException.class, () -> invoke(input));
    assertEquals(List.of(), calls);
  }

  @Test
  void anUnknownClusterIsNotFoundAndNothingIsWritten() {
    assertThrows(ClusterNotFoundException.class, () -> invoke("{\"cluster\":\"nope\",\"version\":\"2024.09.0\","
        + "\"fact\":\"nodes\"}"));
    assertTrue(calls.stream().noneMatch(c -> c.startsWith("change ")), calls.toString());
  }
}
