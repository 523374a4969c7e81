package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.config.Config;
import dev.connectha.config.DocumentKind;
import dev.connectha.errors.ErrorNames;
import dev.connectha.localcloud.twin.NodeDeath;
import dev.connectha.localcloud.twin.ConnectSchema;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.LearnedState;
import dev.connectha.localcloud.twin.Twin;
import dev.connectha.ports.NodeCommands.CommandResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/**
 * RunNodeCommandFunction on the local cloud: the project's handler in-process, the real SSM
 * documents from template.yaml run by the twin against its simulated nodes, and the load balancer's
 * view of them through DescribeTargetHealth.
 */
@ExtendWith(LocalCloudExtension.class)
class NodeControlIT {
  private static final DocumentKind STOP = DocumentKind.STOP_CONNECT;
  private static final DocumentKind START = DocumentKind.START_CONNECT;
  private static final DocumentKind STATUS = DocumentKind.CONNECT_STATUS;
  private final LocalCloud cloud;
  private final Functions functions;

  NodeControlIT(LocalCloud cloud) {
    this.cloud = cloud;
    this.functions = new Functions(cloud);
  }

  @BeforeEach
  void freshCluster() {
    cloud.reset(Twin.Spec.defaults());
  }

  // ---- helpers --------------------------------------------------------------------------------

  private LambdaRuntime.Invocation call(String input) {
    return functions.call("RunNodeCommandFunction", input);
  }

  private JsonNode run(String input) {
    return functions.run("RunNodeCommandFunction", input);
  }

  private JsonNode fail(String input) {
    return functions.fail("RunNodeCommandFunction", input);
  }

  private static String input(String document, String... instanceIds) {
    return "{\"cluster\":\"demo\",\"document\":\"" + document + "\",\"pollSeconds\":1"
        + (instanceIds.length == 0 ? "" : ",\"instanceIds\":" + Functions.json(List.of(instanceIds))) + "}";
  }

  private String id(int node) {
    return cloud.twin().node(node).instanceId;
  }

  /** Each result by instance id. */
  private static Map<String, JsonNode> byNode(JsonNode report) {
    Map<String, JsonNode> results = new TreeMap<>();
    report.path("results").forEach(r -> results.put(r.path("instanceId").asText(), r));
    return results;
  }

  /** The load balancer's view: instance id -> state (reason). */
  private Map<String, String> targetHealth() {
    String targetGroupArn = cloud.clients().elb.describeTargetGroups(b -> b.names("demo-connect"))
        .targetGroups().get(0).targetGroupArn();
    Map<String, String> health = new TreeMap<>();
    for (TargetHealthDescription d : cloud.clients().elb.describeTargetHealth(b -> b.targetGroupArn(targetGroupArn))
        .targetHealthDescriptions()) {
      health.put(d.target().id(), d.targetHealth().stateAsString()
          + (d.targetHealth().reason() == null ? "" : " (" + d.targetHealth().reasonAsString() + ")"));
    }
    return health;
  }

  private void assertNoCommandSent() {
    assertFalse(cloud.gateway().callCounts().containsKey("ssm:SendCommand"), cloud.gateway().callCounts().toString());
  }

  private void awaitState(String instanceId, InstanceStateName state) {
    Instant deadline = Instant.now().plusSeconds(10);
    while (cloud.clients().ec2.describeInstances(b -> b.instanceIds(instanceId)).reservations().get(0).instances().get(0)
        .state().name() != state) {
      assertTrue(Instant.now().isBefore(deadline), instanceId + " never became " + state);
      LocalCloud.pause(Duration.ofMillis(50));
    }
  }

  // ---- stop, start, status --------------------------------------------------------------------

