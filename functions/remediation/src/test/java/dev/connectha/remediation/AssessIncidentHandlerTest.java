package dev.connectha.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.json.Json;
import dev.connectha.model.remediation.IncidentKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** AssessIncident over JSON, as the remediate workflow calls it: the output's shape and the refusals of bad input. */
class AssessIncidentHandlerTest {
  private static final String INCIDENT = "{\"cluster\":\"demo\",\"kind\":\"node-dead\",\"subject\":\"i-0000000a\",\"since\":\"2026-11-30T17:58:00Z\"}";

  private final IncidentAssessorTest world = new IncidentAssessorTest();
  private final AssessIncidentHandler handler = new AssessIncidentHandler(world.assessor, "ConnectHaTest");

  private JsonNode invoke(String json) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), out, null);
    return Json.MAPPER.readTree(out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void everyFieldOfTheAssessmentIsPresentWithNullsAndEmptyLists() throws Exception {
    world.node("i-0000000b", IncidentAssessorTest.A, "running", "healthy");
    world.node("i-0000000c", IncidentAssessorTest.B, "running", "healthy");

    JsonNode out = invoke("{\"cluster\":\"demo\",\"incident\":" + INCIDENT + ",\"executionId\":\"arn:exec:1\"}");

    assertEquals(List.of("action", "reason", "healthy", "desiredNodes", "restart", "replacements", "impairedAz", "findings",
        "replacementsLastHour", "maxReplacementsPerHour"), fieldNames(out));
    assertEquals("replace", out.path("action").asText());
    assertTrue(out.path("impairedAz").isNull());
    assertTrue(out.path("restart").isArray() && out.path("restart").isEmpty());
    assertTrue(out.path("findings").isArray() && out.path("findings").isEmpty());
    assertEquals(2, out.path("maxReplacementsPerHour").asInt(), "the breaker's default");
    JsonNode replacement = out.path("replacements").path(0);
    assertEquals(List.of("failed", "az", "avoidAzs", "retire", "force", "lost"), fieldNames(replacement));
    assertTrue(replacement.path("az").isNull(), "a gone node's zone is not known: " + replacement);
    assertEquals("none", replacement.path("retire").asText());
    assertTrue(replacement.path("force").asBoolean());
  }

  @Test
  void theSampleEventIsAValidInputForANodeDeadIncident() throws Exception {
    AssessIncidentInput sample = Json.MAPPER.readValue(Files.readString(Path.of("../../events/AssessIncidentFunction.json")),
        AssessIncidentInput.class);

    assertEquals(IncidentKind.NODE_DEAD, sample.incident().kind());
    assertTrue(sample.incident().subject().startsWith("i-"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"cluster\":\"demo\",\"executionId\":\"x\"}",
      "{\"cluster\":\"other\",\"incident\":" + INCIDENT + "}",
      "{\"cluster\":\"demo\",\"incident\":{\"cluster\":\"demo\",\"kind\":\"node-gone\",\"subject\":\"i-0000000a\",\"since\":\"2026-11-30T17:58:00Z\"}}",
      "{\"cluster\":\"demo\",\"incident\":{\"cluster\":\"demo\",\"kind\":\"node-dead\",\"subject\":\"i-0000000a\"}}",
      "{\"cluster\":\"demo\",\"incident\":" + INCIDENT + ",\"maxReplacementsPerHour\":-1}",
      "{\"cluster\":\"demo\",\"incident\":" + INCIDENT + ",\"maxReplacementsPerHour\":21}",
      "{\"cluster\":\"Demo!\",\"incident\":" + INCIDENT + "}",
      "{\"cluster\":\"demo\",\"incident\":[1]}",
      "[]",
      "not json"})
  void badInputIsInvalidInputWithNoCallAtAll(String json) {
    assertThrows(InvalidInputException.class, () -> invoke(json));

    assertEquals(List.of(), world.calls);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
