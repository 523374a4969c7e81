package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.config.DocumentKind;
import dev.connectha.json.Json;
import dev.connectha.localcloud.twin.NodeDeath;
import dev.connectha.localcloud.twin.SimNode;
import dev.connectha.localcloud.twin.Twin;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;

/**
 * Detection on the local cloud: the cluster's remediation alarms (as the contract names them, put
 * in moto by the test) evaluated from the twin by the alarm evaluator with 60 s periods scaled to
 * 1.2 s, their "CloudWatch Alarm State Change" events and EC2's "EC2 Instance State-change
 * Notification" events on the event bus, and the twin's faults that cause them.
 */
@ExtendWith(LocalCloudExtension.class)
class RemediationDetectionIT {
  private static final List<String> ZONES = List.of("us-east-1a", "us-east-1b");
  private static final String PREFIX = "connect-ha-demo-remediation-";
  private static final String ALARM_EVENT = "CloudWatch Alarm State Change";
  private static final String EC2_EVENT = "EC2 Instance State-change Notification";
  private static final Duration DETECTION = Duration.ofSeconds(30);

  private final LocalCloud cloud;
  private List<SimNode> nodes;

  RemediationDetectionIT(LocalCloud cloud) {
    this.cloud = cloud;
  }

  /** GIVEN four nodes, two in each of two zones, with every remediation alarm the contract gives them, and periods of 1.2 s. */
  @BeforeEach
  void fourNodesWithTheirRemediationAlarms() {
    cloud.reset(new Twin.Spec("demo", 4, ZONES, "2024.08.0"));
    cloud.detection(true);
    nodes = cloud.twin().nodes();
    TargetGroup group = cloud.clients().elb.describeTargetGroups().targetGroups().get(0);
    String targetGroup = group.targetGroupArn().substring(group.targetGroupArn().indexOf("targetgroup/"));
    String loadBalancer = group.loadBalancerArns().get(0).substring(group.loadBalancerArns().get(0).indexOf("app/"));
    for (String az : ZONES) {
      alarm("az-" + az + "-unhealthy", "AWS/ApplicationELB", "UnHealthyHostCount", "Maximum", "GreaterThanThreshold", 0,
          Map.of("TargetGroup", targetGroup, "LoadBalancer", loadBalancer, "AvailabilityZone", az));
      alarm("az-" + az + "-no-healthy", "AWS/ApplicationELB", "HealthyHostCount", "Minimum", "LessThanThreshold", 1,
          Map.of("TargetGroup", targetGroup, "LoadBalancer", loadBalancer, "AvailabilityZone", az));
    }
    alarm("no-healthy-host", "AWS/ApplicationELB", "HealthyHostCount", "Minimum", "LessThanThreshold", 1,
        Map.of("TargetGroup", targetGroup, "LoadBalancer", loadBalancer));
    nodes.forEach(n -> alarm("node-" + n.instanceId + "-status", "AWS/EC2", "StatusCheckFailed", "Maximum",
        "GreaterThanOrEqualToThreshold", 1, Map.of("InstanceId", n.instanceId)));
    cloud.alarms().periodScale(0.02);
  }

  private void alarm(String suffix, String namespace, String metric, String statistic, String operator, double threshold,
      Map<String, String> dimensions) {
    cloud.clients().cloudwatch.putMetricAlarm(b -> b.alarmName(PREFIX + suffix).namespace(namespace).metricName(metric)
        .dimensions(dimensions.entrySet().stream().map(d -> Dimension.builder().name(d.getKey()).value(d.getValue()).build()).toList())
        .statistic(statistic).period(60).evaluationPeriods(2).threshold(threshold).comparisonOperator(operator)
        .treatMissingData("notBreaching").actionsEnabled(false)
        .tags(t -> t.key("connect-ha:cluster").value("demo"), t -> t.key("connect-ha:purpose").value("remediation")));
  }

  private List<SimNode> in(String az) {
    return nodes.stream().filter(n -> n.availabilityZone.equals(az)).toList();
  }

  /** The alarm state change events of {@code alarm} (its name after the prefix) on the bus, oldest first. */
  private List<JsonNode> alarmEvents(String alarm) {
    return cloud.events().observed(ALARM_EVENT).stream().map(EventBus.Observed::event)
        .filter(e -> e.path("detail").path("alarmName").asText().equals(PREFIX + alarm)).toList();
  }

  private List<String> alarmStates(String alarm) {
    return alarmEvents(alarm).stream().map(e -> e.path("detail").path("state").path("value").asText()).toList();
  }

