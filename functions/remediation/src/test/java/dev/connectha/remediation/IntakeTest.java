package dev.connectha.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectha.config.Config;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.fakes.FakeClusterLocks;
import dev.connectha.fakes.FakeClusterRegistry;
import dev.connectha.fakes.FakeIncidents;
import dev.connectha.fakes.FakeNodeDirectory;
import dev.connectha.fakes.FakeTargetRegistrations;
import dev.connectha.fakes.FakeWorkflows;
import dev.connectha.fakes.FakeZonalShifts;
import dev.connectha.json.Json;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.Node;
import dev.connectha.model.remediation.Incident;
import dev.connectha.model.remediation.IncidentKind;
import dev.connectha.ports.ClusterLocks;
import dev.connectha.ports.Incidents;
import dev.connectha.ports.Workflows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class IntakeTest {
  static final String REMEDIATE = "arn:aws:states:us-east-1:123456789012:stateMachine:connect-ha-remediate";
  static final String ENSURE = "arn:aws:states:us-east-1:123456789012:stateMachine:connect-ha-ensure-capacity";
  static final String TARGET_GROUP = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/demo-connect/73e2d6bc24d8a067";
  static final Instant NOW = Instant.parse("2025-03-04T10:20:00Z");
  static final Instant EVENT_TIME = Instant.parse("2025-03-04T10:15:00Z");
  static final String NODE = "i-0aaaaaaaaaaaaaaa1";

  final List<String> calls = new ArrayList<>();
  final FakeIncidents incidents = new FakeIncidents(calls);
  final FakeWorkflows workflows = new FakeWorkflows(calls);
  final FakeClusterRegistry registry = new FakeClusterRegistry(calls, document("demo"));
  final FakeNodeDirectory nodes = new FakeNodeDirectory(calls,
      List.of(new Node(NODE, "us-east-1a", "subnet-a", "stopped", "10.0.1.10")));
  final FakeClusterLocks locks = new FakeClusterLocks(calls);
  final FakeZonalShifts shifts = new FakeZonalShifts(calls);
  final TrafficShifter shifter = new TrafficShifter(registry,
      new FakeTargetRegistrations(calls, 3939, List.of(TrafficShifterTest.LOAD_BALANCER)), nodes, shifts);
  final Intake intake = new Intake(() -> incidents, () -> workflows, registry, () -> nodes, () -> locks, () -> shifter,
      Config.from(Map.of("AWS_REGION", "us-east-1", "REMEDIATE_STATE_MACHINE_ARN", REMEDIATE,
          "ENSURE_CAPACITY_STATE_MACHINE_ARN", ENSURE)),
      Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void anAzWithNoHealthyHostOpensAnAzImpairedIncidentAndStartsRemediateWithItsExactInput() throws Exception {
    IntakeResult result = intake.take(alarm("connect-ha-demo-remediation-az-us-east-1a-no-healthy", "ALARM",
        "HealthyHostCount", Map.of("TargetGroup", "targetgroup/demo-connect/73e2d6bc24d8a067",
            "LoadBalancer", "app/demo/0123", "AvailabilityZone", "us-east-1a")));

    Incident incident = new Incident("demo", IncidentKind.AZ_IMPAIRED, "us-east-1a", EVENT_TIME);
    assertEquals(new IntakeResult("opened", result.reason(), incident, "demo-us-east-1a-20250304T101500Z"), result);
    FakeWorkflows.Started started = workflows.started.get("demo-us-east-1a-20250304T101500Z");
    assertEquals(REMEDIATE, started.stateMachineArn());
    assertEquals(Json.MAPPER.readTree("""
        {"cluster": "demo", "incident": {"cluster": "demo", "kind": "az-impaired", "subject": "us-east-1a",
         "since": "2025-03-04T10:15:00Z"}, "source": "CloudWatch Alarm State Change"}"""),
        Json.MAPPER.readTree(started.input()));
    Incidents.Record record = incidents.records.get("demo#us-east-1a");
    assertTrue(record.started());
    assertEquals(List.of("registry.load demo", "openIncident demo#us-east-1a",
        "startExecution demo-us-east-1a-20250304T101500Z", "markStarted demo#us-east-1a"), calls);
  }

  @Test
  void aStormOfAThousandEventsAboutOneFailureStartsOneExecution() {
    nodes.clusterTags.put(NODE, "demo");
    for (int i = 0; i < 1000; i++) {
      // the alarm fires once; EC2 events and re-deliveries about the same instance follow, at other times
      JsonNode event = i % 2 == 0
          ? alarm("connect-ha-demo-remediation-node-" + NODE + "-status", "ALARM", "StatusCheckFailed",
              Map.of("InstanceId", NODE))
          : instanceEvent(NODE, "stopped", EVENT_TIME.plusSeconds(i));
      intake.take(event);
    }

    assertEquals(1, workflows.started.size());
    assertEquals(1, calls.stream().filter(c -> c.startsWith("startExecution")).count());
    assertEquals(1000, incidents.records.get("demo#" + NODE).events());
  }

  @Test
  void anEventFromBeforeTheLastIncidentClosedOpensNothingWhileALaterFailureOpensANewIncident() {
    nodes.clusterTags.put(NODE, "demo");
    Incident handled = new Incident("demo", IncidentKind.NODE_DEAD, NODE, EVENT_TIME.minusSeconds(60));
    incidents.open(handled, ExecutionNames.remediate(handled), NOW);
    incidents.close(handled.key(), ExecutionNames.remediate(handled), "replaced", EVENT_TIME.plusSeconds(30), NOW);

    IntakeResult late = intake.take(instanceEvent(NODE, "stopped", EVENT_TIME)); // a storm outlived the repair
    IntakeResult later = intake.take(instanceEvent(NODE, "stopped", EVENT_TIME.plusSeconds(31)));

    assertEquals("duplicate", late.outcome(), late.reason());
    assertEquals("opened", later.outcome(), later.reason());
    assertEquals(1, workflows.started.size(), workflows.started.toString());
  }

  /** GIVEN a node-dead incident opened an hour ago, its remediate execution started: answers the execution's name. */
  private String nodeDeadAnHourAgoWithItsExecutionStarted() {
    nodes.clusterTags.put(NODE, "demo");
    Incident first = new Incident("demo", IncidentKind.NODE_DEAD, NODE, EVENT_TIME.minusSeconds(3600));
    String execution = ExecutionNames.remediate(first);
    incidents.open(first, execution, NOW);
    incidents.markStarted(first.key());
    workflows.started.put(execution, new FakeWorkflows.Started(REMEDIATE, execution, "{}"));
    return execution;
  }

  @Test
  void anIncidentLeftOpenByAnExecutionThatEndedIsClosedAsAbandonedAndALaterEventOpensANewOne() {
    String execution = nodeDeadAnHourAgoWithItsExecutionStarted();
    workflows.ended.put(execution, new Workflows.Run("FAILED", EVENT_TIME.minusSeconds(3000))); // its CloseIncident failed

    IntakeResult result = intake.take(instanceEvent(NODE, "stopped", EVENT_TIME));

    assertEquals("opened", result.outcome(), result.reason());
    assertEquals("demo-" + NODE + "-20250304T101500Z", result.execution());
    assertTrue(workflows.started.containsKey(result.execution()));
    assertEquals(EVENT_TIME, incidents.records.get("demo#" + NODE).incident().since());
  }

  @Test
  void anOpenIncidentWhoseExecutionRunsStaysOpenAndAStormWithinMinutesAsksNothing() {
    nodeDeadAnHourAgoWithItsExecutionStarted();

    IntakeResult late = intake.take(instanceEvent(NODE, "stopped", EVENT_TIME)); // an hour on: it waits for an upgrade's lock
    IntakeResult soon = intake.take(instanceEvent(NODE, "stopped", EVENT_TIME.minusSeconds(3590)));

    assertEquals("duplicate", late.outcome(), late.reason());
    assertEquals("duplicate", soon.outcome(), soon.reason());
    assertEquals(1, calls.stream().filter(c -> c.startsWith("describeExecution")).count(), calls.toString());
    assertEquals(1, workflows.started.size());
  }

  @Test
  void aDuplicateOfAnIncidentWhoseIntakeDiedBeforeStartingStartsItUnderItsOwnName() {
    nodes.clusterTags.put(NODE, "demo");
    Incident first = new Incident("demo", IncidentKind.NODE_DEAD, NODE, EVENT_TIME.minusSeconds(60));
    incidents.open(first, ExecutionNames.remediate(first), NOW);
    calls.clear();

    IntakeResult result = intake.take(instanceEvent(NODE, "terminated", EVENT_TIME));

    assertEquals("duplicate", result.outcome());
    assertEquals("demo-" + NODE + "-20250304T101400Z", result.execution());
    assertEquals(List.of("demo-" + NODE + "-20250304T101400Z"), List.copyOf(workflows.started.keySet()));
    assertTrue(incidents.records.get("demo#" + NODE).started());
  }

  @Test
  void anInstanceWithoutTheClusterTagIsIgnoredWithZeroMutatingCalls() {
    IntakeResult result = intake.take(instanceEvent("i-0fffffffffffffff9", "terminated", EVENT_TIME));

    assertEquals(IntakeResult.ignored("instance i-0fffffffffffffff9 has no connect-ha:cluster tag"), result);
    assertEquals(List.of("nodes.clusterOf i-0fffffffffffffff9"), calls);
  }

  @Test
  void aPlannedStopWhileAWorkflowHoldsTheLockIsIgnored() {
    nodes.clusterTags.put(NODE, "demo");
    locks.held.put("demo", new ClusterLocks.Lock("demo", "arn:...:execution:connect-ha-rolling-upgrade:x",
        "rolling-upgrade", Instant.EPOCH, Instant.MAX));

    IntakeResult result = intake.take(instanceEvent(NODE, "stopping", EVENT_TIME));

    assertEquals("ignored", result.outcome());
    assertTrue(result.reason().startsWith("planned: rolling-upgrade holds the lock"), result.reason());
    assertEquals(List.of(), mutating());
  }

  @Test
  void anUnplannedStopOfATaggedNodeOpensANodeDeadIncident() {
    nodes.clusterTags.put(NODE, "demo");

    IntakeResult result = intake.take(instanceEvent(NODE, "stopped", EVENT_TIME));

    assertEquals(new Incident("demo", IncidentKind.NODE_DEAD, NODE, EVENT_TIME), result.incident());
    assertEquals("opened", result.outcome());
  }

  @Test
  void aRunningInstanceIsNoIncidentAndCostsNoCall() {
    IntakeResult result = intake.take(instanceEvent(NODE, "running", EVENT_TIME));

    assertEquals("ignored", result.outcome());
    assertEquals(List.of(), calls);
  }

  @Test
  void anAlarmOfAnotherTargetGroupIsIgnored() {
    IntakeResult result = intake.take(alarm("connect-ha-demo-remediation-az-us-east-1a-unhealthy", "ALARM",
        "UnHealthyHostCount", Map.of("TargetGroup", "targetgroup/someone-else/fedcba9876543210",
            "LoadBalancer", "app/demo/0123", "AvailabilityZone", "us-east-1a")));

    assertEquals("ignored", result.outcome());
    assertTrue(result.reason().startsWith("not the cluster's alarm"), result.reason());
    assertEquals(List.of(), mutating());
  }

  @Test
  void anAlarmOfAnUnregisteredClusterIsIgnored() {
    IntakeResult result = intake.take(alarm("connect-ha-gone-remediation-no-healthy-host", "ALARM",
        "HealthyHostCount", Map.of("TargetGroup", "targetgroup/demo-connect/73e2d6bc24d8a067")));

    assertEquals(IntakeResult.ignored("cluster gone is not registered"), result);
    assertEquals(List.of(), mutating());
  }

  @Test
  void noHealthyHostAtAllIsAClusterDownIncident() {
    IntakeResult result = intake.take(alarm("connect-ha-demo-remediation-no-healthy-host", "ALARM",
        "HealthyHostCount", Map.of("TargetGroup", "targetgroup/demo-connect/73e2d6bc24d8a067",
            "LoadBalancer", "app/demo/0123")));

    assertEquals(new Incident("demo", IncidentKind.CLUSTER_DOWN, "cluster", EVENT_TIME), result.incident());
  }

  @Test
  void unhealthyHostsInAnAzAreANodeUnhealthyIncidentOfThatAz() {
    IntakeResult result = intake.take(alarm("connect-ha-demo-remediation-az-us-east-1b-unhealthy", "ALARM",
        "UnHealthyHostCount", Map.of("TargetGroup", "targetgroup/demo-connect/73e2d6bc24d8a067",
            "LoadBalancer", "app/demo/0123", "AvailabilityZone", "us-east-1b")));

    assertEquals(new Incident("demo", IncidentKind.NODE_UNHEALTHY, "us-east-1b", EVENT_TIME), result.incident());
  }

  @Test
  void okOfAnAzAlarmStartsNothingWhenNoNodeWasMovedOutOfTheZone() {
    IntakeResult result = intake.take(alarm("connect-ha-demo-remediation-az-us-east-1a-no-healthy", "OK",
        "HealthyHostCount", Map.of("TargetGroup", "targetgroup/demo-connect/73e2d6bc24d8a067",
            "LoadBalancer", "app/demo/0123", "AvailabilityZone", "us-east-1a")));

    assertEquals("ignored", result.outcome(), result.reason());
    assertTrue(workflows.started.isEmpty(), workflows.started.toString());
  }

  @Test
  void okOfAnAzAlarmAfterItsNodesWereReplacedStartsEnsureCapacityForTheCluster() throws Exception {
    Incident moved = new Incident("demo", IncidentKind.AZ_IMPAIRED, "us-east-1a", EVENT_TIME.minusSeconds(600));
    incidents.open(moved, "demo-us-east-1a-old", EVENT_TIME);
    incidents.close(moved.key(), "demo-us-east-1a-old", "replaced", EVENT_TIME, EVENT_TIME);
    IntakeResult result = intake.take(alarm("connect-ha-demo-remediation-az-us-east-1a-no-healthy", "OK",
        "HealthyHostCount", Map.of("TargetGroup", "targetgroup/demo-connect/73e2d6bc24d8a067",
            "LoadBalancer", "app/demo/0123", "AvailabilityZone", "us-east-1a")));

    assertEquals(new IntakeResult("rebalance", result.reason(), null, "demo-rebalance-us-east-1a-20250304T101500Z"),
        result);
    FakeWorkflows.Started started = workflows.started.get("demo-rebalance-us-east-1a-20250304T101500Z");
    assertEquals(ENSURE, started.stateMachineArn());
    assertEquals(Json.MAPPER.readTree("{\"cluster\": \"demo\", \"rebalance\": true}"), Json.MAPPER.readTree(started.input()));
    assertEquals(List.of("demo#us-east-1a"), incidents.records.keySet().stream().toList(), "no new incident");
  }

  @Test
  void okOfAnAzAlarmStartsNothingWhileThatAzsIncidentIsOpen() {
    Incident open = new Incident("demo", IncidentKind.AZ_IMPAIRED, "us-east-1a", EVENT_TIME.minusSeconds(300));
    incidents.open(open, ExecutionNames.remediate(open), NOW);
    calls.clear();

    IntakeResult result = intake.take(alarm("connect-ha-demo-remediation-az-us-east-1a-unhealthy", "OK",
        "UnHealthyHostCount", Map.of("TargetGroup", "targetgroup/demo-connect/73e2d6bc24d8a067",
            "LoadBalancer", "app/demo/0123", "AvailabilityZone", "us-east-1a")));

    assertEquals("ignored", result.outcome());
    assertEquals(Map.of(), workflows.started);
    assertEquals(List.of(), mutating());
  }

  @Test
  void okOrInsufficientDataOfANodeOrClusterAlarmIsIgnoredWithoutACall() {
    for (String state : List.of("OK", "INSUFFICIENT_DATA")) {
      IntakeResult result = intake.take(alarm("connect-ha-demo-remediation-node-" + NODE + "-status", state,
          "StatusCheckFailed", Map.of("InstanceId", NODE)));
      assertEquals("ignored", result.outcome());
    }
    assertEquals(List.of(), calls);
  }

  @Test
  void alarmsAndEventsRemediationDoesNotWatchAreIgnoredWithoutACall() {
    List<JsonNode> events = List.of(
        alarm("ServerCpuTooHigh", "ALARM", "CPUUtilization", Map.of("InstanceId", NODE)),
        alarm("connect-ha-demo-remediation-cpu", "ALARM", "CPUUtilization", Map.of("InstanceId", NODE)),
        Json.MAPPER.createObjectNode().put("detail-type", "Scheduled Event").put("time", EVENT_TIME.toString())
            .set("detail", Json.MAPPER.createObjectNode()));
    for (JsonNode event : events) {
      assertEquals("ignored", intake.take(event).outcome());
    }
    assertEquals(List.of(), calls);
  }

  @Test
  void anEc2OperationalIssueImpairsTheZonesOfTheClustersItsInstancesAreIn() throws Exception {
    nodes.clusterTags.put("i-0123456789abcdef0", "demo");
    nodes.nodes = List.of(new Node("i-0123456789abcdef0", "us-east-1a", "subnet-a", "running", "10.0.1.10"));

    IntakeResult result = intake.take(Json.MAPPER.readTree(
        Files.readString(Path.of("../../events/OpenIncidentFunction.health.json"))));

    assertEquals(new Incident("demo", IncidentKind.AZ_IMPAIRED, "us-east-1a", EVENT_TIME), result.incident());
    assertEquals("opened", result.outcome());
    assertEquals(List.of("demo-us-east-1a-20250304T101500Z"), List.copyOf(workflows.started.keySet()));
  }

  @Test
  void aHealthEventAboutOtherServicesOrNoClusterInstanceIsIgnored() throws Exception {
    ObjectNode other = (ObjectNode) Json.MAPPER.readTree(
        Files.readString(Path.of("../../events/OpenIncidentFunction.health.json")));
    ObjectNode notEc2 = other.deepCopy();
    ((ObjectNode) notEc2.get("detail")).put("eventTypeCode", "AWS_RDS_OPERATIONAL_ISSUE");

    assertEquals("ignored", intake.take(notEc2).outcome());
    assertEquals(List.of(), calls);
    assertEquals("ignored", intake.take(other).outcome()); // its instance has no cluster tag here
    assertEquals(List.of("nodes.clusterOf i-0123456789abcdef0"), calls);
  }

  @Test
  void anAutoshiftImpairsTheZoneForEveryRegisteredClusterWithNodesThere() throws Exception {
    registry.documents.put("prod", document("prod"));
    nodes.zoneNames.put("use1-az1", "us-east-1b");
    nodes.nodes = List.of(new Node("i-0000000000000000a", "us-east-1b", "subnet-b", "running", "10.0.2.10"),
        new Node("i-0000000000000000b", "us-east-1b", "subnet-b", "running", "10.0.2.11"),
        new Node("i-0000000000000000c", "us-east-1b", "subnet-b", "running", "10.0.2.12"),
        new Node("i-0000000000000000d", "us-east-1a", "subnet-a", "running", "10.0.1.10"));
    nodes.clusterTags.putAll(Map.of("i-0000000000000000a", "demo", "i-0000000000000000b", "prod",
        "i-0000000000000000c", "unregistered", "i-0000000000000000d", "other"));

    IntakeResult result = intake.take(Json.MAPPER.readTree(
        Files.readString(Path.of("../../events/OpenIncidentFunction.arc.json"))));

    assertEquals(new Incident("demo", IncidentKind.AZ_IMPAIRED, "us-east-1b", EVENT_TIME), result.incident());
    assertEquals(List.of("demo-us-east-1b-20250304T101500Z", "prod-us-east-1b-20250304T101500Z"),
        List.copyOf(workflows.started.keySet()));
  }

  @Test
  void anAutoshiftAwayFromAZoneNoClusterUsesIsIgnored() throws Exception {
    nodes.zoneNames.put("use1-az1", "us-east-1b");

    IntakeResult result = intake.take(Json.MAPPER.readTree(
        Files.readString(Path.of("../../events/OpenIncidentFunction.arc.json"))));

    assertEquals("ignored", result.outcome());
    assertEquals(List.of("nodes.zoneName use1-az1", "nodes.clustersIn us-east-1b"), calls);
  }

  @Test
  void aCompletedAutoshiftEndsConnectHasOwnZonalShiftAndRebalancesEachClusterThatMovedNodesOutOfTheZone() throws Exception {
    registry.documents.put("prod", document("prod"));
    nodes.zoneNames.put("use1-az1", "us-east-1b");
    Incident moved = new Incident("demo", IncidentKind.AZ_IMPAIRED, "us-east-1b", EVENT_TIME.minusSeconds(600));
    incidents.open(moved, "demo-us-east-1b-old", EVENT_TIME);
    incidents.close(moved.key(), "demo-us-east-1b-old", "replaced", EVENT_TIME, EVENT_TIME);
    String ours = shifts.start(TrafficShifterTest.LOAD_BALANCER, "use1-az1", "6h", "connect-ha demo remediation x").id();
    String operators = shifts.start(TrafficShifterTest.LOAD_BALANCER, "use1-az1", "6h", "an operator's drill").id();
    ObjectNode completed = (ObjectNode) Json.MAPPER.readTree(
        Files.readString(Path.of("../../events/OpenIncidentFunction.arc.json")));
    completed.put("detail-type", "Autoshift Completed");

    IntakeResult result = intake.take(completed);

    assertEquals("rebalance", result.outcome(), result.reason());
    assertEquals(List.of("demo-rebalance-us-east-1b-20250304T101500Z"), List.copyOf(workflows.started.keySet()));
    assertEquals(Json.MAPPER.readTree("{\"cluster\": \"demo\", \"rebalance\": true}"),
        Json.MAPPER.readTree(workflows.started.get(result.execution()).input()));
    assertEquals(List.of(ours), shifts.cancelled);
    assertEquals(List.of(operators), List.copyOf(shifts.active.keySet()));
    assertTrue(result.reason().contains("zonal shift " + ours + " cancelled"), result.reason());
  }

  @Test
  void aRecoveryAfterAFailedReplacementEndsTheShiftButRebalancesNothing() {
    nodes.zoneNames.put("use1-az1", "us-east-1a");
    Incident failed = new Incident("demo", IncidentKind.AZ_IMPAIRED, "us-east-1a", EVENT_TIME.minusSeconds(600));
    incidents.open(failed, "demo-us-east-1a-old", EVENT_TIME);
    incidents.close(failed.key(), "demo-us-east-1a-old", "failed", EVENT_TIME, EVENT_TIME);
    String ours = shifts.start(TrafficShifterTest.LOAD_BALANCER, "use1-az1", "6h", "connect-ha demo remediation x").id();

    IntakeResult result = intake.take(alarm("connect-ha-demo-remediation-az-us-east-1a-no-healthy", "OK",
        "HealthyHostCount", Map.of("TargetGroup", "targetgroup/demo-connect/73e2d6bc24d8a067",
            "LoadBalancer", "app/demo/0123", "AvailabilityZone", "us-east-1a")));

    assertEquals("recovered", result.outcome(), result.reason());
    assertEquals(List.of(ours), shifts.cancelled);
    assertEquals(Map.of(), workflows.started);
  }

  @Test
  void aClosedEc2OperationalIssueIsTheRecoveryOfTheZonesOfItsInstances() throws Exception {
    nodes.clusterTags.put("i-0123456789abcdef0", "demo");
    nodes.nodes = List.of(new Node("i-0123456789abcdef0", "us-east-1a", "subnet-a", "terminated", "10.0.1.10"));
    Incident moved = new Incident("demo", IncidentKind.AZ_IMPAIRED, "us-east-1a", EVENT_TIME.minusSeconds(600));
    incidents.open(moved, "demo-us-east-1a-old", EVENT_TIME);
    incidents.close(moved.key(), "demo-us-east-1a-old", "replaced", EVENT_TIME, EVENT_TIME);
    ObjectNode closed = (ObjectNode) Json.MAPPER.readTree(
        Files.readString(Path.of("../../events/OpenIncidentFunction.health.json")));
    ((ObjectNode) closed.get("detail")).put("statusCode", "closed");

    IntakeResult result = intake.take(closed);

    assertEquals("rebalance", result.outcome(), result.reason());
    assertEquals(List.of("demo-rebalance-us-east-1a-20250304T101500Z"), List.copyOf(workflows.started.keySet()));
    assertEquals(List.of("demo#us-east-1a"), List.copyOf(incidents.records.keySet()), "no new incident");
  }

  static Stream<String> malformedEvents() {
    return Stream.of("[]", "\"text\"", "{}", "{\"detail-type\": \"CloudWatch Alarm State Change\"}",
        "{\"detail-type\": {}, \"time\": \"2025-03-04T10:15:00Z\", \"detail\": {}}",
        "{\"detail-type\": \"CloudWatch Alarm State Change\", \"time\": \"yesterday\", \"detail\": {}}",
        "{\"detail-type\": \"CloudWatch Alarm State Change\", \"time\": \"2025-03-04T10:15:00Z\", \"detail\": []}",
        "{\"detail-type\": \"CloudWatch Alarm State Change\", \"time\": \"2025-03-04T10:15:00Z\", \"detail\": {}}",
        "{\"detail-type\": \"CloudWatch Alarm State Change\", \"time\": \"2025-03-04T10:15:00Z\","
            + " \"detail\": {\"alarmName\": \"connect-ha-demo-remediation-x\", \"state\": {\"value\": {}}}}",
        "{\"detail-type\": \"EC2 Instance State-change Notification\", \"time\": \"2025-03-04T10:15:00Z\","
            + " \"detail\": {\"instance-id\": [], \"state\": \"stopped\"}}");
  }

  @ParameterizedTest
  @MethodSource("malformedEvents")
  void aMalformedEventIsInvalidInputWithZeroCalls(String event) throws Exception {
    JsonNode node = Json.MAPPER.readTree(event);

    assertThrows(InvalidInputException.class, () -> intake.take(node));
    assertEquals(List.of(), calls);
  }

  @Test
  void theSampleEventsOpenTheirIncidents() throws Exception {
    nodes.clusterTags.put("i-0123456789abcdef0", "demo");
    Path events = Path.of("../../events");

    IntakeResult alarm = intake.take(Json.MAPPER.readTree(Files.readString(events.resolve("OpenIncidentFunction.json"))));
    IntakeResult ec2 = intake.take(Json.MAPPER.readTree(Files.readString(events.resolve("OpenIncidentFunction.ec2.json"))));

    assertEquals(IncidentKind.AZ_IMPAIRED, alarm.incident().kind());
    assertEquals("us-east-1a", alarm.incident().subject());
    assertEquals(new Incident("demo", IncidentKind.NODE_DEAD, "i-0123456789abcdef0", Instant.parse("2025-03-04T10:15:00Z")),
        ec2.incident());
  }

  private List<String> mutating() {
    return calls.stream().filter(c -> !c.startsWith("registry.load") && !c.startsWith("nodes.")).toList();
  }

  static ClusterDocument document(String name) {
    return new ClusterDocument(name, TARGET_GROUP, name + "-db", null, "fs-0123456789abcdef0", "lt-0123",
        Map.of("us-east-1a", "subnet-a", "us-east-1b", "subnet-b"), name + "-vault", null, "https://packages/",
        2, ConnectVersion.parse("2024.09.0"));
  }

  /** A CloudWatch Alarm State Change as EventBridge delivers it (the shape of AWS's documented example). */
  static JsonNode alarm(String name, String state, String metric, Map<String, String> dimensions) {
    ObjectNode event = Json.MAPPER.createObjectNode()
        .put("version", "0").put("id", "c4c1c1c9-6542-e61b-6ef0-8c4d36933a92")
        .put("detail-type", "CloudWatch Alarm State Change").put("source", "aws.cloudwatch")
        .put("account", "123456789012").put("time", EVENT_TIME.toString()).put("region", "us-east-1");
    event.putArray("resources").add("arn:aws:cloudwatch:us-east-1:123456789012:alarm:" + name);
    ObjectNode detail = event.putObject("detail").put("alarmName", name);
    ObjectNode metricNode = detail.putObject("configuration").putArray("metrics").addObject()
        .put("id", "m1").put("returnData", true)
        .putObject("metricStat").put("period", 60).put("stat", "Minimum")
        .putObject("metric").put("name", metric).put("namespace", "AWS/ApplicationELB");
    ObjectNode dims = metricNode.putObject("dimensions");
    dimensions.forEach(dims::put);
    detail.putObject("state").put("value", state).put("reason", "test").put("timestamp", "2025-03-04T10:15:00.000+0000");
    detail.putObject("previousState").put("value", "OK");
    return event;
  }

  static JsonNode instanceEvent(String instanceId, String state, Instant time) {
    ObjectNode event = Json.MAPPER.createObjectNode()
        .put("version", "0").put("id", "7bf73129-1428-4cd3-a780-95db273d1602")
        .put("detail-type", "EC2 Instance State-change Notification").put("source", "aws.ec2")
        .put("account", "123456789012").put("time", time.toString()).put("region", "us-east-1");
    event.putArray("resources").add("arn:aws:ec2:us-east-1:123456789012:instance/" + instanceId);
    event.putObject("detail").put("instance-id", instanceId).put("state", state);
    return event;
  }

  @Test
  void theTargetGroupDimensionIsTheArnsResourcePart() {
    assertNull(Intake.targetGroupDimension(null));
    assertEquals("targetgroup/demo-connect/73e2d6bc24d8a067", Intake.targetGroupDimension(TARGET_GROUP));
  }
}