  @Test
  void stoppingEveryNodeLeavesThemInactiveAndUnhealthyInTheTargetGroup() {
    JsonNode stopped = run(input("stop"));

    assertTrue(stopped.path("allSucceeded").asBoolean(), stopped.toString());
    assertEquals(cloud.documentName(STOP), stopped.path("documentName").asText());
    assertEquals(LocalCloud.STACK + "-StopConnect", stopped.path("documentName").asText(), "the stack's own document");
    assertEquals(List.of(id(0), id(1)).stream().sorted().toList(), new ArrayList<>(byNode(stopped).keySet()));
    byNode(stopped).values().forEach(r -> {
      assertEquals("Success", r.path("status").asText(), r.toString());
      assertEquals("inactive", r.path("serviceState").asText(), r.toString());
      assertEquals("2024.08.0", r.path("connectVersion").asText(), r.toString());
    });

    JsonNode status = run(input("status"));
    byNode(status).values().forEach(r -> {
      assertEquals("inactive", r.path("serviceState").asText(), r.toString());
      assertFalse(r.path("ping").asBoolean(true), r.toString());
    });
    assertTrue(status.path("allSucceeded").asBoolean(), "every node answered the status");
    assertEquals(Map.of(id(0), "unhealthy (Target.FailedHealthChecks)", id(1), "unhealthy (Target.FailedHealthChecks)"),
        targetHealth());
    assertFalse(cloud.twin().node(0).serviceActive || cloud.twin().node(1).serviceActive);
  }

  @Test
  void startingStoppedNodesMakesThemActiveAnsweringAndHealthyAgain() {
    run(input("stop"));

    JsonNode started = run(input("start"));

    assertTrue(started.path("allSucceeded").asBoolean(), started.toString());
    byNode(started).values().forEach(r -> {
      assertEquals("active", r.path("serviceState").asText(), r.toString());
      assertTrue(r.path("ping").asBoolean(), r.toString());
    });
    byNode(run(input("status"))).values().forEach(r -> {
      assertEquals("active", r.path("serviceState").asText(), r.toString());
      assertTrue(r.path("ping").asBoolean(), r.toString());
    });
    assertEquals(Map.of(id(0), "healthy", id(1), "healthy"), targetHealth());
  }

  @Test
  void stoppingOneNamedNodeLeavesTheOtherServing() {
    JsonNode stopped = run(input("stop", id(1)));

    assertEquals(List.of(id(1)), new ArrayList<>(byNode(stopped).keySet()));
    assertEquals("healthy", targetHealth().get(id(0)));
    assertEquals("unhealthy (Target.FailedHealthChecks)", targetHealth().get(id(1)));
  }

  @Test
  void statusChangesNothing() {
    cloud.twin().node(1).serviceActive = false;

    JsonNode status = run(input("status"));

    assertEquals("active", byNode(status).get(id(0)).path("serviceState").asText());
    assertEquals("inactive", byNode(status).get(id(1)).path("serviceState").asText());
    assertTrue(cloud.twin().node(0).serviceActive);
    assertFalse(cloud.twin().node(1).serviceActive);
  }

  // ---- failures on a node ---------------------------------------------------------------------

  @Test
  void aFailedCommandOnOneNodeIsReportedForThatNodeOnly() {
    cloud.twin().failNextCommand(STOP, id(1), "failed to run commands: exit status 1 (injected)");

    JsonNode stopped = run(input("stop"));

    assertFalse(stopped.path("allSucceeded").asBoolean(true));
    JsonNode ok = byNode(stopped).get(id(0));
    JsonNode failed = byNode(stopped).get(id(1));
    assertEquals("Success", ok.path("status").asText());
    assertTrue(ok.path("succeeded").asBoolean());
    assertFalse(ok.has("error"), ok.toString());
    assertEquals("Failed", failed.path("status").asText());
    assertFalse(failed.path("succeeded").asBoolean(true));
    assertEquals("stop Failed: failed to run commands: exit status 1 (injected)", failed.path("error").asText());
    assertFalse(cloud.twin().node(0).serviceActive);
    assertTrue(cloud.twin().node(1).serviceActive, "the failed command did not run");
    assertEquals("healthy", targetHealth().get(id(1)));

    JsonNode again = run(input("stop", id(1)));
    assertTrue(again.path("allSucceeded").asBoolean(), "only the next command failed: " + again);
  }

  @Test
  void aStartWhosePingNeverAnswersFailsOnThatNodeWithTheScriptsReason() {
    run(input("stop"));
    cloud.twin().node(0).pingHealthy = false;

    JsonNode started = run(input("start"));

    JsonNode sick = byNode(started).get(id(0));
    assertEquals("Failed", sick.path("status").asText());
    assertTrue(sick.path("error").asText().contains("rstudio-connect did not answer http://127.0.0.1:3939/__ping__"),
        sick.toString());
    assertTrue(byNode(started).get(id(1)).path("succeeded").asBoolean());
    assertEquals("unhealthy (Target.ResponseCodeMismatch)", targetHealth().get(id(0)));
    assertEquals("healthy", targetHealth().get(id(1)));
  }

