package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.config.DocumentKind;
import dev.connectha.errors.ErrorNames;
import dev.connectha.localcloud.twin.SimNode;
import dev.connectha.localcloud.twin.Twin;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * statemachines/install-node.asl.json on the local cloud: one node onto a version (install, start,
 * expect the version, register, wait healthy) with its retry budget; a node that does not serve is
 * a result saying whether a start was sent to it, and only bad input fails the execution.
 */
@ExtendWith(LocalCloudExtension.class)
class InstallNodeIT {
  private static final String OLD = "2024.08.0";
  private static final String NEW = "2024.10.0";
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private final LocalCloud cloud;
  private final Functions functions;
  private SimNode node;

  InstallNodeIT(LocalCloud cloud) {
    this.cloud = cloud;
    this.functions = new Functions(cloud);
  }

  /** GIVEN node 1 of two, with the new package staged and Connect stopped (as the upgrade leaves it). */
  @BeforeEach
  void aStoppedNodeWithTheNewPackageStaged() {
    cloud.reset(Twin.Spec.defaults());
    node = cloud.twin().node(1);
    String ids = "[\"" + node.instanceId + "\"]";
    functions.run("RunNodeCommandFunction", "{\"cluster\":\"demo\",\"document\":\"stage\",\"version\":\"" + NEW
        + "\",\"pollSeconds\":1,\"instanceIds\":" + ids + "}");
    functions.run("RunNodeCommandFunction", "{\"cluster\":\"demo\",\"document\":\"stop\",\"pollSeconds\":1,\"instanceIds\":" + ids + "}");
    cloud.gateway().resetCounts();
  }

  private LocalCloud.Execution install(String fields) {
    return cloud.run("InstallNodeStateMachine", "{\"cluster\":\"demo\",\"node\":\"" + node.instanceId + "\",\"version\":\"" + NEW
        + "\",\"pollSeconds\":1" + fields + "}", "install-node-" + UUID.randomUUID(), TIMEOUT);
  }

  private String targetHealth() {
    String targetGroupArn = cloud.clients().elb.describeTargetGroups(b -> b.names("demo-connect")).targetGroups().get(0)
        .targetGroupArn();
    return cloud.clients().elb.describeTargetHealth(b -> b.targetGroupArn(targetGroupArn)).targetHealthDescriptions().stream()
        .filter(d -> d.target().id().equals(node.instanceId)).findFirst().orElseThrow().targetHealth().stateAsString();
  }

  @Test
  void installsStartsRegistersAndWaitsUntilTheNodeServesTheVersion() throws Exception {
    LocalCloud.Execution run = install("");

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    JsonNode result = run.output();
    assertEquals(node.instanceId, result.path("node").asText());
    assertEquals("serving", result.path("outcome").asText());
    assertTrue(result.path("started").asBoolean());
    assertEquals(NEW, result.path("version").asText());
    assertEquals(1, result.path("attempts").asInt());
    assertFalse(result.path("healthyAt").asText().isBlank());
    assertTrue(result.path("error").isNull(), result.toString());
    assertTrue(node.serviceActive);
    assertEquals(NEW, node.connectVersion);
    assertEquals("healthy", targetHealth());
    assertEquals(1, cloud.lambda().invocationCounts().getOrDefault("connect-ha-ChangeTargets", 0),
        cloud.lambda().invocationCounts().toString());
  }

  @Test
  void theSampleEventIsAValidInput() throws Exception {
    String sample = Files.readString(cloud.root().resolve("events/InstallNodeStateMachine.json"))
        .replaceAll("i-[0-9a-f]{17}", node.instanceId);

    LocalCloud.Execution run = cloud.run("InstallNodeStateMachine", sample, "install-node-" + UUID.randomUUID(), TIMEOUT);

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    assertEquals("serving", run.output().path("outcome").asText());
  }

  @Test
  void aNodeTheCallerRegisteredIsOnlyWaitedFor() {
    LocalCloud.Execution run = install(",\"register\":false");

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    assertEquals("serving", run.output().path("outcome").asText());
    assertFalse(cloud.lambda().invocationCounts().containsKey("connect-ha-ChangeTargets"),
        cloud.lambda().invocationCounts().toString());
  }

  @Test
  void aFailedStartIsRetriedForwardWithinTheBudget() {
    cloud.twin().failNextCommand(DocumentKind.START_CONNECT, node.instanceId, "rstudio-connect failed to start");

    LocalCloud.Execution run = install(",\"retryBudget\":1");

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    assertEquals("serving", run.output().path("outcome").asText());
    assertEquals(2, run.output().path("attempts").asInt());
    assertEquals(NEW, node.connectVersion);
  }

