package dev.connectha.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.errors.ClusterNotFoundException;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.config.Config;
import dev.connectha.fakes.FakeAlarms;
import dev.connectha.fakes.FakeDashboards;
import dev.connectha.fakes.FakeClusterRegistry;
import dev.connectha.fakes.FakeNodeDirectory;
import dev.connectha.fakes.FakeTargetRegistrations;
import dev.connectha.json.Json;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.Node;
import dev.connectha.ports.Alarms.Spec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** EnsureClusterMonitoring over fakes: the alarms a cluster gets, and that only what changed is changed. */
class ClusterMonitoringTest {
  private static final String TARGET_GROUP = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/demo/0123456789abcdef";
  private static final String LOAD_BALANCER = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/demo/fedcba9876543210";
  private static final String NODE_A = "i-0aaaaaaaaaaaaaaa1";
  private static final String NODE_B = "i-0bbbbbbbbbbbbbbb1";
  private static final String PREFIX = "connect-ha-demo-remediation-";
  private static final Map<String, String> ELB = Map.of("TargetGroup", "targetgroup/demo/0123456789abcdef",
      "LoadBalancer", "app/demo/fedcba9876543210");

  private final List<String> calls = new ArrayList<>();
  private final FakeClusterRegistry registry = new FakeClusterRegistry(calls, cluster("demo", TARGET_GROUP));
  private final FakeNodeDirectory nodes = new FakeNodeDirectory(calls, List.of(
      new Node(NODE_A, "us-east-1a", "subnet-a", "running", "10.0.0.10"),
      new Node(NODE_B, "us-east-1b", "subnet-b", "running", "10.0.1.10")));
  private final FakeTargetRegistrations targets = new FakeTargetRegistrations(calls, 3939, List.of(LOAD_BALANCER));
  private final FakeAlarms alarms = new FakeAlarms(calls);
  private final FakeDashboards dashboards = new FakeDashboards(calls);
  /** Without STACK_NAME, as the alarm tests run: no dashboard. */
  private final ClusterMonitoring monitoring = new ClusterMonitoring(registry, nodes, targets, alarms, dashboards,
      Config.from(Map.of("AWS_REGION", "us-east-1")));
  private final ClusterMonitoring withDashboards = new ClusterMonitoring(registry, nodes, targets, alarms, dashboards,
      Config.from(Map.of("AWS_REGION", "us-east-1", "STACK_NAME", "connect-ha", "TEMPLATE_CLUSTER_NAME", "first",
          "BACKUP_AGE_ALARM_HOURS", "30")));
  private final EnsureClusterMonitoringHandler handler = new EnsureClusterMonitoringHandler(monitoring, "ConnectHaTest");

  private static ClusterDocument cluster(String name, String targetGroupArn) {
    return new ClusterDocument(name, targetGroupArn, name + "-db", null, "fs-0123456789abcdef0", null, Map.of(), null, null,
        null, 2, null);
  }

  private MonitoringReport.ClusterAlarms ensureDemo() {
    MonitoringReport report = monitoring.ensure(new EnsureClusterMonitoringInput("demo", "arn:exec:1"));
    assertEquals(1, report.clusters().size());
    return report.clusters().get(0);
  }

  private static Map<String, String> dims(Map<String, String> base, String... more) {
    Map<String, String> all = new TreeMap<>(base);
    for (int i = 0; i < more.length; i += 2) {
      all.put(more[i], more[i + 1]);
    }
    return all;
  }

  private List<String> changes() {
    return calls.stream().filter(c -> c.startsWith("change")).toList();
  }

