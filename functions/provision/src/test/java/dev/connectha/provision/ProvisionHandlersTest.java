package dev.connectha.provision;

import static dev.connectha.provision.ProvisionedCluster.SOURCE;
import static dev.connectha.provision.ProvisionedCluster.SUBNET_A;
import static dev.connectha.provision.ProvisionedCluster.SUBNET_B;
import static dev.connectha.provision.ProvisionedCluster.TEMPLATE;
import static dev.connectha.provision.Lambdas.invoke;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.errors.ClusterNotFoundException;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.fakes.FakeClusterLocks;
import dev.connectha.fakes.FakeClusterRegistry;
import dev.connectha.fakes.FakeLearnedStates;
import dev.connectha.fakes.FakeNodeDirectory;
import dev.connectha.fakes.FakeNodeLauncher;
import dev.connectha.fakes.FakePackageCatalog;
import dev.connectha.fakes.FakeProvisioningSources;
import dev.connectha.fakes.FakeTargetRegistrations;
import dev.connectha.json.Json;
import dev.connectha.model.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PlanProvision and LaunchNode over JSON, as Step Functions calls them. */
class ProvisionHandlersTest {
  private final List<String> calls = new ArrayList<>();
  private final FakeClusterRegistry registry = new FakeClusterRegistry(calls, ProvisionedCluster.provisioned());
  private final FakeNodeDirectory nodes = new FakeNodeDirectory(calls,
      List.of(new Node("i-0000000a", "us-east-1a", SUBNET_A, "running", "10.0.0.10")));
  private final FakeNodeLauncher launcher = new FakeNodeLauncher(calls, Map.of(SUBNET_A, "us-east-1a", SUBNET_B, "us-east-1b"));
  private final PlanProvisionHandler plan = new PlanProvisionHandler(new ProvisionPlanner(registry,
      new FakeLearnedStates(calls), nodes, new FakePackageCatalog(calls).publish(SOURCE, "2024.08.0"),
      new FakeProvisioningSources(calls).existing(ProvisionedCluster.provisioned()),
      ProvisionedCluster.fileSystems(calls), new FakeClusterLocks(calls)), "ConnectHaTest");
  private final LaunchNodeHandler launch = new LaunchNodeHandler(new NodeLaunching(launcher, registry,
      new FakeTargetRegistrations(calls, 3939, List.of())), "ConnectHaTest");

  // ---- PlanProvision ---------------------------------------------------------------------------

  @Test
  void planProvisionAnswersWithTheZoneItsSubnetTheVersionAndTheCounts() throws Exception {
    JsonNode plan = invoke(this.plan, "{\"cluster\":\"demo\",\"avoidAzs\":[\"us-east-1b\"],\"executionId\":\"arn:exec:1\"}");

    assertEquals("demo", plan.path("cluster").asText());
    assertEquals("us-east-1c", plan.path("az").asText());
    assertEquals("subnet-0cccccccccccccccc", plan.path("subnetId").asText());
    assertEquals(TEMPLATE, plan.path("launchTemplate").asText());
    assertEquals("2024.08.0", plan.path("version").asText());
    assertTrue(plan.path("licensed").asBoolean(false));
    assertEquals(Json.MAPPER.readTree("{\"us-east-1a\":1,\"us-east-1b\":0,\"us-east-1c\":0}"), plan.path("nodesByAz"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"not json", "null", "[]", "{}", "{\"cluster\":\"Demo\"}", "{\"cluster\":\"demo\",\"az\":\"nowhere\"}",
      "{\"cluster\":\"demo\",\"avoidAzs\":\"us-east-1a\"}", "{\"cluster\":\"demo\",\"avoidAzs\":[\"us-east-1\"]}",
      "{\"cluster\":\"demo\",\"az\":\"us-east-1a\",\"avoidAzs\":[\"us-east-1a\"]}", "{\"cluster\":[\"demo\"]}"})
  void planProvisionTurnsMalformedInputIntoInvalidInputBeforeAnyCall(String json) {
    assertThrows(InvalidInputException.class, () -> invoke(plan, json), json);

    assertEquals(List.of(), calls);
  }

  @Test
  void planProvisionOfAnUnregisteredClusterIsClusterNotFound() {
    assertThrows(ClusterNotFoundException.class, () -> invoke(plan, "{\"cluster\":\"ghost\"}"));
  }

  // ---- LaunchNode ------------------------------------------------------------------------------

  @Test
  void launchNodeLaunchesAwaitsAndRemovesOverJson() throws Exception {
    JsonNode launched = invoke(launch, "{\"cluster\":\"demo\",\"action\":\"launch\",\"executionId\":\"arn:exec:1\","
        + "\"az\":\"us-east-1b\",\"subnetId\":\"" + SUBNET_B + "\",\"launchTemplate\":\"" + TEMPLATE + "\"}");
    String id = launched.path("instanceId").asText();

    assertEquals("launch", launched.path("action").asText());
    assertEquals("us-east-1b", launched.path("availabilityZone").asText());
    assertEquals(List.of(id), launcher.launchedIds());

    JsonNode awaited = invoke(launch, "{\"cluster\":\"demo\",\"action\":\"await\",\"executionId\":\"arn:exec:1\","
        + "\"instanceId\":\"" + id + "\",\"pollSeconds\":0,\"timeoutSeconds\":30}");
    assertEquals("running", awaited.path("state").asText());
    assertEquals(id, awaited.path("instanceId").asText());
    assertFalse(awaited.has("removed") && awaited.path("removed").size() > 0);

    JsonNode removed = invoke(launch, "{\"cluster\":\"demo\",\"action\":\"remove\",\"executionId\":\"arn:exec:1\"}");
    assertEquals(List.of(id), Json.MAPPER.convertValue(removed.path("removed"), List.class));
    assertEquals("terminated", launcher.instances.get(id).node().state());
  }

  @ParameterizedTest
  @ValueSource(strings = {"not json", "{}", "{\"cluster\":\"demo\",\"action\":\"launch\",\"executionId\":\"e\"}",
      "{\"cluster\":\"demo\",\"action\":\"reboot\",\"executionId\":\"e\"}", "{\"cluster\":\"demo\",\"action\":\"remove\"}",
      "{\"cluster\":\"demo\",\"action\":\"await\",\"executionId\":\"e\"}",
      "{\"cluster\":\"demo\",\"action\":\"await\",\"executionId\":\"e\",\"instanceId\":\"i-0123abcd\",\"pollSeconds\":\"soon\"}",
      "{\"cluster\":\"demo\",\"action\":\"await\",\"executionId\":\"e\",\"instanceId\":\"i-0123abcd\",\"timeoutSeconds\":900}"})
  void launchNodeTurnsMalformedInputIntoInvalidInputBeforeAnyCall(String json) {
    assertThrows(InvalidInputException.class, () -> invoke(launch, json), json);

    assertEquals(List.of(), calls);
  }
}
