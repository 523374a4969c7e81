package dev.connectha.provision;

import static dev.connectha.provision.ProvisionedCluster.NAME;
import static dev.connectha.provision.ProvisionedCluster.SUBNET_A;
import static dev.connectha.provision.ProvisionedCluster.SUBNET_B;
import static dev.connectha.provision.ProvisionedCluster.TARGET_GROUP;
import static dev.connectha.provision.ProvisionedCluster.TEMPLATE;
import static dev.connectha.provision.Lambdas.invoke;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.errors.ClusterNotFoundException;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.UnsafeToProceedException;
import dev.connectha.fakes.FakeClusterLocks;
import dev.connectha.fakes.FakeClusterRegistry;
import dev.connectha.fakes.FakeNodeDirectory;
import dev.connectha.fakes.FakeNodeLauncher;
import dev.connectha.fakes.FakeTargetGroupSettings;
import dev.connectha.fakes.FakeTargetRegistrations;
import dev.connectha.json.Json;
import dev.connectha.model.LoadBalancing;
import dev.connectha.model.Node;
import dev.connectha.model.TargetHealth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PlanRetire, PlanCapacity and LaunchNode's terminate over JSON, as Step Functions calls them. */
class RetireAndCapacityHandlersTest {
  private static final String NODE_A = "i-0aaaaaaaaaaaaaaa1";
  private static final String NODE_B = "i-0bbbbbbbbbbbbbbb1";

  private final List<String> calls = new ArrayList<>();
  private final FakeClusterRegistry registry = new FakeClusterRegistry(calls, ProvisionedCluster.provisioned());
  private final FakeNodeDirectory nodes = new FakeNodeDirectory(calls, List.of(
      new Node(NODE_A, "us-east-1a", SUBNET_A, "running", "10.0.0.10"),
      new Node(NODE_B, "us-east-1b", SUBNET_B, "running", "10.0.1.10")));
  private final FakeNodeLauncher launcher = new FakeNodeLauncher(calls, Map.of(SUBNET_A, "us-east-1a", SUBNET_B, "us-east-1b"));
  private final FakeTargetGroupSettings targets = new FakeTargetGroupSettings(calls, new LoadBalancing(TARGET_GROUP, List.of(),
      true, "lb_cookie", "true", true, "/__ping__",
      List.of(new TargetHealth(NODE_A, "healthy", null), new TargetHealth(NODE_B, "healthy", null)), 45));
  private final PlanRetireHandler retire = new PlanRetireHandler(new RetirePlanner(registry, nodes, targets, launcher, new FakeClusterLocks(calls)), "ConnectHaTest");
  private final PlanCapacityHandler capacity = new PlanCapacityHandler(
      new CapacityPlanner(registry, nodes, ProvisionedCluster.fileSystems(calls)), "ConnectHaTest");
  private final LaunchNodeHandler launch = new LaunchNodeHandler(new NodeLaunching(launcher, registry,
      new FakeTargetRegistrations(calls, 3939, List.of())), "ConnectHaTest");

  // ---- PlanRetire ------------------------------------------------------------------------------

  @Test
  void givenAForcedRetirementOverJsonWhenPlannedThenEveryFieldTheWorkflowReadsIsAnswered() throws Exception {
    JsonNode plan = invoke(retire, "{\"cluster\":\"demo\",\"instanceId\":\"" + NODE_B + "\",\"force\":true,\"executionId\":\"arn:exec:r\"}");

    assertEquals(Json.MAPPER.readTree("{\"cluster\":\"demo\",\"instanceId\":\"" + NODE_B + "\",\"az\":\"us-east-1b\",\"running\":true,"
        + "\"healthy\":true,\"healthyAfter\":1,\"minHealthy\":1,\"drainSeconds\":45,\"licensed\":true}"),
        withoutNulls(plan));
    assertTrue(!plan.has("launchedBy") || plan.path("launchedBy").isNull(), plan.toString());
  }

