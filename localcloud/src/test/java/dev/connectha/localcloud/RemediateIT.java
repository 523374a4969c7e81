package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectha.aws.DynamoDbIncidents;
import dev.connectha.config.Config;
import dev.connectha.config.DocumentKind;
import dev.connectha.errors.ErrorNames;
import dev.connectha.json.Json;
import dev.connectha.localcloud.twin.NodeDeath;
import dev.connectha.localcloud.twin.SimNode;
import dev.connectha.localcloud.twin.Twin;
import dev.connectha.localcloud.twin.ZonalShiftApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * statemachines/remediate.asl.json on the local cloud, started as in production by the intake
 * (OpenIncident) from a real-shaped event: Connect down on a live node is restarted; a dead node is
 * replaced in its zone and the failed one quarantined or retired; an impaired zone's nodes are
 * replaced elsewhere; everything down escalates and replaces nothing; an incident during an upgrade
 * waits for the lock and closes with nothing done; the circuit breaker stops acting. On every path:
 * the lock released, the incident closed, a summary published.
 */
@ExtendWith(LocalCloudExtension.class)
class RemediateIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(4);
  private static final List<String> ZONES = List.of("us-east-1a", "us-east-1b", "us-east-1c");
  private static final String VERSION = "2024.08.0";

  private final LocalCloud cloud;
  private final Functions functions;
  private RealAdapters adapters;

  RemediateIT(LocalCloud cloud) {
    this.cloud = cloud;
    this.functions = new Functions(cloud);
  }

  private void cluster(int nodes, List<String> zones) {
    cloud.reset(new Twin.Spec("demo", nodes, zones, VERSION));
    cloud.redeploy(cloud.twin().prepareProvisioning());
    cloud.twin().bootTime(Duration.ofMillis(300));
    adapters = new RealAdapters(Config.from(cloud.environmentOf("DescribeClusterFunction")));
    cloud.gateway().resetCounts();
    cloud.notifications();
  }

  /** GIVEN two nodes in two of three zones, the cluster ready for a new node. */
  @BeforeEach
  void twoNodesInTwoZones() {
    cluster(2, ZONES);
  }

  @AfterEach
  void closeClients() {
    adapters.close();
  }

  // ---- events, as AWS sends them (shapes from the EventBridge and CloudWatch documentation) ----

  static String alarmEvent(String alarmName, String state, String metric, String namespace, Map<String, String> dimensions) {
    return AlarmEvaluator.stateChange(alarmName, namespace, metric, dimensions, state.equals("ALARM") ? "OK" : "ALARM", state)
        .toString();
  }

  static String instanceEvent(String instanceId, String state) {
    return InstanceStateEvents.event(instanceId, state).toString();
  }

  private String targetGroupDimension() {
    String arn = adapters.clusterRegistry().load("demo").targetGroupArn();
    return arn.substring(arn.indexOf(":targetgroup/") + 1);
  }

  private String zoneUnhealthyEvent(String zone) {
    return alarmEvent("connect-ha-demo-remediation-az-" + zone + "-unhealthy", "ALARM", "UnHealthyHostCount", "AWS/ApplicationELB",
        Map.of("TargetGroup", targetGroupDimension(), "LoadBalancer", "app/demo/0123456789abcdef", "AvailabilityZone", zone));
  }

  private String zoneNoHealthyEvent(String zone) {
    return alarmEvent("connect-ha-demo-remediation-az-" + zone + "-no-healthy", "ALARM", "HealthyHostCount", "AWS/ApplicationELB",
        Map.of("TargetGroup", targetGroupDimension(), "LoadBalancer", "app/demo/0123456789abcdef", "AvailabilityZone", zone));
  }

  private String noHealthyHostEvent() {
    return alarmEvent("connect-ha-demo-remediation-no-healthy-host", "ALARM", "HealthyHostCount", "AWS/ApplicationELB",
        Map.of("TargetGroup", targetGroupDimension(), "LoadBalancer", "app/demo/0123456789abcdef"));
  }

  /** WHEN the intake gets the event: the remediate execution it started, awaited. */
  private LocalCloud.Execution intake(String event) {
    JsonNode answer = functions.run("OpenIncidentFunction", event);
    assertEquals("opened", answer.path("outcome").asText(), answer.toString());
    String arn = cloud.template().resource("RemediateStateMachine").ref().replace(":stateMachine:", ":execution:") + ":"
        + answer.path("execution").asText();
    return cloud.await(arn, TIMEOUT);
  }

  private LocalCloud.Execution remediate(String incidentKind, String subject, String fields) {
    return cloud.run("RemediateStateMachine", "{\"cluster\":\"demo\",\"incident\":{\"cluster\":\"demo\",\"kind\":\"" + incidentKind
        + "\",\"subject\":\"" + subject + "\",\"since\":\"" + Instant.now() + "\"},\"pollSeconds\":1,\"bootSeconds\":30" + fields
        + "}", "remediate-demo-" + UUID.randomUUID(), TIMEOUT);
  }

  private Instance instance(String id) {
    return cloud.clients().ec2.describeInstances(b -> b.instanceIds(id)).reservations().get(0).instances().get(0);
  }

  private List<String> launched() {
    return cloud.twin().launchedInstances();
  }

  private Map<String, AttributeValue> incidentItem(String subject) {
    return cloud.clients().dynamodb.getItem(b -> b.tableName(cloud.template().resource("IncidentTable").ref())
        .key(Map.of("pk", AttributeValue.fromS("demo#" + subject)))).item();
  }

  private void assertClosed(String subject, String outcome) {
    Map<String, AttributeValue> item = incidentItem(subject);
    assertEquals("closed", item.get("status").s(), item.toString());
    assertEquals(outcome, item.get("outcome").s(), item.toString());
  }

  private void assertTheLockIsFree() {
    assertTrue(adapters.clusterLocks(Clock.systemUTC()).holder("demo").isEmpty(), "the lock is released");
  }

  private static void assertSucceeded(LocalCloud.Execution run, String outcome) {
    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause() + " " + run.lastStates(10));
    assertEquals(outcome, run.output().path("outcome").asText(), run.output().toString());
  }

  private String healthOf(String instanceId) {
    return adapters.targetRegistrations().registrations(adapters.clusterRegistry().load("demo").targetGroupArn()).stream()
        .filter(r -> r.instanceId().equals(instanceId)).findFirst().map(r -> r.state()).orElse("not registered");
  }

  // ---- Connect down on a live node ----------------------------------------------------------

  @Test
  void connectDownOnALiveNodeIsRestartedAndNothingIsLaunched() {
    SimNode node = cloud.twin().node(0);
    cloud.twin().crashConnect(node.instanceId);

    LocalCloud.Execution run = intake(zoneUnhealthyEvent(node.availabilityZone));

    assertSucceeded(run, "restarted");
    assertAll(
        () -> assertTrue(cloud.twin().node(node.instanceId).serviceActive, "Connect runs again"),
        () -> assertEquals("healthy", healthOf(node.instanceId)),
        () -> assertEquals(List.of(), launched(), "a restart launches nothing"),
        () -> assertEquals(node.instanceId, run.output().path("assessment").path("restart").path(0).asText()),
        () -> assertTrue(cloud.notifications().get(0).contains("restarted"), cloud.notifications().toString()));
    assertClosed(node.availabilityZone, "restarted");
    assertTheLockIsFree();
  }

  @Test
  void aSingleServerIsRestartedAndTheSummarySaysTheDowntimeWasExpected() {
    cluster(1, ZONES.subList(0, 1));
    SimNode node = cloud.twin().node(0);
    cloud.twin().crashConnect(node.instanceId);

    LocalCloud.Execution run = intake(noHealthyHostEvent());

    // everything is down on a single server too, but its one node is live: a restart is the repair
    assertSucceeded(run, "restarted");
    assertTrue(cloud.twin().node(node.instanceId).serviceActive);
    assertTrue(cloud.notifications().get(0).contains("single-server"), cloud.notifications().toString());
    assertTheLockIsFree();
  }

  // ---- a dead node ----------------------------------------------------------------------------

  @Test
  void aStoppedNodeIsReplacedInItsZoneAndBeingForeignIsStoppedAndMarkedNotTerminated() {
    cluster(4, ZONES.subList(0, 2)); // its zone keeps a healthy node: the zone works, the replacement goes there
    SimNode node = cloud.twin().node(1);
    String zone = node.availabilityZone;
    cloud.clients().ec2.stopInstances(b -> b.instanceIds(node.instanceId));

    LocalCloud.Execution run = intake(instanceEvent(node.instanceId, "stopped"));

    assertSucceeded(run, "replaced");
    List<String> launched = launched();
    assertEquals(1, launched.size(), launched.toString());
    String replacement = launched.get(0);
    Instance failed = instance(node.instanceId);
    assertAll(
        () -> assertEquals(zone, instance(replacement).placement().availabilityZone(), "its own zone, which still works"),
        () -> assertEquals("healthy", healthOf(replacement)),
        () -> assertEquals(VERSION, cloud.twin().node(replacement).connectVersion),
        () -> assertEquals("stopped", failed.state().nameAsString(), "connect-ha did not launch it: never terminated"),
        () -> assertTrue(failed.tags().stream().anyMatch(t -> t.key().equals("connect-ha:needs-operator")), failed.tags().toString()));
    assertClosed(node.instanceId, "replaced");
    assertTheLockIsFree();
  }

  @Test
  void withReplaceForeignNodesTheFailedNodeIsRetiredAfterItsReplacementServes() {
    cloud.redeploy(Map.of("ReplaceForeignNodes", "true"));
    SimNode node = cloud.twin().node(1);
    cloud.twin().agentOffline(node.instanceId);
    cloud.twin().crashConnect(node.instanceId);

    LocalCloud.Execution run = intake(zoneUnhealthyEvent(node.availabilityZone));

    assertSucceeded(run, "replaced");
    assertEquals(1, launched().size(), launched().toString());
    assertEquals("terminated", instance(node.instanceId).state().nameAsString());
    assertTheLockIsFree();
  }

  @Test
  void theCircuitBreakerEscalatesInsteadOfAThirdReplacementWithinTheHour() {
    new DynamoDbIncidents(cloud.clients().dynamodb, Config.from(cloud.environmentOf("AssessIncidentFunction")))
        .recordReplacements("demo", 2, Instant.now().minusSeconds(600));
    SimNode node = cloud.twin().node(1);
    cloud.clients().ec2.stopInstances(b -> b.instanceIds(node.instanceId));

    LocalCloud.Execution run = intake(instanceEvent(node.instanceId, "stopped"));

    assertSucceeded(run, "escalated");
    assertEquals(List.of(), launched(), "nothing launched past the breaker");
    assertTrue(cloud.notifications().get(0).contains("circuit breaker"), cloud.notifications().toString());
    assertTheLockIsFree();
  }

  // ---- an impaired zone -----------------------------------------------------------------------

  @Test
  void anImpairedZonesNodesAreReplacedInTheOtherZonesAllAtOnce() {
    cluster(4, ZONES.subList(0, 2));
    String impaired = ZONES.get(1);
    List<String> lost = cloud.twin().nodes().stream().filter(n -> n.availabilityZone.equals(impaired)).map(n -> n.instanceId).toList();
    cloud.twin().impairAz(impaired);

    LocalCloud.Execution run = intake(zoneNoHealthyEvent(impaired));

    assertSucceeded(run, "replaced");
    List<String> launched = launched();
    assertEquals(lost.size(), launched.size(), launched.toString());
    assertAll(launched.stream().map(id -> () -> {
      assertFalse(impaired.equals(instance(id).placement().availabilityZone()), id + " launched in the impaired zone");
      assertEquals("healthy", healthOf(id));
    }));
    assertEquals(impaired, run.output().path("assessment").path("impairedAz").asText());
    assertTheLockIsFree();
  }

  @Test
  void withZonalShiftOnAnImpairedZoneIsShiftedAwayAndItsRecoveryEndsTheShiftAndRebalancesTheZones() {
    cluster(4, ZONES.subList(0, 2));
    cloud.redeploy(Map.of("ZonalShiftEnabled", "true", "ZonalShiftExpiresIn", "2h"));
    String impaired = ZONES.get(1);
    String zoneId = zoneId(impaired);
    cloud.twin().impairAz(impaired);

    LocalCloud.Execution run = intake(zoneNoHealthyEvent(impaired));

    assertSucceeded(run, "replaced");
    List<ZonalShiftApi.Shift> shifts = cloud.twin().zonalShifts().active();
    assertEquals(1, shifts.size(), shifts.toString());
    assertEquals(zoneId, shifts.get(0).awayFrom());
    assertEquals(loadBalancerArn(), shifts.get(0).resource());
    assertTrue(shifts.get(0).comment().startsWith("connect-ha demo remediation "), shifts.get(0).comment());
    assertTrue(run.output().path("zonalShift").path("shifted").asBoolean(), run.output().path("zonalShift").toString());
    List<String> notifications = cloud.notifications();
    assertTrue(notifications.stream().anyMatch(m -> m.contains("Zonal shift: ") && m.contains(shifts.get(0).id())),
        "the summary names the shift: " + notifications);
    assertEquals(Map.of(ZONES.get(0), 4L), runningByZone());

    // THEN the zone recovers: AWS ends its autoshift (the retirements drain for the group's delay: 1 s here)
    cloud.clients().elb.modifyTargetGroupAttributes(b -> b.targetGroupArn(adapters.clusterRegistry().load("demo")
        .targetGroupArn()).attributes(a -> a.key("deregistration_delay.timeout_seconds").value("1")));
    cloud.twin().restoreAz(impaired);
    JsonNode answer = functions.run("OpenIncidentFunction", autoshiftCompleted(zoneId));

    assertEquals("rebalance", answer.path("outcome").asText(), answer.toString());
    assertEquals(List.of(), cloud.twin().zonalShifts().active(), "connect-ha's shift is cancelled");
    LocalCloud.Execution rebalance = cloud.await(cloud.template().resource("EnsureCapacityStateMachine").ref()
        .replace(":stateMachine:", ":execution:") + ":" + answer.path("execution").asText(), TIMEOUT);
    assertTrue(rebalance.succeeded(), () -> rebalance.error() + ": " + rebalance.cause() + " " + rebalance.lastStates(10));
    assertEquals(Map.of(ZONES.get(0), 2L, impaired, 2L), runningByZone());
    assertTheLockIsFree();
  }

  @Test
  void anImpairedZoneAndAConnectCrashElsewhereAreReplacedAndRestartedInOneRun() {
    cluster(4, ZONES.subList(0, 2));
    String impaired = ZONES.get(1);
    SimNode crashed = cloud.twin().nodes().stream().filter(n -> !n.availabilityZone.equals(impaired)).findFirst().orElseThrow();
    cloud.twin().impairAz(impaired);
    cloud.twin().crashConnect(crashed.instanceId);

    LocalCloud.Execution run = intake(zoneNoHealthyEvent(impaired));

    assertSucceeded(run, "replaced"); // the zone's outcome, which its recovery's rebalance reads
    assertEquals(List.of(crashed.instanceId), List.of(run.output().path("assessment").path("restart").path(0).asText()));
    assertEquals(2, launched().size(), launched().toString());
    assertTrue(cloud.twin().node(crashed.instanceId).serviceActive, "the crashed node's Connect runs again");
    assertEquals("healthy", healthOf(crashed.instanceId));
    assertTheLockIsFree();
  }

  @Test
  void aFailedZonalShiftIsReportedAndTheImpairedZonesNodesAreStillReplaced() {
    cloud.redeploy(Map.of("ZonalShiftEnabled", "true"));
    String impaired = cloud.twin().node(1).availabilityZone;
    cloud.twin().impairAz(impaired);
    cloud.gateway().injectFunctionError("connect-ha-ShiftTraffic", ErrorNames.AWS_CALL_FAILED, 0, 1);

    LocalCloud.Execution run = intake(zoneNoHealthyEvent(impaired));

    assertSucceeded(run, "replaced");
    assertEquals(ErrorNames.AWS_CALL_FAILED, run.output().path("zonalShift").path("Error").asText(), run.output().toString());
    assertEquals(List.of(), cloud.twin().zonalShifts().active());
    assertTheLockIsFree();
  }

  private String zoneId(String zoneName) {
    return cloud.clients().ec2.describeAvailabilityZones(b -> b.zoneNames(zoneName)).availabilityZones().get(0).zoneId();
  }

  private String loadBalancerArn() {
    return cloud.clients().elb.describeTargetGroups(b -> b.targetGroupArns(adapters.clusterRegistry().load("demo")
        .targetGroupArn())).targetGroups().get(0).loadBalancerArns().get(0);
  }

  private Map<String, Long> runningByZone() {
    return cloud.clients().ec2.describeInstances(b -> b.filters(f -> f.name("instance-state-name").values("running"),
            f -> f.name("tag:connect-ha:cluster").values("demo"))).reservations().stream()
        .flatMap(r -> r.instances().stream())
        .collect(Collectors.groupingBy(i -> i.placement().availabilityZone(), TreeMap::new,
            Collectors.counting()));
  }

  /** ARC's Autoshift Completed event (the documented detail-type, with the shape of the In Progress sample). */
  private String autoshiftCompleted(String zoneId) {
    try {
      ObjectNode event = (ObjectNode)
          Json.MAPPER.readTree(Files.readString(
              cloud.root().resolve("events/OpenIncidentFunction.arc-completed.json")));
      event.put("time", Instant.now().toString());
      ((ObjectNode) event.get("detail")).put("awayFrom", zoneId);
      return event.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- everything down -----------------------------------------------------------------------

  @Test
  void anExpiredLicenceTakesEveryNodeDownAndIsEscalatedWithNothingReplaced() {
    cloud.twin().expireLicense();

    LocalCloud.Execution run = intake(noHealthyHostEvent());

    assertSucceeded(run, "escalated");
    String summary = cloud.notifications().get(0);
    assertAll(
        () -> assertEquals(List.of(), launched()),
        () -> assertTrue(cloud.twin().nodes().stream().allMatch(n -> instance(n.instanceId).state().nameAsString().equals("running"))),
        () -> assertTrue(summary.contains("402"), summary),
        () -> assertTrue(summary.contains("database"), summary));
    assertClosed("cluster", "escalated");
    assertTheLockIsFree();
  }

  // ---- the lock: an upgrade stops nodes on purpose ---------------------------------------------

  @Test
  void anUpgradeStopsEveryNodeOnPurposeAndRemediationWaitsThenClosesResolvedWithNothingReplaced() {
    functions.run("EnsureClusterMonitoringFunction", "{\"cluster\":\"demo\"}");
    cloud.alarms().periodScale(0.02);
    cloud.detection(true);

    LocalCloud.Execution upgrade = cloud.run("RollingUpgradeStateMachine", "{\"cluster\":\"demo\",\"targetVersion\":\"2024.10.0\","
        + "\"options\":{\"pollSeconds\":1}}", "upgrade-demo-" + UUID.randomUUID(), TIMEOUT);

    assertTrue(upgrade.succeeded(), () -> upgrade.error() + ": " + upgrade.cause());
    List<String> executions = awaitRemediations(Duration.ofSeconds(10));
    assertFalse(executions.isEmpty(), "the upgrade's downtime raised alarms, and the intake opened incidents: "
        + cloud.events().observed().size() + " events");
    for (String arn : executions) {
      LocalCloud.Execution run = cloud.await(arn, TIMEOUT);
      assertSucceeded(run, "resolved");
      assertTrue(run.history().stream().anyMatch(e -> e.stateEnteredEventDetails() != null
          && e.stateEnteredEventDetails().name().equals("WaitForTheLock")), "it waited for the upgrade's lock");
    }
    assertEquals(List.of(), launched(), "nothing replaced");
    cloud.twin().nodes().forEach(n -> assertEquals("2024.10.0", n.connectVersion, "upgraded, never repaired back"));
    assertTheLockIsFree();
  }

  /** The remediate executions the intake started from the events on the bus, once none has started for {@code quiet}. */
  private List<String> awaitRemediations(Duration quiet) {
    List<String> executions = new java.util.ArrayList<>();
    Instant deadline = Instant.now().plus(quiet);
    while (Instant.now().isBefore(deadline)) {
      for (EventBus.FunctionInvocation call : cloud.events().invocations()) {
        if (call.done() && call.output() != null) {
          JsonNode answer = Functions.json(call.output());
          String arn = cloud.template().resource("RemediateStateMachine").ref().replace(":stateMachine:", ":execution:") + ":"
              + answer.path("execution").asText();
          if (answer.path("outcome").asText().equals("opened") && !executions.contains(arn)) {
            executions.add(arn);
            deadline = Instant.now().plus(quiet);
          }
        }
      }
      pause(Duration.ofMillis(200));
    }
    return executions;
  }

  @Test
  void aStormOfAThousandEventsAboutOneDeadNodeStartsOneExecutionAndOneLaunch() {
    SimNode node = cloud.twin().node(1);
    cloud.twin().killNode(node.instanceId, NodeDeath.STOPPED);

    Instant started = Instant.now();
    for (int i = 0; i < 1000; i++) {
      cloud.events().put(Functions.json(i % 2 == 0 ? instanceEvent(node.instanceId, "stopped")
          : alarmEvent("connect-ha-demo-remediation-node-" + node.instanceId + "-status", "ALARM", "StatusCheckFailed", "AWS/EC2",
              Map.of("InstanceId", node.instanceId))));
    }
    Duration putting = Duration.between(started, Instant.now());
    Instant deadline = Instant.now().plusSeconds(180);
    while (cloud.events().invocations().stream().filter(EventBus.FunctionInvocation::done).count() < 1000
        && Instant.now().isBefore(deadline)) {
      pause(Duration.ofMillis(200));
    }
    List<String> executions = awaitRemediations(Duration.ofSeconds(1));

    assertTrue(putting.compareTo(Duration.ofSeconds(10)) < 0, "1,000 events put within 10 s: " + putting);
    assertEquals(1, executions.size(), executions.toString());
    assertSucceeded(cloud.await(executions.get(0), TIMEOUT), "replaced");
    assertEquals(1, launched().size(), launched().toString());
    Map<String, Long> outcomes = cloud.events().invocations().stream().filter(EventBus.FunctionInvocation::done)
        .collect(Collectors.groupingBy(c -> Functions.json(c.output()).path("outcome").asText(),
            Collectors.counting()));
    assertEquals(1000, outcomes.values().stream().mapToLong(Long::longValue).sum(), outcomes.toString());
    assertEquals(1L, outcomes.get("opened"), "the rest counted on the open incident, or ignored as the remediation's own"
        + " planned action once it held the lock: " + outcomes);
  }

  @Test
  void aLockNeverFreedDefersTheIncidentChangesNothingAndTellsAPerson() {
    String upgrade = "arn:aws:states:us-east-1:123456789012:execution:connect-ha-rolling-upgrade:upgrade-demo-2";
    adapters.clusterLocks(Clock.systemUTC()).acquire("demo", upgrade, "rolling-upgrade", Duration.ofMinutes(10));
    cloud.twin().crashConnect(cloud.twin().node(0).instanceId);

    LocalCloud.Execution run = remediate("node-unhealthy", "us-east-1a", ",\"lockWaitSeconds\":1,\"maxLockWaitSeconds\":2");

    assertEquals(ErrorNames.CLUSTER_LOCKED, run.error(), run.cause());
    assertEquals(List.of(), launched());
    assertEquals(0, cloud.gateway().callCounts().getOrDefault("ssm:SendCommand", 0));
    String failure = cloud.notifications().get(0);
    assertTrue(failure.contains("a person must look"), failure);
    assertEquals(upgrade, adapters.clusterLocks(Clock.systemUTC()).holder("demo").orElseThrow().owner(), "the upgrade's lock is untouched");
  }

  // ---- failure injection: every Task state still releases the lock, closes and reports -------------

  @ParameterizedTest(name = "{0} fails")
  @ValueSource(strings = {"AcquireLock", "AssessIncident"})
  void aFailedStepReleasesTheLockClosesTheIncidentAsFailedAndTellsAPerson(String function) {
    SimNode node = cloud.twin().node(0);
    cloud.twin().crashConnect(node.instanceId);
    cloud.gateway().injectFunctionError("connect-ha-" + function, ErrorNames.AWS_CALL_FAILED, 0, 1);

    LocalCloud.Execution run = intake(zoneUnhealthyEvent(node.availabilityZone));

    assertEquals(ErrorNames.AWS_CALL_FAILED, run.error(), run.cause());
    assertClosed(node.availabilityZone, "failed");
    assertTheLockIsFree();
    String failure = cloud.notifications().get(0);
    assertTrue(failure.contains("a person must look") && failure.contains(ErrorNames.AWS_CALL_FAILED), failure);
    assertEquals(List.of(), launched());
  }

  @Test
  void aRestartThatFailsIsFollowedByAReplacement() {
    cluster(4, ZONES.subList(0, 2));
    SimNode node = cloud.twin().node(0);
    cloud.twin().crashConnect(node.instanceId);
    cloud.twin().failNextCommand(DocumentKind.START_CONNECT, node.instanceId, "rstudio-connect failed to start");

    LocalCloud.Execution run = intake(zoneUnhealthyEvent(node.availabilityZone));

    assertSucceeded(run, "replaced");
    assertEquals(1, launched().size(), launched().toString());
    assertTrue(run.history().stream().anyMatch(e -> e.stateEnteredEventDetails() != null
        && e.stateEnteredEventDetails().name().equals("RestartDidNotHelp")));
    assertTheLockIsFree();
  }

  @Test
  void aReplacementThatFailsRemovesWhatItLaunchedClosesTheIncidentAsFailedAndReleasesTheLock() {
    SimNode node = cloud.twin().node(1);
    cloud.twin().killNode(node.instanceId, NodeDeath.STOPPED);
    cloud.twin().failNextCommand(DocumentKind.BOOTSTRAP_NODE, Twin.ANY_NODE, "bootstrap failed: no EFS mount");

    LocalCloud.Execution run = intake(instanceEvent(node.instanceId, "stopped"));

    assertEquals(ErrorNames.UNSAFE_TO_PROCEED, run.error(), run.cause());
    assertAll(launched().stream().map(id -> () -> assertEquals("terminated", instance(id).state().nameAsString(),
        "provision-node removes the node it launched")));
    assertEquals("stopped", instance(node.instanceId).state().nameAsString(), "the failed node is left for a person");
    assertClosed(node.instanceId, "failed");
    assertTheLockIsFree();
  }

  @Test
  void aFailedCloseStillReleasesTheLockAndReports() {
    SimNode node = cloud.twin().node(0);
    cloud.twin().crashConnect(node.instanceId);
    cloud.gateway().injectFunctionError("connect-ha-CloseIncident", ErrorNames.AWS_CALL_FAILED, 0, 1);

    LocalCloud.Execution run = intake(zoneUnhealthyEvent(node.availabilityZone));

    assertSucceeded(run, "restarted");
    assertTheLockIsFree();
    assertTrue(cloud.notifications().get(0).contains("restarted"));
    assertEquals("open", incidentItem(node.availabilityZone).get("status").s(), "what the failed close left");
  }

  @Test
  void aFailedMonitoringUpdateIsReportedNotFatal() {
    cluster(4, ZONES.subList(0, 2));
    SimNode node = cloud.twin().node(1);
    cloud.clients().ec2.stopInstances(b -> b.instanceIds(node.instanceId));
    cloud.gateway().injectFunctionError("connect-ha-EnsureClusterMonitoring", ErrorNames.AWS_CALL_FAILED, 0, 1);

    LocalCloud.Execution run = intake(instanceEvent(node.instanceId, "stopped"));

    assertSucceeded(run, "replaced");
    assertTheLockIsFree();
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