  @Test
  void aClusterOfTwoNodesInTwoZonesGetsSevenAlarmsWithTheirMetricsAndDimensions() {
    MonitoringReport.ClusterAlarms result = ensureDemo();

    assertEquals(List.of(PREFIX + "az-us-east-1a-no-healthy", PREFIX + "az-us-east-1a-unhealthy", PREFIX + "az-us-east-1b-no-healthy",
        PREFIX + "az-us-east-1b-unhealthy", PREFIX + "no-healthy-host", PREFIX + "node-" + NODE_A + "-status",
        PREFIX + "node-" + NODE_B + "-status"), result.created());
    assertEquals(List.of(), result.deleted());
    assertEquals(0, result.kept());

    Spec cluster = alarms.specs.get(PREFIX + "no-healthy-host");
    assertEquals(List.of("AWS/ApplicationELB", "HealthyHostCount", "Minimum", "LessThanThreshold"),
        List.of(cluster.namespace(), cluster.metricName(), cluster.statistic(), cluster.comparison()));
    assertEquals(1.0, cluster.threshold());
    assertEquals(ELB, cluster.dimensions());

    Spec unhealthy = alarms.specs.get(PREFIX + "az-us-east-1b-unhealthy");
    assertEquals(List.of("AWS/ApplicationELB", "UnHealthyHostCount", "Maximum", "GreaterThanThreshold"),
        List.of(unhealthy.namespace(), unhealthy.metricName(), unhealthy.statistic(), unhealthy.comparison()));
    assertEquals(0.0, unhealthy.threshold());
    assertEquals(dims(ELB, "AvailabilityZone", "us-east-1b"), unhealthy.dimensions());

    Spec noHealthy = alarms.specs.get(PREFIX + "az-us-east-1a-no-healthy");
    assertEquals(List.of("AWS/ApplicationELB", "HealthyHostCount", "Minimum", "LessThanThreshold"),
        List.of(noHealthy.namespace(), noHealthy.metricName(), noHealthy.statistic(), noHealthy.comparison()));
    assertEquals(1.0, noHealthy.threshold());
    assertEquals(dims(ELB, "AvailabilityZone", "us-east-1a"), noHealthy.dimensions());

    Spec status = alarms.specs.get(PREFIX + "node-" + NODE_A + "-status");
    assertEquals(List.of("AWS/EC2", "StatusCheckFailed", "Maximum", "GreaterThanOrEqualToThreshold"),
        List.of(status.namespace(), status.metricName(), status.statistic(), status.comparison()));
    assertEquals(1.0, status.threshold());
    assertEquals(Map.of("InstanceId", NODE_A), status.dimensions());

    for (Spec spec : alarms.specs.values()) {
      assertEquals(60, spec.periodSeconds(), spec.name());
      assertEquals(2, spec.evaluationPeriods(), spec.name());
      assertEquals("notBreaching", spec.treatMissingData(), spec.name());
      assertEquals(Map.of("connect-ha:cluster", "demo", "connect-ha:purpose", "remediation"),
          alarms.tags.get(FakeAlarms.arn(spec.name())), spec.name());
    }
  }

  @Test
  void aSecondRunCreatesAndDeletesNothing() {
    ensureDemo();
    calls.clear();

    MonitoringReport.ClusterAlarms again = ensureDemo();

    assertEquals(List.of(), again.created());
    assertEquals(List.of(), again.deleted());
    assertEquals(7, again.kept());
    assertEquals(List.of(), changes());
  }

  @Test
  void aRetiredNodesStatusAlarmIsDeletedAndAZoneWithNoNodeLeftLosesItsTwoAlarms() {
    ensureDemo();
    nodes.nodes.removeIf(n -> n.instanceId().equals(NODE_B));

    MonitoringReport.ClusterAlarms after = ensureDemo();

    assertEquals(List.of(PREFIX + "az-us-east-1b-no-healthy", PREFIX + "az-us-east-1b-unhealthy",
        PREFIX + "node-" + NODE_B + "-status"), after.deleted());
    assertEquals(List.of(), after.created());
    assertEquals(4, after.kept());
    assertEquals(Set.of(PREFIX + "az-us-east-1a-no-healthy", PREFIX + "az-us-east-1a-unhealthy", PREFIX + "no-healthy-host",
        PREFIX + "node-" + NODE_A + "-status"), alarms.specs.keySet());
  }

  @Test
  void aStoppedNodeKeepsItsZonesAlarmsButHasNoStatusAlarm() {
    nodes.nodes.set(1, new Node(NODE_B, "us-east-1b", "subnet-b", "stopped", "10.0.1.10"));

    MonitoringReport.ClusterAlarms result = ensureDemo();

    assertTrue(result.created().contains(PREFIX + "az-us-east-1b-no-healthy"), result.created().toString());
    assertTrue(result.created().contains(PREFIX + "az-us-east-1b-unhealthy"), result.created().toString());
    assertFalse(result.created().contains(PREFIX + "node-" + NODE_B + "-status"), result.created().toString());
    assertEquals(6, result.created().size());
  }

  @Test
  void aClusterWithoutATargetGroupGetsOnlyItsNodesStatusAlarms() {
    registry.documents.put("demo", cluster("demo", null));

    MonitoringReport.ClusterAlarms result = ensureDemo();

    assertEquals(List.of(PREFIX + "node-" + NODE_A + "-status", PREFIX + "node-" + NODE_B + "-status"), result.created());
    assertFalse(calls.stream().anyMatch(c -> c.startsWith("read target group")), calls.toString());
  }

