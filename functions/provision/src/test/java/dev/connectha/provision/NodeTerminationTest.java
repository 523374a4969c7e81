package dev.connectha.provision;

import static dev.connectha.provision.ProvisionedCluster.NAME;
import static dev.connectha.provision.ProvisionedCluster.SUBNET_A;
import static dev.connectha.provision.ProvisionedCluster.SUBNET_B;
import static dev.connectha.provision.ProvisionedCluster.TEMPLATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.UnsafeToProceedException;
import dev.connectha.fakes.FakeClusterRegistry;
import dev.connectha.fakes.FakeNodeLauncher;
import dev.connectha.fakes.FakeTargetRegistrations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** LaunchNode's {@code terminate}, retire-node's last step: the one node named, of the cluster named, and nothing else. */
class NodeTerminationTest {
  /** Every adapter call, in order, across all fakes; changes start with {@code change}. */
  private final List<String> calls = new ArrayList<>();
  private final FakeNodeLauncher launcher = new FakeNodeLauncher(calls, Map.of(SUBNET_A, "us-east-1a", SUBNET_B, "us-east-1b"));
  private final NodeLaunching launching = new NodeLaunching(launcher, new FakeClusterRegistry(calls, ProvisionedCluster.provisioned()),
      new FakeTargetRegistrations(calls, 3939, List.of()));

  private String launched(String cluster, String execution, String az, String subnetId) {
    String id = launching.run(new LaunchNodeInput(cluster, "launch", execution, az, subnetId, TEMPLATE, null, null, null)).instanceId();
    calls.clear();
    return id;
  }

  private static LaunchNodeInput terminate(String cluster, String instanceId) {
    return new LaunchNodeInput(cluster, "terminate", "exec-retire", null, null, null, instanceId, null, null);
  }

  @Test
  void givenANodeWhenTerminatedThenExactlyThatNodeIsTerminatedAndNothingElseIsAsked() {
    String retiring = launched(NAME, "exec-1", "us-east-1a", SUBNET_A);
    String staying = launched(NAME, "exec-1", "us-east-1b", SUBNET_B);

    LaunchReport report = launching.run(terminate(NAME, retiring));

    assertEquals(new LaunchReport("terminate", retiring, null, "terminated", List.of()), report);
    assertEquals(List.of("change launcher.terminate " + retiring), calls);
    assertEquals("terminated", launcher.instances.get(retiring).node().state());
    assertEquals("running", launcher.instances.get(staying).node().state());
  }

  @Test
  void givenANodeAnotherExecutionLaunchedWhenTerminatedThenItIsTerminatedAllTheSame() {
    String retiring = launched(NAME, "exec-provision", "us-east-1a", SUBNET_A);

    launching.run(new LaunchNodeInput(NAME, "terminate", "exec-retire", null, null, null, retiring, null, null));

    assertEquals("terminated", launcher.instances.get(retiring).node().state());
  }

  @Test
  void givenANodeOfAnotherClusterWhenTerminatedThenTheLauncherIsToldTheClusterAndRefuses() {
    String theirs = launched("other", "exec-1", "us-east-1a", SUBNET_A);

    assertThrows(UnsafeToProceedException.class, () -> launching.run(terminate(NAME, theirs)));

    assertEquals("running", launcher.instances.get(theirs).node().state());
  }

  @Test
  void givenAnAlreadyTerminatedNodeWhenTerminatedAgainThenTheReportIsTheSame() {
    String retiring = launched(NAME, "exec-1", "us-east-1a", SUBNET_A);
    LaunchReport first = launching.run(terminate(NAME, retiring));

    LaunchReport again = launching.run(terminate(NAME, retiring));

    assertEquals(first, again);
  }

  @Test
  void givenOnlyTheClusterTheExecutionAndTheNodeThenATerminateIsAccepted() {
    LaunchNodeInput input = terminate(NAME, "i-0123abcd");

    assertEquals("terminate", input.action());
    assertEquals("i-0123abcd", input.instanceId());
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"i-123", "i-0123ABCD", "node-1", "i-0123456789abcdef01"})
  void givenATerminateWithoutAValidInstanceIdThenInvalidInputNamingItBeforeAnyCall(String instanceId) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> terminate(NAME, instanceId));

    assertTrue(e.getMessage().startsWith("instanceId: not an EC2 instance id: "), e.getMessage());
    assertEquals(List.of(), calls);
  }

  @Test
  void givenATerminateWithoutAnExecutionIdThenInvalidInput() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> new LaunchNodeInput(NAME, "terminate", null, null, null, null, "i-0123abcd", null, null));

    assertTrue(e.getMessage().startsWith("executionId "), e.getMessage());
  }
}