  @Test
  void aStopThatDoesNotTakeFailsOnThatNode() {
    cloud.twin().node(0).ignoresStop = true;

    JsonNode stopped = run(input("stop"));

    JsonNode stuck = byNode(stopped).get(id(0));
    assertEquals("Failed", stuck.path("status").asText());
    assertTrue(stuck.path("error").asText().contains("rstudio-connect is still active"), stuck.toString());
    assertTrue(byNode(stopped).get(id(1)).path("succeeded").asBoolean());
  }

  // ---- durations ------------------------------------------------------------------------------

  @Test
  void aSlowStopIsWaitedForUntilItEnds() {
    cloud.twin().commandDuration(STOP, Duration.ofSeconds(2));
    Instant started = Instant.now();

    JsonNode stopped = run(input("stop"));

    assertTrue(stopped.path("allSucceeded").asBoolean(), stopped.toString());
    assertTrue(Duration.between(started, Instant.now()).compareTo(Duration.ofSeconds(2)) >= 0);
  }

  @Test
  void commandsStillRunningAtTheTimeoutAreReportedAfterOneSharedWait() {
    cloud.reset(new Twin.Spec("demo", 3, List.of("us-east-1a", "us-east-1b"), "2024.08.0"));
    cloud.twin().commandDuration(STATUS, Duration.ofMinutes(1));
    Instant started = Instant.now();

    JsonNode status = run("{\"cluster\":\"demo\",\"document\":\"status\",\"pollSeconds\":1,\"timeoutSeconds\":2}");

    Duration took = Duration.between(started, Instant.now());
    assertFalse(status.path("allSucceeded").asBoolean(true));
    assertEquals(3, status.path("results").size());
    status.path("results").forEach(r -> {
      assertEquals("InProgress", r.path("status").asText(), r.toString());
      assertEquals("status still InProgress after 2 s", r.path("error").asText());
    });
    assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "one 2 s wait for all three nodes, not one each: " + took);
  }

  @Test
  void aDurationForOneDocumentLeavesTheOthersImmediate() {
    cloud.twin().commandDuration(START, Duration.ofMinutes(1));

    JsonNode status = run("{\"cluster\":\"demo\",\"document\":\"status\",\"pollSeconds\":1,\"timeoutSeconds\":5}");

    assertTrue(status.path("allSucceeded").asBoolean(), status.toString());
  }

  // ---- a node that dies under a command -------------------------------------------------------

  private static String withTwoMinuteTimeout(String document) {
    return "{\"cluster\":\"demo\",\"document\":\"" + document + "\",\"pollSeconds\":1,\"timeoutSeconds\":120}";
  }

  /** {@code instanceId} failed as a node lost under the command, which fails the report. */
  private void assertLost(JsonNode report, String instanceId, String statusAndDetails) {
    assertFalse(report.path("allSucceeded").asBoolean(true), report.toString());
    JsonNode lost = byNode(report).get(instanceId);
    assertEquals("Failed", lost.path("status").asText(), lost.toString());
    assertFalse(lost.path("succeeded").asBoolean(true), lost.toString());
    assertTrue(lost.path("error").asText().startsWith(
        statusAndDetails + ": instance stopped or terminated during the command"), lost.toString());
  }

  @Test
  void aNodeStoppedDuringAStopIsReportedLostAtOnceWhileTheOtherStops() {
    cloud.twin().commandDuration(STOP, Duration.ofSeconds(3));
    cloud.twin().killDuring(id(1), STOP, NodeDeath.STOPPED);
    Instant started = Instant.now();

    JsonNode stopped = run(withTwoMinuteTimeout("stop"));

    Duration took = Duration.between(started, Instant.now());
    JsonNode survivor = byNode(stopped).get(id(0));
    assertEquals("Success", survivor.path("status").asText(), survivor.toString());
    assertEquals("inactive", survivor.path("serviceState").asText(), survivor.toString());
    assertLost(stopped, id(1), "stop Failed (Undeliverable)");
    awaitState(id(1), InstanceStateName.STOPPED);
    assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0, "no wait for the 120 s timeout: " + took);
  }

  @Test
  void aNodeTerminatedPartWayThroughAStartIsReportedTerminatedAndStaysDown() {
    assertTrue(run(input("stop")).path("allSucceeded").asBoolean());
    cloud.twin().commandDuration(START, Duration.ofSeconds(4));
    cloud.twin().killDuring(id(0), START, NodeDeath.TERMINATED, Duration.ofSeconds(1));
    Instant started = Instant.now();

    JsonNode start = run(withTwoMinuteTimeout("start"));

    Duration took = Duration.between(started, Instant.now());
    assertLost(start, id(0), "start Failed (Terminated)");
    JsonNode survivor = byNode(start).get(id(1));
    assertTrue(survivor.path("succeeded").asBoolean(), survivor.toString());
    assertEquals("active", survivor.path("serviceState").asText(), survivor.toString());
    assertFalse(cloud.twin().node(0).serviceActive, "the start never completed on the terminated node");
    awaitState(id(0), InstanceStateName.TERMINATED);
    assertTrue(took.compareTo(Duration.ofSeconds(4)) >= 0, "the surviving node's start took its 4 s: " + took);
    assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0, "no wait for the 120 s timeout: " + took);
  }

  @Test
  void aStopTakesEffectAtItsEndAndNodesStoppedOrTerminatedThroughEc2MeanwhileEndItAtOnce() throws Exception {
    cloud.twin().commandDuration(STOP, Duration.ofSeconds(60));
    List<String> ids = List.of(id(0), id(1));
    Instant started = Instant.now();
    try (RealAdapters adapters = new RealAdapters(Config.from(cloud.environmentOf("RunNodeCommandFunction")))) {
      CompletableFuture<List<CommandResult>> stopping = CompletableFuture.supplyAsync(
          () -> adapters.nodeCommands().run(cloud.documentName(STOP), ids, Duration.ofMillis(200), Duration.ofSeconds(120)));
      Instant deadline = Instant.now().plusSeconds(20);
      while (!cloud.gateway().callCounts().containsKey("ssm:GetCommandInvocation")) {
        assertTrue(Instant.now().isBefore(deadline), "the command was never polled");
        LocalCloud.pause(Duration.ofMillis(50));
      }
      assertTrue(cloud.twin().node(0).serviceActive && cloud.twin().node(1).serviceActive,
          "a stop still running has not stopped Connect yet");

      cloud.clients().ec2.terminateInstances(b -> b.instanceIds(id(0)));
      cloud.clients().ec2.stopInstances(b -> b.instanceIds(id(1)));
      List<CommandResult> results = stopping.get(30, TimeUnit.SECONDS);

      assertEquals(List.of("Failed", "Failed"), results.stream().map(CommandResult::status).toList());
      assertEquals(List.of("Terminated", "Undeliverable"), results.stream().map(CommandResult::statusDetails).toList());
      assertTrue(results.stream().allMatch(CommandResult::nodeLost), results.toString());
      assertFalse(cloud.twin().node(0).serviceActive || cloud.twin().node(1).serviceActive,
          "a node's Connect goes down with its instance");
      Duration took = Duration.between(started, Instant.now());
      assertTrue(took.compareTo(Duration.ofSeconds(50)) < 0, "neither the 60 s stop nor the 120 s timeout: " + took);
    }
  }

  @Test
  void aCommandToAnInstanceTheTwinDoesNotSimulateIsFailedUndeliverableAtOnce() {
    String outsider = cloud.clients().ec2.runInstances(b -> b.imageId(cloud.clients().ec2.describeImages(i -> i.owners("amazon"))
        .images().get(0).imageId()).minCount(1).maxCount(1)).instances().get(0).instanceId();
    Instant started = Instant.now();
    try (RealAdapters adapters = new RealAdapters(Config.from(cloud.environmentOf("RunNodeCommandFunction")))) {
      List<CommandResult> results = adapters.nodeCommands().run(cloud.documentName(STATUS), List.of(id(0), outsider), Duration.ofMillis(200),
          Duration.ofSeconds(120));

      assertTrue(results.get(0).succeeded(), results.toString());
      assertEquals("Failed", results.get(1).status());
      assertEquals("Undeliverable", results.get(1).statusDetails());
      assertTrue(results.get(1).stderr().contains("not a node the twin simulates"), results.get(1).stderr());
      Duration took = Duration.between(started, Instant.now());
      assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "no wait for the 120 s timeout: " + took);
    }
  }

  // ---- refused before anything is sent --------------------------------------------------------

  @Test
  void anInstanceFromOutsideTheClusterIsRejectedBeforeAnyCommandIsSent() {
    String outsider = functions.launchInstanceOfCluster("other");
    cloud.gateway().resetCounts();

    JsonNode error = fail(input("stop", id(0), outsider));

    assertEquals(ErrorNames.PRECONDITION_FAILED, error.path("errorType").asText());
    assertTrue(error.path("errorMessage").asText().contains(outsider + " is not a node of cluster demo"), error.toString());
    assertNoCommandSent();
    assertTrue(cloud.twin().node(0).serviceActive);
  }

  @Test
  void aClusterWithoutARunningNodeIsAPreconditionFailureAndNothingIsSent() {
    cloud.clients().ec2.stopInstances(b -> b.instanceIds(id(0), id(1)));
    awaitState(id(0), InstanceStateName.STOPPED);
    awaitState(id(1), InstanceStateName.STOPPED);
    cloud.gateway().resetCounts();

    JsonNode error = fail(input("status"));

    assertEquals(ErrorNames.PRECONDITION_FAILED, error.path("errorType").asText());
    assertTrue(error.path("errorMessage").asText().contains("cluster demo has no running node to status"), error.toString());
    assertNoCommandSent();
  }

  @Test
  void withoutInstanceIdsOnlyTheRunningNodesAreTargeted() {
    cloud.clients().ec2.stopInstances(b -> b.instanceIds(id(1)));
    awaitState(id(1), InstanceStateName.STOPPED);

    JsonNode status = run(input("status"));

    assertEquals(List.of(id(0)), new ArrayList<>(byNode(status).keySet()));
  }

  @Test
  void anUnknownClusterIsNotFoundAndNothingIsSent() {
    JsonNode error = fail("{\"cluster\":\"nope\",\"document\":\"stop\"}");

    assertEquals(ErrorNames.CLUSTER_NOT_FOUND, error.path("errorType").asText());
    assertNoCommandSent();
  }

  @Test
  void anUnknownDocumentIsInvalidInputWithoutAnyAwsCall() {
    JsonNode error = fail("{\"cluster\":\"demo\",\"document\":\"reboot\"}");

    assertEquals(ErrorNames.INVALID_INPUT, error.path("errorType").asText());
    assertEquals(Map.of(), cloud.gateway().callCounts());
  }

  @Test
  void aStartIsNeverSentToANodeOlderThanTheRecordedSchemaAndTheReportSaysWhy() {
    // a halted upgrade: both nodes stopped, the first upgraded, the schema's new version recorded
    cloud.twin().node(0).serviceActive = false;
    cloud.twin().node(1).serviceActive = false;
    cloud.twin().settle();
    cloud.twin().node(0).connectVersion = "2024.10.0";
    new RealAdapters(Config.from(cloud.environmentOf("RunNodeCommandFunction"))).learnedStates().save(
        LearnedState.none("demo").withSchema(new LearnedState.Recorded(ConnectVersion.parse("2024.10.0"), Instant.now(),
            "rolling-upgrade-halted")));
    Instant before = Instant.now();

    JsonNode report = run(input("start", id(0), id(1)));

    assertFalse(report.path("allSucceeded").asBoolean(), report.toString());
    assertTrue(report.path("sentSucceeded").asBoolean(), report.toString());
    JsonNode old = byNode(report).get(id(1));
    assertEquals("Refused", old.path("status").asText());
    assertEquals("installed 2024.08.0 is older than the schema's 2024.10.0: never start an old binary against a migrated schema",
        old.path("error").asText());
    assertEquals(1, report.path("refused").size(), report.toString());
    assertEquals(id(1) + ": " + old.path("error").asText(), report.path("refused").get(0).asText());
    assertTrue(byNode(report).get(id(0)).path("succeeded").asBoolean(), report.toString());
    assertTrue(cloud.twin().node(0).serviceActive);
    assertFalse(cloud.twin().node(1).serviceActive);
    assertTrue(cloud.twin().schema().events().stream().noneMatch(e -> e.instanceId().equals(id(1))
        && !e.at().isBefore(before) && e.kind() != ConnectSchema.Kind.STOP), cloud.twin().schema().events().toString());
    assertEquals(List.of(), cloud.twin().upgradeViolations());
  }
}
