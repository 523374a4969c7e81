package dev.connectha.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.json.Json;
import dev.connectha.lambda.JsonHandler;
import dev.connectha.model.ClusterState;
import dev.connectha.model.FindingStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The two handlers over JSON, as Step Functions calls them: DescribeCluster's output is CheckHaReadiness's state. */
class InventoryHandlersTest {

  private static String invoke(JsonHandler<?, ?> handler, String input) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, null);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String readinessInput(ClusterState state) {
    ObjectNode input = Json.MAPPER.createObjectNode();
    input.set("state", Json.MAPPER.valueToTree(state));
    input.put("executionId", "arn:aws:states:eu-west-1:123456789012:execution:preflight:preflight-prod-1");
    return input.toString();
  }

  @Test
  void describeClusterOutputFeedsCheckHaReadiness() throws Exception {
    ClusterDescriberTest fakes = new ClusterDescriberTest();
    DescribeClusterHandler describe = new DescribeClusterHandler(fakes.describer, "ConnectHaTest");

    String described = invoke(describe, "{\"cluster\":\"prod\",\"pollSeconds\":1,\"executionId\":\"e-1\"}");
    JsonNode state = Json.MAPPER.readTree(described);
    assertEquals("2024.08.0", state.at("/cluster/connectVersion").asText());
    assertEquals("2025-06-07T08:09:10Z", state.get("describedAt").asText());

    CheckHaReadinessHandler check = new CheckHaReadinessHandler(new HaChecklist(), "ConnectHaTest");
    JsonNode report = Json.MAPPER.readTree(invoke(check, "{\"state\":" + described + "}"));
    assertEquals("PASS", report.get("verdict").asText());
    assertEquals(17, report.get("passed").asInt());
    assertEquals(0, report.get("failedRules").size());
  }

  @Test
  void checkHaReadinessReportsFailuresAsJson() throws Exception {
    ClusterState state = HealthyCluster.twoNodes().withStickiness(false, "lb_cookie").withoutReports().build();
    CheckHaReadinessHandler check = new CheckHaReadinessHandler(new HaChecklist(), "ConnectHaTest");

    ReadinessReport report = Json.MAPPER.readValue(invoke(check, readinessInput(state)), ReadinessReport.class);

    assertEquals(FindingStatus.FAIL, report.verdict());
    assertTrue(report.failedRules().contains("sticky-sessions"), report.failedRules().toString());
    assertTrue(report.summary().startsWith("Preflight of Connect cluster 'prod': FAIL"), report.summary());
  }

  @Test
  void aSingleServerWithoutLoadBalancerSurvivesTheRoundTrip() throws Exception {
    String input = readinessInput(HealthyCluster.singleServer().build());
    assertFalse(input.contains("loadBalancing"), "null fields are left out of the JSON");
    CheckHaReadinessHandler check = new CheckHaReadinessHandler(new HaChecklist(), "ConnectHaTest");

    ReadinessReport report = Json.MAPPER.readValue(invoke(check, input), ReadinessReport.class);

    assertEquals(FindingStatus.WARN, report.verdict());
  }

  @Test
  void checkHaReadinessRejectsAMissingState() {
    CheckHaReadinessHandler check = new CheckHaReadinessHandler(new HaChecklist(), "ConnectHaTest");
    assertThrows(InvalidInputException.class, () -> invoke(check, "{\"executionId\":\"e-1\"}"));
  }

  @Test
  void describeClusterRejectsABadNameBeforeCallingAnyAdapter() {
    ClusterDescriberTest fakes = new ClusterDescriberTest();
    DescribeClusterHandler describe = new DescribeClusterHandler(fakes.describer, "ConnectHaTest");

    assertThrows(InvalidInputException.class, () -> invoke(describe, "{\"cluster\":\"Prod\"}"));
    assertThrows(InvalidInputException.class, () -> invoke(describe, "{\"cluster\":\"prod\",\"pollSeconds\":61}"));
    assertThrows(InvalidInputException.class, () -> invoke(describe, "{\"cluster\":\"prod\",\"pollSeconds\":\"often\"}"));
    assertEquals(List.of(), fakes.calls);
  }
}