  @Test
  void anAlarmOutsideThePrefixOrOfAnotherClusterIsNeverDeletedButAnUnwantedOneUnderThePrefixIs() {
    Spec foreign = new Spec("connect-ha-demo-backup-age", null, "ConnectHa", "NewestCompleteBackupSetAgeHours", Map.of(),
        "Maximum", 3600, 1, 26, "GreaterThanThreshold", "breaching");
    Spec otherCluster = new Spec("connect-ha-prod-remediation-no-healthy-host", null, "AWS/ApplicationELB", "HealthyHostCount",
        ELB, "Minimum", 60, 2, 1, "LessThanThreshold", "notBreaching");
    Spec longerNamedCluster = new Spec(PREFIX + "eu-remediation-no-healthy-host", null, "AWS/ApplicationELB",
        "HealthyHostCount", ELB, "Minimum", 60, 2, 1, "LessThanThreshold", "notBreaching");
    Spec unwanted = new Spec(PREFIX + "node-down", null, "AWS/ApplicationELB", "UnHealthyHostCount", ELB, "Maximum", 60, 2, 0,
        "GreaterThanThreshold", "notBreaching");
    for (Spec spec : List.of(foreign, otherCluster, longerNamedCluster, unwanted)) {
      alarms.metricAlarm(spec, Map.of());
    }

    MonitoringReport.ClusterAlarms result = ensureDemo();

    assertEquals(List.of(PREFIX + "node-down"), result.deleted());
    assertTrue(alarms.specs.keySet().containsAll(List.of(foreign.name(), otherCluster.name(), longerNamedCluster.name())),
        alarms.specs.keySet().toString());
    assertEquals(List.of("change delete [" + PREFIX + "node-down]"),
        calls.stream().filter(c -> c.startsWith("change delete")).toList());
  }

  @Test
  void anAlarmWhoseThresholdDiffersIsPutAgainAndTheOthersAreKept() {
    ensureDemo();
    Spec good = alarms.specs.get(PREFIX + "no-healthy-host");
    alarms.specs.put(good.name(), new Spec(good.name(), good.description(), good.namespace(), good.metricName(),
        good.dimensions(), good.statistic(), good.periodSeconds(), good.evaluationPeriods(), 2, good.comparison(),
        good.treatMissingData()));
    calls.clear();

    MonitoringReport.ClusterAlarms result = ensureDemo();

    assertEquals(List.of(PREFIX + "no-healthy-host"), result.created());
    assertEquals(6, result.kept());
    assertEquals(List.of("change put " + PREFIX + "no-healthy-host"), changes());
    assertEquals(good, alarms.specs.get(good.name()));
  }

  @Test
  void withNoClusterGivenEveryRegisteredClusterGetsItsAlarms() {
    registry.documents.put("prod", cluster("prod", TARGET_GROUP));

    MonitoringReport report = monitoring.ensure(new EnsureClusterMonitoringInput(null, "arn:exec:all"));

    assertEquals(List.of("demo", "prod"), report.clusters().stream().map(MonitoringReport.ClusterAlarms::cluster).toList());
    assertEquals(List.of(7, 7), report.clusters().stream().map(c -> c.created().size()).toList());
    assertTrue(alarms.specs.containsKey("connect-ha-prod-remediation-no-healthy-host"), alarms.specs.keySet().toString());
    assertEquals(14, alarms.specs.size());
  }

  @Test
  void withNoClusterGivenAClusterThatFailsDoesNotStopTheOthersAndItsFailureIsRaisedAfterThem() {
    registry.documents.put("broken", cluster("broken", "arn:aws:elasticloadbalancing:us-east-1:123456789012:not-a-group"));
    registry.documents.put("prod", cluster("prod", TARGET_GROUP));

    PreconditionFailedException e = assertThrows(PreconditionFailedException.class,
        () -> monitoring.ensure(new EnsureClusterMonitoringInput(null, "arn:exec:all")));

    assertTrue(e.getMessage().contains("not-a-group"), e.getMessage());
    assertTrue(alarms.specs.containsKey(PREFIX + "no-healthy-host"), alarms.specs.keySet().toString());
    assertTrue(alarms.specs.containsKey("connect-ha-prod-remediation-no-healthy-host"), alarms.specs.keySet().toString());
    assertFalse(alarms.specs.keySet().stream().anyMatch(n -> n.startsWith("connect-ha-broken-")), alarms.specs.keySet().toString());
  }

  @Test
  void aTargetGroupThatServesNoLoadBalancerLosesItsLoadBalancerAlarmsAndKeepsTheNodes() {
    ensureDemo();
    targets.loadBalancers = List.of();

    MonitoringReport.ClusterAlarms result = ensureDemo();

    assertEquals(List.of(PREFIX + "az-us-east-1a-no-healthy", PREFIX + "az-us-east-1a-unhealthy", PREFIX + "az-us-east-1b-no-healthy",
        PREFIX + "az-us-east-1b-unhealthy", PREFIX + "no-healthy-host"), result.deleted());
    assertEquals(2, result.kept());
  }

