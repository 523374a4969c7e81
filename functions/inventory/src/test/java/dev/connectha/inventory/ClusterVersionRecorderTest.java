package dev.connectha.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.errors.ClusterNotFoundException;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.fakes.FakeClusterRegistry;
import dev.connectha.json.Json;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ConnectVersion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RecordClusterVersion over the shared fake registry, which keeps what is saved. */
class ClusterVersionRecorderTest {
  final List<String> calls = new ArrayList<>();
  final FakeClusterRegistry registry = new FakeClusterRegistry(calls, new ClusterDocument("prod",
      "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/connect/0123", "connect-db", null, "fs-0123abcd",
      "lt-0123", Map.of("eu-west-1a", "subnet-a"), "Default", "arn:aws:iam::123456789012:role/backup",
      "https://cdn.posit.co/connect", 2, ConnectVersion.parse("2024.08.0")));
  final Map<String, ClusterDocument> documents = registry.documents;

  final RecordClusterVersionHandler handler = new RecordClusterVersionHandler(new ClusterVersionRecorder(registry), "ConnectHaTest");

  private JsonNode invoke(String input) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, null);
    return Json.MAPPER.readTree(out.toByteArray());
  }

  @Test
  void recordsTheNewVersionAndKeepsEverythingElse() throws Exception {
    ClusterDocument before = documents.get("prod");

    JsonNode written = invoke("{\"cluster\":\"prod\",\"version\":\"2024.09.1\",\"executionId\":\"e-1\"}");

    ClusterDocument after = documents.get("prod");
    assertEquals(ConnectVersion.parse("2024.09.1"), after.connectVersion());
    assertEquals(new ClusterDocument(before.name(), before.targetGroupArn(), before.dbInstanceId(), before.dbClusterId(),
        before.fileSystemId(), before.launchTemplateId(), before.subnetsByAz(), before.backupVault(), before.backupRoleArn(),
        before.packageSource(), before.desiredNodes(), ConnectVersion.parse("2024.09.1")), after);
    assertEquals("2024.09.1", written.get("connectVersion").asText());
    assertEquals("prod", written.get("name").asText());
    assertEquals(List.of("registry.load prod", "registry.save prod 2024.09.1"), calls);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"cluster\":\"prod\"}", "{\"cluster\":\"prod\",\"version\":\"2024.8\"}",
      "{\"cluster\":\"prod\",\"version\":\"latest\"}", "{\"cluster\":\"prod\",\"version\":\"2024.13.0\"}",
      "{\"cluster\":\"Prod\",\"version\":\"2024.09.0\"}"})
  void aMalformedVersionOrClusterIsRefusedBeforeAnyCall(String input) {
    assertThrows(InvalidInputException.class, () -> invoke(input));
    assertEquals(List.of(), calls);
  }

  @Test
  void anUnknownClusterIsNotFoundAndNothingIsWritten() {
    assertThrows(ClusterNotFoundException.class, () -> invoke("{\"cluster\":\"nope\",\"version\":\"2024.09.0\"}"));
    assertTrue(calls.stream().noneMatch(c -> c.startsWith("registry.save")), calls.toString());
  }
}