  private List<String> ec2States(String instanceId) {
    return cloud.events().observed(EC2_EVENT).stream().map(EventBus.Observed::event)
        .filter(e -> e.path("detail").path("instance-id").asText().equals(instanceId))
        .map(e -> e.path("detail").path("state").asText()).toList();
  }

  private String motoState(String alarm) {
    return cloud.clients().cloudwatch.describeAlarms(b -> b.alarmNames(PREFIX + alarm)).metricAlarms().get(0).stateValueAsString();
  }


  private void awaitAlarm(String alarm, String state) {
    Await.until(alarm + " goes to " + state, DETECTION, () -> alarmStates(alarm).contains(state) ? true : null);
  }

  private GetCommandInvocationResponse command(DocumentKind kind, String instanceId) {
    String document = cloud.documentName(kind);
    String id = cloud.clients().ssm.sendCommand(b -> b.documentName(document).instanceIds(instanceId)).command().commandId();
    return Await.until(document + " ends on " + instanceId, Duration.ofSeconds(60), () -> {
      GetCommandInvocationResponse r = cloud.clients().ssm.getCommandInvocation(b -> b.commandId(id).instanceId(instanceId));
      return List.of("Pending", "InProgress", "Delayed").contains(r.statusAsString()) ? null : r;
    });
  }

  private Map<String, String> targetHealth() {
    String arn = cloud.clients().elb.describeTargetGroups().targetGroups().get(0).targetGroupArn();
    Map<String, String> health = new java.util.TreeMap<>();
    cloud.clients().elb.describeTargetHealth(b -> b.targetGroupArn(arn)).targetHealthDescriptions()
        .forEach(d -> health.put(d.target().id(), d.targetHealth().stateAsString()));
    return health;
  }

  @Test
  void connectCrashingOnOneNodeRaisesItsZonesUnhealthyAlarmOnceAndARestartClearsIt() {
    SimNode crashed = in("us-east-1a").get(0);

    cloud.twin().crashConnect(crashed.instanceId);
    awaitAlarm("az-us-east-1a-unhealthy", "ALARM");

    assertEquals("unhealthy", targetHealth().get(crashed.instanceId));
    assertEquals("ALARM", motoState("az-us-east-1a-unhealthy"));
    JsonNode event = alarmEvents("az-us-east-1a-unhealthy").get(0);
    JsonNode metric = event.path("detail").path("configuration").path("metrics").get(0).path("metricStat").path("metric");
    assertAll("a CloudWatch-shaped event",
        () -> assertEquals("aws.cloudwatch", event.path("source").asText()),
        () -> assertEquals(List.of("arn:aws:cloudwatch:us-east-1:123456789012:alarm:" + PREFIX + "az-us-east-1a-unhealthy"),
            List.of(event.path("resources").get(0).asText())),
        () -> assertEquals("OK", event.path("detail").path("previousState").path("value").asText()),
        () -> assertTrue(event.path("detail").path("state").path("reason").asText().startsWith("Threshold Crossed: 2 out of the last 2"),
            event.toString()),
        () -> assertEquals("AWS/ApplicationELB", metric.path("namespace").asText()),
        () -> assertEquals("UnHealthyHostCount", metric.path("name").asText()),
        () -> assertEquals("us-east-1a", metric.path("dimensions").path("AvailabilityZone").asText()),
        () -> assertTrue(metric.path("dimensions").path("TargetGroup").asText().startsWith("targetgroup/")));

    EventBus.Observed observed = cloud.events().observed(ALARM_EVENT).get(0);
    assertEquals(List.of("OpenIncidentFunctionAlarmStateChange"), observed.rules(), "the template's intake rule matches it");
    assertEquals(List.of("arn:aws:lambda:us-east-1:123456789012:function:connect-ha-OpenIncident"),
        observed.started().stream().map(EventBus.Started::target).toList());

    GetCommandInvocationResponse start = command(DocumentKind.START_CONNECT, crashed.instanceId);
    assertEquals("Success", start.statusAsString(), start.standardErrorContent());
    awaitAlarm("az-us-east-1a-unhealthy", "OK");

    assertEquals(List.of("ALARM", "OK"), alarmStates("az-us-east-1a-unhealthy"));
    assertEquals(2, cloud.events().observed(ALARM_EVENT).size(), "no other alarm changed: "
        + cloud.alarms().transitions());
  }

