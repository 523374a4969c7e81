package dev.connectha.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.fakes.FakeIncidents;
import dev.connectha.json.Json;
import dev.connectha.model.remediation.Incident;
import dev.connectha.model.remediation.IncidentKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentCloserTest {
  private static final Instant SINCE = Instant.parse("2025-03-04T10:15:00Z");
  private static final Instant NOW = SINCE.plusSeconds(420);
  private static final Incident INCIDENT = new Incident("demo", IncidentKind.NODE_DEAD, "i-0123456789abcdef0", SINCE);
  private static final String MINE = "demo-i-0123456789abcdef0-20250304T101500Z";

  private final List<String> calls = new ArrayList<>();
  private final FakeIncidents incidents = new FakeIncidents(calls);
  private final IncidentCloser closer = new IncidentCloser(incidents, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void theExecutionHandlingAnIncidentClosesItWithItsOutcomeAndTimeToRepair() {
    incidents.open(INCIDENT, MINE, SINCE.plusSeconds(86_400));

    CloseIncidentResult result = closer.close(new CloseIncidentInput("demo", INCIDENT, MINE, "replaced", "one node", "x"));

    assertEquals(new CloseIncidentResult(true, "replaced", 420), result);
    assertEquals("closed", incidents.records.get(INCIDENT.key()).status());
    assertEquals(NOW, incidents.records.get(INCIDENT.key()).closedAt());
  }

  @Test
  void closeIsRefusedForAnotherExecution() {
    incidents.open(INCIDENT, MINE, SINCE.plusSeconds(86_400));

    CloseIncidentResult result = closer.close(new CloseIncidentInput("demo", INCIDENT, "someone-else", "resolved", null, null));

    assertEquals(new CloseIncidentResult(false, "resolved", 420), result);
    assertEquals("open", incidents.records.get(INCIDENT.key()).status());
  }

  @Test
  void aMalformedCloseIsInvalidInputWithZeroCalls() throws Exception {
    CloseIncidentHandler handler = new CloseIncidentHandler(closer, "ConnectHa");
    List<String> inputs = List.of(
        "{\"cluster\": \"demo\", \"execution\": \"x\", \"outcome\": \"resolved\"}",
        "{\"cluster\": \"demo\", \"incident\": {\"cluster\": \"demo\", \"kind\": \"node-dead\", \"subject\": \"i-1\","
            + " \"since\": \"2025-03-04T10:15:00Z\"}, \"execution\": \"x\", \"outcome\": \"fixed\"}",
        "{\"cluster\": \"prod\", \"incident\": {\"cluster\": \"demo\", \"kind\": \"node-dead\", \"subject\": \"i-1\","
            + " \"since\": \"2025-03-04T10:15:00Z\"}, \"execution\": \"x\", \"outcome\": \"resolved\"}",
        "{\"cluster\": \"demo\", \"incident\": {\"cluster\": \"demo\", \"kind\": \"node-dead\", \"subject\": \"i-1\","
            + " \"since\": \"2025-03-04T10:15:00Z\"}, \"outcome\": \"resolved\"}",
        "{\"cluster\": \"demo\", \"incident\": {\"cluster\": \"demo\", \"kind\": \"broken\", \"subject\": \"i-1\","
            + " \"since\": \"2025-03-04T10:15:00Z\"}, \"execution\": \"x\", \"outcome\": \"resolved\"}");
    for (String input : inputs) {
      assertThrows(InvalidInputException.class, () -> handler.handleRequest(
          new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), null), input);
    }
    assertEquals(List.of(), calls);
  }

  @Test
  void theSampleEventIsAValidClose() throws Exception {
    CloseIncidentInput input = Json.MAPPER.readValue(Files.readString(Path.of("../../events/CloseIncidentFunction.json")),
        CloseIncidentInput.class);

    assertEquals("demo", input.cluster());
    assertEquals("resolved", input.outcome());
  }
}