  @Test
  void aNetworkLoadBalancersAlarmsWatchTheNetworkElbNamespace() {
    targets.loadBalancers = List.of("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/demo/fedcba9876543210");

    ensureDemo();

    Spec cluster = alarms.specs.get(PREFIX + "no-healthy-host");
    assertEquals("AWS/NetworkELB", cluster.namespace());
    assertEquals("net/demo/fedcba9876543210", cluster.dimensions().get("LoadBalancer"));
  }

  @Test
  void anUnknownClusterIsClusterNotFoundBeforeAnyOtherCall() {
    assertThrows(ClusterNotFoundException.class,
        () -> monitoring.ensure(new EnsureClusterMonitoringInput("nope", "arn:exec:x")));

    assertEquals(List.of("registry.load nope"), calls);
  }

  @Test
  void theHandlerAnswersTheContractsOutputOverJson() throws Exception {
    ensureDemo();
    nodes.nodes.removeIf(n -> n.instanceId().equals(NODE_B));

    JsonNode output = invoke("{\"cluster\":\"demo\",\"executionId\":\"arn:exec:2\"}");

    assertEquals(Json.MAPPER.readTree("{\"clusters\":[{\"cluster\":\"demo\",\"created\":[],\"deleted\":[\"" + PREFIX
        + "az-us-east-1b-no-healthy\",\"" + PREFIX + "az-us-east-1b-unhealthy\",\"" + PREFIX + "node-" + NODE_B
        + "-status\"],\"kept\":4,\"dashboard\":\"none\"}]}"), output);
  }

  @ParameterizedTest
  @ValueSource(strings = {"not json", "[]", "null", "{\"cluster\":\"Demo\"}", "{\"cluster\":\"\"}", "{\"cluster\":{}}",
      "{\"cluster\":[\"demo\"]}", "{\"cluster\":\"demo_1\"}"})
  void malformedInputIsInvalidInputBeforeAnyCall(String json) {
    assertThrows(InvalidInputException.class, () -> invoke(json), json);

    assertEquals(List.of(), calls);
  }

  private JsonNode invoke(String json) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), out, null);
    return Json.MAPPER.readTree(out.toString(StandardCharsets.UTF_8));
  }

  // ---- dashboards of clusters registered after the deploy -------------------------------------

  @Test
  void aClusterRegisteredAfterTheDeployGetsItsDashboardOnceAndKeepsIt() throws Exception {
    MonitoringReport first = withDashboards.ensure(new EnsureClusterMonitoringInput("demo", "arn:exec:1"));
    assertEquals("put", first.clusters().get(0).dashboard());
    String body = dashboards.bodies.get("connect-ha-demo");
    com.fasterxml.jackson.databind.JsonNode widgets = dev.connectha.json.Json.MAPPER.readTree(body).path("widgets");
    assertEquals(5, widgets.size());
    assertTrue(body.contains("TargetGroup=\\\"targetgroup/demo/0123456789abcdef\\\""), body);
    assertTrue(body.contains("\"Cluster\", \"demo\""), body);
    assertTrue(body.contains("\"value\": 30"), body);
    assertTrue(body.contains("{AWS/States,StateMachineArn} connect-ha "), body);

    calls.clear();
    MonitoringReport second = withDashboards.ensure(new EnsureClusterMonitoringInput("demo", "arn:exec:2"));
    assertEquals("kept", second.clusters().get(0).dashboard());
    assertTrue(calls.stream().noneMatch(c -> c.startsWith("put dashboard")), calls.toString());
  }

  @Test
  void aDashboardSomeoneChangedIsPutBack() {
    dashboards.bodies.put("connect-ha-demo", "{\"widgets\": []}");
    assertEquals("put", withDashboards.ensure(new EnsureClusterMonitoringInput("demo", "arn:exec:1")).clusters().get(0)
        .dashboard());
    assertTrue(dashboards.bodies.get("connect-ha-demo").contains("Healthy hosts per Availability Zone (demo)"));
  }

  @Test
  void theTemplatesOwnClusterKeepsTheStacksDashboard() {
    registry.documents.put("first", cluster("first", TARGET_GROUP));
    assertEquals("template", withDashboards.ensure(new EnsureClusterMonitoringInput("first", "arn:exec:1")).clusters()
        .get(0).dashboard());
    assertTrue(dashboards.bodies.isEmpty(), dashboards.bodies.toString());
  }

  @Test
  void withoutTheStacksNameNoDashboardIsPut() {
    assertEquals("none", ensureDemo().dashboard());
    assertTrue(dashboards.bodies.isEmpty());
  }
}