  @Test
  void anImpairedZoneRaisesItsNoHealthyAlarmAndLeavesTheOtherZoneAlone() {
    List<String> impaired = in("us-east-1b").stream().map(n -> n.instanceId).toList();

    cloud.twin().impairAz("us-east-1b");
    awaitAlarm("az-us-east-1b-no-healthy", "ALARM");
    impaired.forEach(id -> awaitAlarm("node-" + id + "-status", "ALARM"));

    assertAll(
        () -> assertEquals(List.of("ALARM"), alarmStates("az-us-east-1b-unhealthy")),
        () -> assertEquals(List.of(), alarmStates("az-us-east-1a-no-healthy")),
        () -> assertEquals(List.of(), alarmStates("az-us-east-1a-unhealthy")),
        () -> assertEquals(List.of(), alarmStates("no-healthy-host")),
        () -> impaired.forEach(id -> assertEquals("unhealthy", targetHealth().get(id))));
    var agents = cloud.clients().ssm.describeInstanceInformation(b -> b.instanceInformationFilterList(f -> f.key("InstanceIds")
        .valueSet(impaired))).instanceInformationList();
    assertTrue(agents.stream().allMatch(i -> i.pingStatusAsString().equals("ConnectionLost")), agents.toString());
    GetCommandInvocationResponse status = command(DocumentKind.CONNECT_STATUS, impaired.get(0));
    assertEquals("Undeliverable", status.statusDetails());

    cloud.twin().restoreAz("us-east-1b");
    awaitAlarm("az-us-east-1b-no-healthy", "OK");
  }

  @Test
  void stoppingAnInstanceThroughTheEc2ApiPutsStoppingThenStoppedOnTheBus() {
    String stopped = nodes.get(0).instanceId;
    String terminated = nodes.get(1).instanceId;

    cloud.clients().ec2.stopInstances(b -> b.instanceIds(stopped));
    cloud.clients().ec2.terminateInstances(b -> b.instanceIds(terminated));

    assertEquals(List.of("stopping", "stopped"), ec2States(stopped));
    assertEquals(List.of("shutting-down", "terminated"), ec2States(terminated));
    assertTrue(cloud.events().observed(EC2_EVENT).stream().allMatch(o -> o.rules().equals(List.of("OpenIncidentFunctionInstanceStateChange"))
        && o.started().size() == 1), "the template's intake rule matches each: " + cloud.events().observed(EC2_EVENT));
    JsonNode event = cloud.events().observed(EC2_EVENT).get(0).event();
    assertEquals("aws.ec2", event.path("source").asText());
    assertEquals("arn:aws:ec2:us-east-1:123456789012:instance/" + stopped, event.path("resources").get(0).asText());
  }

  @Test
  void withDetectionOffNothingIsPutOnTheBusAndTurnedOnAgainOnlyWhatHappensThenIs() {
    String stoppedWhileOff = nodes.get(0).instanceId;
    String stoppedAfter = nodes.get(1).instanceId;
    cloud.detection(false);

    cloud.clients().ec2.stopInstances(b -> b.instanceIds(stoppedWhileOff));
    cloud.detection(true);
    cloud.alarms().evaluateNow(); // one tick now: it looks at every instance again
    cloud.clients().ec2.stopInstances(b -> b.instanceIds(stoppedAfter));

    assertEquals(List.of(), ec2States(stoppedWhileOff));
    assertEquals(List.of("stopping", "stopped"), ec2States(stoppedAfter));
  }

  @Test
  void aNodeTheTwinKillsIsNotifiedAndFailsItsStatusCheckWhileOneStoppedOnPurposeDoesNot() {
    String onPurpose = nodes.get(0).instanceId;
    String killed = nodes.get(2).instanceId;

    cloud.clients().ec2.stopInstances(b -> b.instanceIds(onPurpose));
    cloud.twin().killNode(killed, NodeDeath.STOPPED);
    awaitAlarm("node-" + killed + "-status", "ALARM");

    assertEquals(List.of("stopping", "stopped"), ec2States(killed));
    assertEquals(List.of(), alarmStates("node-" + onPurpose + "-status"), "no status checks for a stopped instance");
  }

  @Test
  void anExpiredLicenceMakesEveryTargetUnhealthyAndTheStatusDocumentReport402() throws IOException {
    cloud.twin().expireLicense();

    GetCommandInvocationResponse status = command(DocumentKind.CONNECT_STATUS, nodes.get(0).instanceId);

    assertEquals("Success", status.statusAsString(), status.standardErrorContent());
    JsonNode report = Json.MAPPER.readTree(status.standardOutputContent());
    assertEquals(402, report.path("pingStatus").asInt(), report.toString());
    assertFalse(report.path("ping").asBoolean(true));
    assertEquals("active", report.path("serviceState").asText());
    assertTrue(targetHealth().values().stream().allMatch("unhealthy"::equals), targetHealth().toString());
    awaitAlarm("no-healthy-host", "ALARM");
  }

