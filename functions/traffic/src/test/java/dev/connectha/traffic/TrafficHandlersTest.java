package dev.connectha.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.json.Json;
import dev.connectha.lambda.JsonHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The four handlers over JSON, as Step Functions calls them: bad input fails before any adapter is called. */
class TrafficHandlersTest {
  final FakeCloud cloud = new FakeCloud();
  final ChangeTargetsHandler changeTargets = new ChangeTargetsHandler(cloud.targetControl(), "ConnectHaTest");
  final CheckTargetsHandler checkTargets = new CheckTargetsHandler(cloud.targetControl(), "ConnectHaTest");
  final MaintenancePageHandler maintenancePage = new MaintenancePageHandler(cloud.maintenancePage(), "ConnectHaTest");
  final PauseAutomationHandler pauseAutomation = new PauseAutomationHandler(cloud.automationPause(), "ConnectHaTest");

  private static JsonNode invoke(JsonHandler<?, ?> handler, String input) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, null);
    return Json.MAPPER.readTree(out.toByteArray());
  }

  private void assertRefusedBeforeAnyCall(JsonHandler<?, ?> handler, String input, String message) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> invoke(handler, input));
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertEquals(List.of(), cloud.calls, "no adapter was called");
  }

  // ---- refused before any call ----------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"cluster\":\"prod\",\"action\":\"drain\",\"instanceIds\":[\"i-0aaaaaaaaaaaaaaaa\"]}|action must be register or deregister",
      "{\"cluster\":\"prod\",\"action\":\"register\"}|instanceIds is required",
      "{\"cluster\":\"prod\",\"action\":\"register\",\"instanceIds\":[]}|instanceIds is required",
      "{\"cluster\":\"prod\",\"action\":\"register\",\"instanceIds\":[\"web-1\"]}|not an EC2 instance id: 'web-1'",
      "{\"cluster\":\"prod\",\"action\":\"deregister\",\"instanceIds\":[\"i-0aaaaaaaaaaaaaaaa\",\"i-0aaaaaaaaaaaaaaaa\"]}|named twice",
      "{\"cluster\":\"Prod!\",\"action\":\"register\",\"instanceIds\":[\"i-0aaaaaaaaaaaaaaaa\"]}|cluster name"})
  void changeTargetsRefusesBadInputBeforeAnyCall(String inputAndMessage) {
    String[] parts = inputAndMessage.split("\\|");
    assertRefusedBeforeAnyCall(changeTargets, parts[0], parts[1]);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"cluster\":\"prod\"}|expect must be one of healthy, not-serving: (missing)",
      "{\"cluster\":\"prod\",\"expect\":\"draining\"}|expect must be one of healthy, not-serving: 'draining'",
      "{\"cluster\":\"prod\",\"expect\":\"healthy\",\"instanceIds\":[]}|instanceIds is required"})
  void checkTargetsRefusesBadInputBeforeAnyCall(String inputAndMessage) {
    String[] parts = inputAndMessage.split("\\|");
    assertRefusedBeforeAnyCall(checkTargets, parts[0], parts[1]);
  }

  @Test
  void maintenancePageRefusesAnUnknownActionBeforeAnyCall() {
    assertRefusedBeforeAnyCall(maintenancePage, "{\"cluster\":\"prod\",\"action\":\"maybe\"}", "action must be on or off: 'maybe'");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"cluster\":\"prod\",\"action\":\"pause\"}|action must be suspend or resume",
      "{\"cluster\":\"prod\",\"action\":\"resume\"}|resume needs paused",
      "{\"cluster\":\"prod\",\"action\":\"suspend\",\"paused\":{\"cluster\":\"prod\"}}|suspend takes none",
      "{\"cluster\":\"prod\",\"action\":\"resume\",\"paused\":{\"cluster\":\"staging\"}}|paused describes cluster 'staging'",
      "{\"cluster\":\"prod\",\"action\":\"resume\",\"paused\":{\"cluster\":\"prod\","
          + "\"groups\":[{\"name\":\"g\",\"suspendedProcesses\":[\"Terminate\"]}]}}|Terminate is not a process PauseAutomation suspends",
      "{\"cluster\":\"prod\",\"action\":\"resume\",\"paused\":{\"cluster\":\"prod\",\"alarmsDisabled\":[\"\"]}}|not an alarm name"})
  void pauseAutomationRefusesBadInputBeforeAnyCall(String inputAndMessage) {
    String[] parts = inputAndMessage.split("\\|");
    assertRefusedBeforeAnyCall(pauseAutomation, parts[0], parts[1]);
  }

  // ---- JSON in and out ------------------------------------------------------------------------

  @Test
  void suspendsOutputIsResumesPausedInput() throws Exception {
    cloud.scaling.group("prod-connect", Set.of(FakeCloud.NODE_A, FakeCloud.NODE_B), "Terminate");
    cloud.alarms.alarm("connect-ha-prod-remediation-node-down", true, Map.of());

    JsonNode paused = invoke(pauseAutomation, "{\"cluster\":\"prod\",\"action\":\"suspend\",\"executionId\":\"e-1\"}");
    assertEquals("{\"cluster\":\"prod\",\"groups\":[{\"name\":\"prod-connect\",\"suspendedProcesses\":"
        + "[\"HealthCheck\",\"ReplaceUnhealthy\",\"AZRebalance\",\"Launch\"]}],\"alarmsDisabled\":[\"connect-ha-prod-remediation-node-down\"],"
        + "\"instanceIds\":[\"i-0aaaaaaaaaaaaaaaa\",\"i-0bbbbbbbbbbbbbbbb\"]}",
        paused.toString());

    ObjectNode resume = Json.MAPPER.createObjectNode().put("cluster", "prod").put("action", "resume");
    resume.set("paused", paused);
    JsonNode resumed = invoke(pauseAutomation, resume.toString());

    assertEquals("{\"cluster\":\"prod\",\"groups\":[{\"name\":\"prod-connect\",\"resumedProcesses\":"
        + "[\"HealthCheck\",\"ReplaceUnhealthy\",\"AZRebalance\",\"Launch\"]}],\"alarmsEnabled\":[\"connect-ha-prod-remediation-node-down\"],"
        + "\"skipped\":[],\"joined\":[]}", resumed.toString());
    assertEquals(Set.of("Terminate"), cloud.scaling.suspended.get("prod-connect"));
  }

  @Test
  void checkTargetsAnswersWhatAWaitLoopChoosesOn() throws Exception {
    JsonNode check = invoke(checkTargets, "{\"cluster\":\"prod\",\"expect\":\"healthy\"}");

    assertEquals("{\"cluster\":\"prod\",\"expect\":\"healthy\",\"allMatch\":true,\"targets\":["
        + "{\"instanceId\":\"i-0aaaaaaaaaaaaaaaa\",\"state\":\"healthy\"},{\"instanceId\":\"i-0bbbbbbbbbbbbbbbb\",\"state\":\"healthy\"}]}",
        check.toString());
  }

  @Test
  void changeTargetsAndMaintenancePageAnswerAsJson() throws Exception {
    JsonNode changed = invoke(changeTargets,
        "{\"cluster\":\"prod\",\"action\":\"deregister\",\"instanceIds\":[\"i-0bbbbbbbbbbbbbbbb\"],\"executionId\":\"e-1\"}");
    assertEquals(List.of("i-0bbbbbbbbbbbbbbbb"), Json.MAPPER.convertValue(changed.get("changed"), List.class));
    assertEquals(1, changed.get("targets").size());

    JsonNode page = invoke(maintenancePage, "{\"cluster\":\"prod\",\"action\":\"on\"}");
    assertEquals("on", page.get("action").asText());
    assertEquals(1, page.get("ruleArns").size());
    assertTrue(page.get("changed").asBoolean());
  }
}
