package dev.connectha.provision;

import static dev.connectha.provision.Lambdas.invoke;
import static dev.connectha.provision.ProvisionedCluster.NAME;
import static dev.connectha.provision.ProvisionedCluster.SUBNET_A;
import static dev.connectha.provision.ProvisionedCluster.SUBNET_B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.fakes.FakeClusterRegistry;
import dev.connectha.fakes.FakeNodeLauncher;
import dev.connectha.fakes.FakeTargetRegistrations;
import dev.connectha.model.Node;
import dev.connectha.ports.NodeLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * LaunchNode's {@code quarantine}, remediation's retirement of a failed node connect-ha did not
 * launch: stopped, not terminated, tagged for an operator; a node of another cluster is refused.
 */
class NodeQuarantineTest {
  private static final String FOREIGN = "i-0000000000000000a";

  private final List<String> calls = new ArrayList<>();
  private final FakeNodeLauncher launcher = new FakeNodeLauncher(calls, Map.of(SUBNET_A, "us-east-1a", SUBNET_B, "us-east-1b"));
  private final NodeLaunching launching = new NodeLaunching(launcher, new FakeClusterRegistry(calls, ProvisionedCluster.provisioned()),
      new FakeTargetRegistrations(calls, 3939, List.of()));
  private final LaunchNodeHandler handler = new LaunchNodeHandler(launching, "ConnectHaTest");

  private static LaunchNodeInput quarantine(String cluster, String instanceId, String reason) {
    return new LaunchNodeInput(cluster, "quarantine", "exec-remediate", null, null, null, instanceId, null, null, reason);
  }

  private void foreign(String cluster, String state) {
    launcher.adopt(new Node(FOREIGN, "us-east-1a", SUBNET_A, state, "10.0.0.5"), cluster, null);
  }

  @Test
  void aQuarantinedNodeIsStoppedNotTerminatedAndTaggedWithTheReason() {
    foreign(NAME, "running");

    LaunchReport report = launching.run(quarantine(NAME, FOREIGN, "node-dead: SSM agent offline"));

    assertEquals(new LaunchReport("quarantine", FOREIGN, null, "stopped", List.of(), true), report);
    assertEquals("stopped", launcher.node(FOREIGN).state());
    assertEquals(Map.of(FOREIGN, "node-dead: SSM agent offline"), launcher.needsOperator);
    assertEquals(List.of("change launcher.quarantine " + FOREIGN), calls.stream().filter(c -> c.startsWith("change ")).toList());
  }

  @Test
  void aQuarantinedNodeLeavesTheTargetGroupAfterItIsStoppedSoItIsNotCountedAsFailingAgain() {
    NodeLaunching registered = new NodeLaunching(launcher, new FakeClusterRegistry(calls, ProvisionedCluster.provisioned()),
        new FakeTargetRegistrations(calls, 3939, List.of(), FOREIGN));
    foreign(NAME, "running");

    registered.run(quarantine(NAME, FOREIGN, "node-dead"));

    assertEquals(List.of("change launcher.quarantine " + FOREIGN, "change deregister [" + FOREIGN + ":3939]"),
        calls.stream().filter(c -> c.startsWith("change ")).toList());
  }

  @Test
  void theAnswerOverJsonIsTheInstanceAndStoppedTrue() throws Exception {
    foreign(NAME, "stopped");

    JsonNode out = invoke(handler, Files.readString(Path.of("../../events/LaunchNodeFunction.quarantine.json"))
        .replace("i-097dc3c8f4704e8e6", FOREIGN));

    assertEquals(FOREIGN, out.path("instanceId").asText());
    assertTrue(out.path("stopped").asBoolean());
    assertTrue(launcher.needsOperator.get(FOREIGN).startsWith("node-dead since "), launcher.needsOperator.toString());
  }

  @Test
  void aLongReasonIsCutToWhatATagHolds() {
    foreign(NAME, "running");

    launching.run(quarantine(NAME, FOREIGN, "x".repeat(300)));

    assertEquals("x".repeat(NodeLauncher.TAG_VALUE_MAX), launcher.needsOperator.get(FOREIGN));
  }

  @Test
  void withoutAReasonTheTagNamesTheExecution() {
    LaunchNodeInput input = quarantine(NAME, FOREIGN, null);

    assertTrue(input.reason().contains("exec-remediate"), input.reason());
  }

  @Test
  void aNodeOfAnotherClusterIsInvalidInputAndNothingChanges() {
    foreign("other", "running");

    assertThrows(InvalidInputException.class, () -> launching.run(quarantine(NAME, FOREIGN, "dead")));

    assertEquals("running", launcher.node(FOREIGN).state());
    assertEquals(Map.of(), launcher.needsOperator);
    assertTrue(calls.stream().noneMatch(c -> c.startsWith("change ")), calls.toString());
  }

  @Test
  void anUnknownInstanceIsInvalidInputAndNothingChanges() {
    assertThrows(InvalidInputException.class, () -> launching.run(quarantine(NAME, FOREIGN, "dead")));

    assertTrue(calls.stream().noneMatch(c -> c.startsWith("change ")), calls.toString());
  }

  @Test
  void aQuarantineWithoutAnInstanceIdIsInvalidInputBeforeAnyCall() {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> quarantine(NAME, null, "dead"));

    assertTrue(e.getMessage().startsWith("instanceId: not an EC2 instance id: "), e.getMessage());
    assertEquals(List.of(), calls);
  }

  @Test
  void theOtherActionsAnswerWithoutAStoppedField() throws Exception {
    JsonNode out = invoke(handler, "{\"cluster\":\"demo\",\"action\":\"remove\",\"executionId\":\"exec-1\"}");

    assertFalse(out.has("stopped"), out.toString());
  }
}