  @Test
  void givenAnUnforcedRetirementOfANodeTheControlPlaneDidNotLaunchThenTheHandlerFailsUnsafe() {
    UnsafeToProceedException e = assertThrows(UnsafeToProceedException.class,
        () -> invoke(retire, "{\"cluster\":\"demo\",\"instanceId\":\"" + NODE_A + "\",\"drainSeconds\":0}"));

    assertTrue(e.getMessage().contains("set force"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"not json", "{}", "{\"cluster\":\"demo\"}", "{\"cluster\":\"demo\",\"instanceId\":\"i-1\"}",
      "{\"cluster\":\"demo\",\"instanceId\":\"i-0123abcd\",\"drainSeconds\":3601}",
      "{\"cluster\":\"demo\",\"instanceId\":\"i-0123abcd\",\"drainSeconds\":\"soon\"}",
      "{\"cluster\":\"Demo\",\"instanceId\":\"i-0123abcd\"}"})
  void givenMalformedPlanRetireInputThenInvalidInputBeforeAnyCall(String json) {
    assertThrows(InvalidInputException.class, () -> invoke(retire, json), json);

    assertEquals(List.of(), calls);
  }

  @Test
  void givenAnUnregisteredClusterThenPlanRetireIsClusterNotFound() {
    assertThrows(ClusterNotFoundException.class, () -> invoke(retire, "{\"cluster\":\"ghost\",\"instanceId\":\"" + NODE_A + "\"}"));
  }

  // ---- PlanCapacity ----------------------------------------------------------------------------

  @Test
  void givenASizeOverJsonWhenPlannedThenTheLaunchesAndCountsPerZoneAreAnswered() throws Exception {
    JsonNode plan = invoke(capacity, "{\"cluster\":\"demo\",\"desiredNodes\":4,\"executionId\":\"arn:exec:c\"}");

    assertEquals(Json.MAPPER.readTree("{\"cluster\":\"demo\",\"desiredNodes\":4,\"nodes\":2,"
        + "\"nodesByAz\":{\"us-east-1a\":1,\"us-east-1b\":1,\"us-east-1c\":0},"
        + "\"launches\":[{\"az\":\"us-east-1c\",\"index\":0},{\"az\":\"us-east-1a\",\"index\":1}],\"retirements\":[],"
        + "\"afterByAz\":{\"us-east-1a\":2,\"us-east-1b\":1,\"us-east-1c\":1},\"keepHealthy\":null}"), plan);
  }

  @Test
  void givenNoSizeOverJsonThenTheDocumentsSizeIsKept() throws Exception {
    JsonNode plan = invoke(capacity, "{\"cluster\":\"demo\"}");

    assertEquals(2, plan.path("desiredNodes").asInt());
    assertEquals(0, plan.path("launches").size());
    assertEquals(0, plan.path("retirements").size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"not json", "{}", "{\"cluster\":\"demo\",\"desiredNodes\":-1}", "{\"cluster\":\"demo\",\"desiredNodes\":101}",
      "{\"cluster\":\"demo\",\"desiredNodes\":\"two\"}", "{\"cluster\":\"Demo\"}"})
  void givenMalformedPlanCapacityInputThenInvalidInputBeforeAnyCall(String json) {
    assertThrows(InvalidInputException.class, () -> invoke(capacity, json), json);

    assertEquals(List.of(), calls);
  }

  // ---- LaunchNode terminate --------------------------------------------------------------------

  @Test
  void givenATerminateOverJsonThenTheNodeIsTerminatedAndTheReportSaysSo() throws Exception {
    String id = invoke(launch, "{\"cluster\":\"demo\",\"action\":\"launch\",\"executionId\":\"arn:exec:1\","
        + "\"az\":\"us-east-1a\",\"subnetId\":\"" + SUBNET_A + "\",\"launchTemplate\":\"" + TEMPLATE + "\"}").path("instanceId").asText();

    JsonNode report = invoke(launch,
        "{\"cluster\":\"demo\",\"action\":\"terminate\",\"executionId\":\"arn:exec:r\",\"instanceId\":\"" + id + "\"}");

    assertEquals("terminate", report.path("action").asText());
    assertEquals(id, report.path("instanceId").asText());
    assertEquals("terminated", report.path("state").asText());
    assertEquals("terminated", launcher.instances.get(id).node().state());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"cluster\":\"demo\",\"action\":\"terminate\",\"executionId\":\"e\"}",
      "{\"cluster\":\"demo\",\"action\":\"terminate\",\"executionId\":\"e\",\"instanceId\":\"i-1\"}",
      "{\"cluster\":\"demo\",\"action\":\"terminate\",\"instanceId\":\"i-0123abcd\"}"})
  void givenAMalformedTerminateThenInvalidInputBeforeAnyCall(String json) {
    assertThrows(InvalidInputException.class, () -> invoke(launch, json), json);

    assertEquals(List.of(), calls);
  }

  private static JsonNode withoutNulls(JsonNode node) {
    com.fasterxml.jackson.databind.node.ObjectNode copy = node.deepCopy();
    List<String> nulls = new ArrayList<>();
    copy.fieldNames().forEachRemaining(name -> {
      if (copy.get(name).isNull()) {
        nulls.add(name);
      }
    });
    copy.remove(nulls);
    return copy;
  }
}
