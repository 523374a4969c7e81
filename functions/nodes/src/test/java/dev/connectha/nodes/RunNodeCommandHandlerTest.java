package dev.connectha.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.config.DocumentKind;
import dev.connectha.ports.NodeCommands.CommandResult;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The handler over JSON, as Step Functions and operators call it. */
class RunNodeCommandHandlerTest {
  private final NodeControlTest fakes = new NodeControlTest();
  private final RunNodeCommandHandler handler = new RunNodeCommandHandler(fakes.control, "ConnectHaTest");

  private String invoke(String input) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, null);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void answersTheSampleEventShapeWithEveryNodesResult() throws Exception {
    fakes.commands.scripted.put(NodeControlTest.NODE_B, new CommandResult(NodeControlTest.NODE_B, "Success",
        "{\"connectVersion\":\"2024.08.0\",\"serviceState\":\"inactive\",\"ping\":false}", ""));

    JsonNode report = Json.MAPPER.readTree(invoke("{\"cluster\":\"prod\",\"document\":\"status\",\"pollSeconds\":1}"));

    assertEquals("prod", report.path("cluster").asText());
    assertEquals("status", report.path("document").asText());
    assertEquals(NodeControlTest.doc(DocumentKind.CONNECT_STATUS), report.path("documentName").asText());
    assertTrue(report.path("allSucceeded").asBoolean());
    JsonNode second = report.path("results").get(1);
    assertEquals(NodeControlTest.NODE_B, second.path("instanceId").asText());
    assertEquals("Success", second.path("status").asText());
    assertEquals("inactive", second.path("serviceState").asText());
    assertFalse(second.path("ping").asBoolean(true));
    assertEquals("2024.08.0", second.path("connectVersion").asText());
    assertTrue(second.path("succeeded").asBoolean());
    assertFalse(second.has("error"), "null fields are left out");
  }

  @Test
  void aFailedNodeIsInTheOutputNotAnError() throws Exception {
    fakes.commands.scripted.put(NodeControlTest.NODE_A,
        new CommandResult(NodeControlTest.NODE_A, "Failed", "", "ConnectHa-StartConnect: rstudio-connect is failed"));

    JsonNode report = Json.MAPPER.readTree(invoke("{\"cluster\":\"prod\",\"document\":\"start\"}"));

    assertFalse(report.path("allSucceeded").asBoolean(true));
    assertEquals("start Failed: ConnectHa-StartConnect: rstudio-connect is failed",
        report.path("results").get(0).path("error").asText());
  }

  @Test
  void anUnknownDocumentIsInvalidInputAndNothingIsCalled() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> invoke("{\"cluster\":\"prod\",\"document\":\"reboot\"}"));

    assertTrue(e.getMessage().contains("'reboot'"), e.getMessage());
    assertEquals(List.of(), fakes.calls);
  }

  @Test
  void instanceIdsThatAreNotAListAreInvalidInput() {
    assertThrows(InvalidInputException.class,
        () -> invoke("{\"cluster\":\"prod\",\"document\":\"stop\",\"instanceIds\":{\"a\":1}}"));
    assertEquals(List.of(), fakes.calls);
  }

  @Test
  void anOutsiderIsAPreconditionFailureBeforeAnySend() {
    assertThrows(PreconditionFailedException.class, () -> invoke(
        "{\"cluster\":\"prod\",\"document\":\"stop\",\"instanceIds\":[\"" + NodeControlTest.OUTSIDER + "\"]}"));
    assertTrue(fakes.calls.stream().noneMatch(c -> c.startsWith("commands.run")), fakes.calls.toString());
  }

  @Test
  void aStageOverJsonSendsTheVersionAndReportsTheStagedPackage() throws Exception {
    JsonNode report = Json.MAPPER.readTree(invoke(
        "{\"cluster\":\"prod\",\"document\":\"stage\",\"version\":\"2024.10.0\",\"pollSeconds\":1}"));

    assertTrue(report.path("allSucceeded").asBoolean(), report.toString());
    assertEquals(NodeControlTest.doc(DocumentKind.STAGE_CONNECT), report.path("documentName").asText());
    assertEquals("/var/cache/connect-ha/packages/rstudio-connect_2024.10.0~ubuntu22_amd64.deb",
        report.path("results").get(0).path("staged").asText());
    assertEquals(List.of("2024.10.0"), fakes.commands.parameters.get(0).get("version"));
  }

  @Test
  void aStartExpectingAnotherVersionOverJsonReportsBothVersions() throws Exception {
    JsonNode report = Json.MAPPER.readTree(invoke(
        "{\"cluster\":\"prod\",\"document\":\"start\",\"expectVersion\":\"2024.10.0\"}"));

    assertFalse(report.path("allSucceeded").asBoolean(true));
    assertEquals("Connect 2024.08.0 is installed, expected Connect 2024.10.0",
        report.path("results").get(0).path("error").asText());
  }

  @Test
  void anInstallWithoutAVersionIsInvalidInputAndNothingIsCalled() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> invoke("{\"cluster\":\"prod\",\"document\":\"install\"}"));

    assertTrue(e.getMessage().startsWith("version is required to install"), e.getMessage());
    assertEquals(List.of(), fakes.calls);
  }
}