  @Test
  void anAgentOfflineIsConnectionLostAndTakesNoCommand() {
    String offline = nodes.get(1).instanceId;

    cloud.twin().agentOffline(offline);

    var info = cloud.clients().ssm.describeInstanceInformation(b -> b.instanceInformationFilterList(f -> f.key("InstanceIds")
        .valueSet(offline))).instanceInformationList();
    assertEquals("ConnectionLost", info.get(0).pingStatusAsString());
    GetCommandInvocationResponse status = command(DocumentKind.CONNECT_STATUS, offline);
    assertEquals("Failed", status.statusAsString());
    assertEquals("Undeliverable", status.statusDetails());
    assertEquals("healthy", targetHealth().get(offline), "Connect still serves");
  }

  @Test
  void anUnavailableDatabaseIsReportedWithItsStatusUntilItIsAvailable() {
    cloud.twin().databaseUnavailable("failing-over");
    List<String> during = new ArrayList<>();
    cloud.clients().rds.describeDBInstances().dbInstances().forEach(d -> during.add(d.dbInstanceStatus()));

    cloud.twin().databaseAvailable();

    assertEquals(List.of("failing-over"), during);
    assertEquals("available", cloud.clients().rds.describeDBInstances().dbInstances().get(0).dbInstanceStatus());
  }

  @Test
  void theMonitoringScheduleInvokesItsFunctionWhichCreatesTheClustersAlarms() {
    String id = cloud.events().fireSchedule("EnsureClusterMonitoringFunctionHourly");

    EventBus.FunctionInvocation invocation = Await.until("EnsureClusterMonitoring ends", Duration.ofSeconds(60),
        () -> cloud.events().invocation(id).done() ? cloud.events().invocation(id) : null);
    assertEquals(null, invocation.error(), invocation.toString());
    assertEquals("connect-ha-EnsureClusterMonitoring", invocation.function());
    assertTrue(invocation.output().contains("\"cluster\":\"demo\""), invocation.output());
  }

  @Test
  void aClusterRegisteredAfterTheDeployGetsItsOwnDashboardAndTheTemplatesClusterKeepsTheStacks() throws IOException {
    String document = cloud.clients().ssm.getParameter(b -> b.name("/connect-ha/clusters/demo")).parameter().value();
    JsonNode later = ((com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(document)).put("name", "later");
    cloud.clients().ssm.putParameter(b -> b.name("/connect-ha/clusters/later").value(later.toString())
        .type(software.amazon.awssdk.services.ssm.model.ParameterType.STRING));
    try {
      String id = cloud.events().fireSchedule("EnsureClusterMonitoringFunctionHourly");
      EventBus.FunctionInvocation invocation = Await.until("EnsureClusterMonitoring ends", Duration.ofSeconds(60),
          () -> cloud.events().invocation(id).done() ? cloud.events().invocation(id) : null);
      assertEquals(null, invocation.error(), invocation.toString());
      JsonNode clusters = Json.MAPPER.readTree(invocation.output()).path("clusters");
      Map<String, String> dashboards = new java.util.TreeMap<>();
      clusters.forEach(c -> dashboards.put(c.path("cluster").asText(), c.path("dashboard").asText()));
      assertEquals(Map.of("demo", "template", "later", "put"), dashboards);

      JsonNode body = Json.MAPPER.readTree(cloud.clients().cloudwatch.getDashboard(b -> b.dashboardName("connect-ha-later"))
          .dashboardBody());
      assertEquals("Healthy hosts per Availability Zone (later)",
          body.path("widgets").get(0).path("properties").path("title").asText());
      assertTrue(body.toString().contains("\"Cluster\",\"later\""), body.toString());
      assertFalse(cloud.clients().cloudwatch.listDashboards().dashboardEntries().stream()
          .anyMatch(d -> d.dashboardName().equals("connect-ha-demo")), "the template's cluster's dashboard is the stack's");
    } finally {
      cloud.clients().ssm.deleteParameter(b -> b.name("/connect-ha/clusters/later"));
      cloud.clients().cloudwatch.deleteDashboards(b -> b.dashboardNames("connect-ha-later"));
    }
  }

  @Test
  void anImpairedZoneTakesNoLaunch() {
    String subnet = nodes.get(0).subnetId;
    cloud.twin().impairAz(nodes.get(0).availabilityZone);

    Ec2Exception refused = assertThrows(Ec2Exception.class, () -> cloud.clients().ec2.runInstances(b -> b.imageId("ami-12345678")
        .instanceType("m6i.large").minCount(1).maxCount(1).subnetId(subnet)));

    assertEquals("InsufficientInstanceCapacity", refused.awsErrorDetails().errorCode());
  }
}
