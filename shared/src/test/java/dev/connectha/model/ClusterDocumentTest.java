package dev.connectha.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.json.Json;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClusterDocumentTest {

  private static ClusterDocument document(String name, String dbInstanceId, String dbClusterId, String fileSystemId,
      Map<String, String> subnetsByAz, int desiredNodes) {
    return new ClusterDocument(name, "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/connect/abc",
        dbInstanceId, dbClusterId, fileSystemId, "lt-0123", subnetsByAz, "connect-vault",
        "arn:aws:iam::123456789012:role/backup", "https://cdn.posit.co", desiredNodes,
        ConnectVersion.parse("2024.08.0"));
  }

  @Test
  void acceptsACompleteDocument() {
    ClusterDocument doc = document("prod", "connect-db", null, "fs-0123abcd", Map.of("eu-west-1a", "subnet-a"), 2);
    assertEquals("prod", doc.name());
    assertEquals(Map.of("eu-west-1a", "subnet-a"), doc.subnetsByAz());
  }

  @Test
  void acceptsAnAuroraClusterInsteadOfAnInstance() {
    ClusterDocument doc = document("prod", null, "connect-aurora", "fs-0123abcd", Map.of(), 2);
    assertEquals("connect-aurora", doc.dbClusterId());
  }

  @Test
  void rejectsAnInvalidName() {
    assertThrows(InvalidInputException.class,
        () -> document("Prod", "connect-db", null, "fs-0123abcd", Map.of(), 2));
  }

  @Test
  void rejectsBothDatabaseKinds() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> document("prod", "connect-db", "connect-aurora", "fs-0123abcd", Map.of(), 2));
    assertTrue(e.getMessage().contains("exactly one"), e.getMessage());
  }

  @Test
  void rejectsNoDatabase() {
    assertThrows(InvalidInputException.class, () -> document("prod", null, null, "fs-0123abcd", Map.of(), 2));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  "})
  void rejectsABlankFileSystem(String fileSystemId) {
    assertThrows(InvalidInputException.class, () -> document("prod", "connect-db", null, fileSystemId, Map.of(), 2));
  }

  @Test
  void rejectsAMissingFileSystem() {
    assertThrows(InvalidInputException.class, () -> document("prod", "connect-db", null, null, Map.of(), 2));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1})
  void rejectsFewerThanOneDesiredNode(int desiredNodes) {
    assertThrows(InvalidInputException.class,
        () -> document("prod", "connect-db", null, "fs-0123abcd", Map.of(), desiredNodes));
  }

  @Test
  void treatsMissingSubnetsAsNone() {
    assertEquals(Map.of(), document("prod", "connect-db", null, "fs-0123abcd", null, 1).subnetsByAz());
  }

  @Test
  void keepsItsOwnCopyOfTheSubnets() {
    Map<String, String> subnets = new HashMap<>(Map.of("eu-west-1a", "subnet-a"));
    ClusterDocument doc = document("prod", "connect-db", null, "fs-0123abcd", subnets, 1);
    subnets.put("eu-west-1b", "subnet-b");
    assertEquals(Map.of("eu-west-1a", "subnet-a"), doc.subnetsByAz());
    assertThrows(UnsupportedOperationException.class, () -> doc.subnetsByAz().put("x", "y"));
  }

  @Test
  void readsFromJsonWithTheVersionAsText() throws Exception {
    String json = """
        {"name":"prod","dbInstanceId":"connect-db","fileSystemId":"fs-0123abcd",
         "subnetsByAz":{"eu-west-1a":"subnet-a"},"desiredNodes":2,"connectVersion":"2024.08.0",
         "somethingNew":"ignored"}""";
    ClusterDocument doc = Json.MAPPER.readValue(json, ClusterDocument.class);
    assertEquals(ConnectVersion.parse("2024.08.0"), doc.connectVersion());
    assertEquals(2, doc.desiredNodes());
    assertEquals(null, doc.targetGroupArn());
  }
}