  @Test
  void withoutRetryBeforeStartAFailedInstallIsAResultNotARetry() {
    cloud.twin().failNextCommand(DocumentKind.INSTALL_CONNECT, node.instanceId, "dpkg: error processing package");

    LocalCloud.Execution run = install(",\"retryBudget\":3,\"retryBeforeStart\":false");

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    assertEquals("failed", run.output().path("outcome").asText());
    assertFalse(run.output().path("started").asBoolean(true), "no start was sent");
    assertEquals(1, run.output().path("attempts").asInt());
    assertTrue(run.output().path("error").path("Cause").asText().contains("dpkg: error processing package"), run.output().toString());
    assertFalse(node.serviceActive);
    assertEquals(OLD, node.connectVersion);
  }

  // ---- failure injection: every Task state fails for good -------------------------------------

  static Stream<Arguments> tasks() {
    return Stream.of(
        Arguments.of("InstallNode", "RunNodeCommand", 0, false),
        Arguments.of("StartNode", "RunNodeCommand", 1, true),
        Arguments.of("RegisterNode", "ChangeTargets", 0, true),
        Arguments.of("CheckNodeHealthy", "CheckTargets", 0, true));
  }

  @ParameterizedTest(name = "{0} fails for good")
  @MethodSource("tasks")
  void aPermanentFailureAtAnyTaskIsAFailedResultSayingWhetherAStartWasSent(String state, String function, int skip,
      boolean started) {
    cloud.gateway().injectFunctionError("connect-ha-" + function, ErrorNames.UNSAFE_TO_PROCEED, skip, 1);

    LocalCloud.Execution run = install(",\"retryBudget\":0");

    assertTrue(run.succeeded(), () -> state + ": " + run.error() + ": " + run.cause());
    JsonNode result = run.output();
    assertEquals("failed", result.path("outcome").asText(), state);
    assertEquals(started, result.path("started").asBoolean(), state);
    assertEquals(ErrorNames.UNSAFE_TO_PROCEED, result.path("error").path("Error").asText(), result.toString());
    assertTrue(run.history().stream().anyMatch(e -> e.stateEnteredEventDetails() != null
        && e.stateEnteredEventDetails().name().equals(state)), state + " was not reached");
    if (!started) {
      assertFalse(node.serviceActive, "a node whose install failed is not started");
    }
  }

  @ParameterizedTest(name = "{0} fails once")
  @MethodSource("tasks")
  void aTransientFailureAtAnyTaskIsRetriedAndTheNodeServes(String state, String function, int skip, boolean started) {
    cloud.gateway().injectFunctionError("connect-ha-" + function, ErrorNames.AWS_THROTTLED, skip, 1);

    LocalCloud.Execution run = install(",\"retryBudget\":0");

    assertTrue(run.succeeded(), () -> state + ": " + run.error() + ": " + run.cause());
    assertEquals("serving", run.output().path("outcome").asText(), state);
  }

  // ---- bad input: a named error, no call at all -----------------------------------------------

  static Stream<Arguments> badInputs() {
    return Stream.of(
        Arguments.of("no node", "{\"cluster\":\"demo\",\"version\":\"2024.10.0\"}"),
        Arguments.of("not an instance id", "{\"cluster\":\"demo\",\"node\":\"web-1\",\"version\":\"2024.10.0\"}"),
        Arguments.of("no version", "{\"cluster\":\"demo\",\"node\":\"i-0a1b2c3d4e5f60002\"}"),
        Arguments.of("no cluster", "{\"node\":\"i-0a1b2c3d4e5f60002\",\"version\":\"2024.10.0\"}"),
        Arguments.of("pollSeconds not a number",
            "{\"cluster\":\"demo\",\"node\":\"i-0a1b2c3d4e5f60002\",\"version\":\"2024.10.0\",\"pollSeconds\":\"5\"}"),
        Arguments.of("retryBudget not a number",
            "{\"cluster\":\"demo\",\"node\":\"i-0a1b2c3d4e5f60002\",\"version\":\"2024.10.0\",\"retryBudget\":\"one\"}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void badInputIsANamedErrorBeforeAnyCall(String what, String input) {
    LocalCloud.Execution run = cloud.run("InstallNodeStateMachine", input, "install-node-" + UUID.randomUUID(), TIMEOUT);

    assertEquals("FAILED", run.status(), what);
    assertEquals(ErrorNames.INVALID_INPUT, run.error(), what);
    assertEquals(Map.of(), cloud.gateway().callCounts(), what);
    assertEquals(List.of(), cloud.twin().upgradeViolations());
  }
}
