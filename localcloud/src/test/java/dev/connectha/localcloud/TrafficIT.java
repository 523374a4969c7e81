package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectha.errors.ErrorNames;
import dev.connectha.json.Json;
import dev.connectha.localcloud.twin.Twin;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;

/**
 * The traffic functions (ChangeTargets, CheckTargets, MaintenancePage, PauseAutomation) on the
 * local cloud (RecordClusterVersion moved to LearnedVersionsIT): the project's handlers in-process against moto through
 * the gateway, with the twin answering target health from its simulated Connect.
 */
@ExtendWith(LocalCloudExtension.class)
class TrafficIT {
  private final LocalCloud cloud;
  private final Functions functions;

  TrafficIT(LocalCloud cloud) {
    this.cloud = cloud;
    this.functions = new Functions(cloud);
  }

  @BeforeEach
  void freshCluster() {
    cloud.reset(Twin.Spec.defaults());
  }

  // ---- helpers --------------------------------------------------------------------------------

  private JsonNode run(String function, String input) {
    return functions.run(function, input);
  }

  private JsonNode fail(String function, String input) {
    return functions.fail(function, input);
  }

  private String id(int node) {
    return cloud.twin().node(node).instanceId;
  }

  private JsonNode changeTargets(String action, String... ids) {
    return run("ChangeTargetsFunction", "{\"cluster\":\"demo\",\"action\":\"" + action + "\",\"instanceIds\":"
        + Functions.json(List.of(ids)) + "}");
  }

  private JsonNode checkTargets(String expect, String... ids) {
    return run("CheckTargetsFunction", "{\"cluster\":\"demo\",\"expect\":\"" + expect + "\""
        + (ids.length == 0 ? "" : ",\"instanceIds\":" + Functions.json(List.of(ids))) + "}");
  }

  /** What a Step Functions wait loop does: CheckTargets until allMatch, within a deadline. */
  private JsonNode awaitTargets(String expect, String... ids) {
    Instant deadline = Instant.now().plusSeconds(20);
    JsonNode check = checkTargets(expect, ids);
    while (!check.path("allMatch").asBoolean()) {
      assertTrue(Instant.now().isBefore(deadline), "never " + expect + ": " + check);
      LocalCloud.pause(Duration.ofMillis(200));
      check = checkTargets(expect, ids);
    }
    return check;
  }

  /** Each target by instance id: state (reason). */
  private static Map<String, String> states(JsonNode targets) {
    Map<String, String> states = new TreeMap<>();
    targets.forEach(t -> states.put(t.path("instanceId").asText(),
        t.path("state").asText() + (t.hasNonNull("reason") ? " (" + t.path("reason").asText() + ")" : "")));
    return states;
  }

  private String targetGroupArn() {
    return cloud.clients().elb.describeTargetGroups(b -> b.names("demo-connect")).targetGroups().get(0).targetGroupArn();
  }

  private String listenerArn() {
    String lb = cloud.clients().elb.describeLoadBalancers(b -> b.names("demo-alb")).loadBalancers().get(0).loadBalancerArn();
    return cloud.clients().elb.describeListeners(b -> b.loadBalancerArn(lb)).listeners().get(0).listenerArn();
  }

  private List<Rule> listenerRules() {
    return cloud.clients().elb.describeRules(b -> b.listenerArn(listenerArn())).rules();
  }

  private Set<String> suspendedProcesses(String group) {
    return cloud.clients().autoScaling.describeAutoScalingGroups(b -> b.autoScalingGroupNames(group)).autoScalingGroups()
        .get(0).suspendedProcesses().stream().map(p -> p.processName()).collect(Collectors.toCollection(TreeSet::new));
  }

  private boolean alarmActionsEnabled(String alarm) {
    return cloud.clients().cloudwatch.describeAlarms(b -> b.alarmNames(alarm)).metricAlarms().get(0).actionsEnabled();
  }

  private int changesToTheLoadBalancerAndAutomation() {
    return cloud.gateway().callCounts().entrySet().stream()
        .filter(e -> e.getKey().matches("(elasticloadbalancing:(Register|Deregister)Targets|elasticloadbalancing:(Create|Delete)Rule"
            + "|autoscaling:(Suspend|Resume)Processes|monitoring:.*AlarmActions|ssm:PutParameter)"))
        .mapToInt(Map.Entry::getValue).sum();
  }

  // ---- the twin -------------------------------------------------------------------------------

  @Test
  void aResetClusterHasTheSameNodeIdsEveryTimeSoSampleEventsCanNameThem() throws IOException {
    List<String> first = List.of(id(0), id(1));

    cloud.reset(Twin.Spec.defaults());

    assertEquals(first, List.of(id(0), id(1)));
    assertNotEquals(id(0), id(1));
    assertTrue(Files.readString(cloud.root().resolve("events/ChangeTargetsFunction.json")).contains(id(0)),
        "the ChangeTargets sample names the twin's first node, " + id(0));
  }

  // ---- ChangeTargets and CheckTargets ---------------------------------------------------------

  @Test
  void aDeregisteredNodeIsNotServingAndRegisteringItMakesItHealthyAgain() {
    JsonNode deregistered = changeTargets("deregister", id(1));

    assertEquals(List.of(id(1)), Json.MAPPER.convertValue(deregistered.path("changed"), List.class));
    assertEquals(Map.of(id(0), "healthy"), states(deregistered.path("targets")));
    JsonNode notServing = checkTargets("not-serving", id(1));
    assertTrue(notServing.path("allMatch").asBoolean(), notServing.toString());
    assertEquals(Map.of(id(1), "unused (Target.NotRegistered)"), states(notServing.path("targets")));
    assertFalse(checkTargets("healthy").path("allMatch").asBoolean(), "one running node is out of the group");

    JsonNode registered = changeTargets("register", id(1));

    assertEquals(List.of(id(1)), Json.MAPPER.convertValue(registered.path("changed"), List.class));
    assertEquals(Map.of(id(0), "healthy", id(1), "healthy"), states(awaitTargets("healthy").path("targets")));
    assertEquals(3939, cloud.clients().elb.describeTargetHealth(b -> b.targetGroupArn(targetGroupArn()))
        .targetHealthDescriptions().stream().filter(d -> d.target().id().equals(id(1))).findFirst().orElseThrow()
        .target().port(), "registered at the target group's port");
  }

  @Test
  void changingTargetsTwiceChangesNothingTheSecondTime() {
    changeTargets("deregister", id(1));
    assertEquals(1, changesToTheLoadBalancerAndAutomation(), cloud.gateway().callCounts().toString());
    cloud.gateway().resetCounts();

    JsonNode again = changeTargets("deregister", id(1));
    JsonNode registerHealthy = changeTargets("register", id(0));

    assertEquals(0, again.path("changed").size());
    assertEquals(0, registerHealthy.path("changed").size());
    assertEquals(0, changesToTheLoadBalancerAndAutomation(), cloud.gateway().callCounts().toString());
  }

  @Test
  void aNodeWhoseConnectStoppedIsNotHealthyUntilConnectAnswersAgain() {
    JsonNode stopped = run("RunNodeCommandFunction",
        "{\"cluster\":\"demo\",\"document\":\"stop\",\"pollSeconds\":1,\"instanceIds\":[\"" + id(1) + "\"]}");
    assertTrue(stopped.path("allSucceeded").asBoolean(), stopped.toString());

    JsonNode healthy = checkTargets("healthy");
    assertFalse(healthy.path("allMatch").asBoolean());
    assertEquals(Map.of(id(0), "healthy", id(1), "unhealthy (Target.FailedHealthChecks)"), states(healthy.path("targets")));
    assertTrue(checkTargets("not-serving", id(1)).path("allMatch").asBoolean(), "an unhealthy target serves nothing");
    assertFalse(checkTargets("not-serving").path("allMatch").asBoolean(), "the other node still serves");

    run("RunNodeCommandFunction", "{\"cluster\":\"demo\",\"document\":\"start\",\"pollSeconds\":1,\"instanceIds\":[\""
        + id(1) + "\"]}");

    assertEquals(Map.of(id(0), "healthy", id(1), "healthy"), states(awaitTargets("healthy").path("targets")));
  }

  @Test
  void aWaitForHealthyEndsWhenTheSimulatedConnectComesBack() {
    cloud.twin().node(1).serviceActive = false;
    assertFalse(checkTargets("healthy", id(1)).path("allMatch").asBoolean());

    cloud.twin().node(1).serviceActive = true;

    assertEquals(Map.of(id(1), "healthy"), states(awaitTargets("healthy", id(1)).path("targets")));
  }

  @Test
  void anInstanceOutsideTheClusterIsRefusedBeforeAnyChange() {
    String outsider = functions.launchInstanceOfCluster("other");
    cloud.gateway().resetCounts();

    JsonNode error = fail("ChangeTargetsFunction", "{\"cluster\":\"demo\",\"action\":\"deregister\",\"instanceIds\":"
        + Functions.json(List.of(id(0), outsider)) + "}");

    assertEquals(ErrorNames.PRECONDITION_FAILED, error.path("errorType").asText());
    assertTrue(error.path("errorMessage").asText().contains(outsider + " is not a node of cluster demo"), error.toString());
    assertEquals(0, changesToTheLoadBalancerAndAutomation(), cloud.gateway().callCounts().toString());
    assertEquals(Map.of(id(0), "healthy", id(1), "healthy"), states(checkTargets("healthy").path("targets")));
  }

  @Test
  void aMalformedInputIsRefusedWithoutAnyAwsCall() {
    JsonNode error = fail("ChangeTargetsFunction", "{\"cluster\":\"demo\",\"action\":\"drain\",\"instanceIds\":[\"" + id(0) + "\"]}");

    assertEquals(ErrorNames.INVALID_INPUT, error.path("errorType").asText());
    assertEquals(Map.of(), cloud.gateway().callCounts());
  }

  // ---- MaintenancePage ------------------------------------------------------------------------

  @Test
  void theMaintenancePageIsAFixed503RuleFirstOnTheListenerUntilItIsTurnedOff() {
    JsonNode on = run("MaintenancePageFunction", "{\"cluster\":\"demo\",\"action\":\"on\"}");

    assertTrue(on.path("changed").asBoolean());
    assertEquals(1, on.path("ruleArns").size());
    String ruleArn = on.path("ruleArns").get(0).asText();
    Rule rule = listenerRules().stream().filter(r -> r.ruleArn().equals(ruleArn)).findFirst().orElseThrow();
    assertEquals("1", rule.priority());
    assertEquals("path-pattern", rule.conditions().get(0).field());
    assertEquals(List.of("/*"), rule.conditions().get(0).pathPatternConfig().values());
    assertEquals("fixed-response", rule.actions().get(0).typeAsString());
    assertEquals("503", rule.actions().get(0).fixedResponseConfig().statusCode());
    assertEquals("text/html", rule.actions().get(0).fixedResponseConfig().contentType());
    assertTrue(rule.actions().get(0).fixedResponseConfig().messageBody().contains("Posit Connect is being upgraded"));
    assertEquals(Map.of("connect-ha:maintenance", "demo"), cloud.clients().elb.describeTags(b -> b.resourceArns(ruleArn))
        .tagDescriptions().get(0).tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value())));

    JsonNode onAgain = run("MaintenancePageFunction", "{\"cluster\":\"demo\",\"action\":\"on\"}");
    assertFalse(onAgain.path("changed").asBoolean());
    assertEquals(on.path("ruleArns"), onAgain.path("ruleArns"));
    assertEquals(2, listenerRules().size(), "the default rule and one page rule");

    JsonNode off = run("MaintenancePageFunction", "{\"cluster\":\"demo\",\"action\":\"off\"}");
    assertEquals(on.path("ruleArns"), off.path("ruleArns"));
    assertEquals(List.of("default"), listenerRules().stream().map(Rule::priority).toList());

    JsonNode offAgain = run("MaintenancePageFunction", "{\"cluster\":\"demo\",\"action\":\"off\"}");
    assertFalse(offAgain.path("changed").asBoolean());
    assertEquals(0, offAgain.path("ruleArns").size());
  }

  @Test
  void anOperatorsRuleKeepsItsPriorityAndSurvivesThePage() {
    String operators = cloud.clients().elb.createRule(b -> b.listenerArn(listenerArn()).priority(1)
            .conditions(c -> c.field("path-pattern").pathPatternConfig(p -> p.values("/status")))
            .actions(a -> a.type("fixed-response").fixedResponseConfig(f -> f.statusCode("200").contentType("text/plain")
                .messageBody("ok"))))
        .rules().get(0).ruleArn();

    String page = run("MaintenancePageFunction", "{\"cluster\":\"demo\",\"action\":\"on\"}").path("ruleArns").get(0).asText();
    assertEquals("2", listenerRules().stream().filter(r -> r.ruleArn().equals(page)).findFirst().orElseThrow().priority());

    run("MaintenancePageFunction", "{\"cluster\":\"demo\",\"action\":\"off\"}");

    assertEquals(Set.of("default", "1"), listenerRules().stream().map(Rule::priority).collect(Collectors.toSet()));
    assertTrue(listenerRules().stream().anyMatch(r -> r.ruleArn().equals(operators)));
  }

  // ---- PauseAutomation ------------------------------------------------------------------------

  @Test
  void suspendPausesTheGroupAndTheAlarmAndResumeLeavesTheOperatorsPausesAlone() {
    cloud.reset(Twin.Spec.defaults().withAutoScalingGroup());
    String group = cloud.twin().autoScalingGroupName();
    String alarm = cloud.twin().remediationAlarmName();
    cloud.clients().autoScaling.suspendProcesses(b -> b.autoScalingGroupName(group).scalingProcesses("Launch", "AZRebalance"));
    assertTrue(alarmActionsEnabled(alarm));
    cloud.gateway().resetCounts();

    JsonNode paused = run("PauseAutomationFunction", "{\"cluster\":\"demo\",\"action\":\"suspend\"}");

    assertEquals(2, changesToTheLoadBalancerAndAutomation(), "one SuspendProcesses, one DisableAlarmActions: "
        + cloud.gateway().callCounts());

    assertEquals("{\"cluster\":\"demo\",\"groups\":[{\"name\":\"" + group + "\",\"suspendedProcesses\":"
        + "[\"HealthCheck\",\"ReplaceUnhealthy\"]}],\"alarmsDisabled\":[\"" + alarm + "\"],\"instanceIds\":"
        + Functions.json(cloud.twin().nodes().stream().map(n -> n.instanceId).sorted().toList()) + "}", paused.toString());
    assertEquals(Set.of("AZRebalance", "HealthCheck", "Launch", "ReplaceUnhealthy"), suspendedProcesses(group));
    assertFalse(alarmActionsEnabled(alarm));

    ObjectNode resume = Json.MAPPER.createObjectNode().put("cluster", "demo").put("action", "resume");
    resume.set("paused", paused);
    JsonNode resumed = run("PauseAutomationFunction", resume.toString());

    assertEquals(Set.of("AZRebalance", "Launch"), suspendedProcesses(group));
    assertTrue(alarmActionsEnabled(alarm));
    assertEquals(List.of("HealthCheck", "ReplaceUnhealthy"),
        Json.MAPPER.convertValue(resumed.at("/groups/0/resumedProcesses"), List.class));

    cloud.gateway().resetCounts();
    run("PauseAutomationFunction", resume.toString());
    assertEquals(Set.of("AZRebalance", "Launch"), suspendedProcesses(group), "a second resume is harmless");
    assertEquals(0, changesToTheLoadBalancerAndAutomation(), cloud.gateway().callCounts().toString());
  }

  @Test
  void withoutAGroupOnlyTheAlarmIsPausedAsTheResumeSampleSays() throws IOException {
    JsonNode paused = run("PauseAutomationFunction", "{\"cluster\":\"demo\",\"action\":\"suspend\"}");

    assertEquals(0, paused.path("groups").size());
    assertEquals(List.of(cloud.twin().remediationAlarmName()), Json.MAPPER.convertValue(paused.path("alarmsDisabled"), List.class));
    assertFalse(alarmActionsEnabled(cloud.twin().remediationAlarmName()));
    assertTrue(alarmActionsEnabled("connect-ha-demo-backup-age"), "not a remediation alarm");
    assertEquals(Functions.json(Files.readString(cloud.root().resolve("events/PauseAutomationFunction.then.json"))).path("paused"), paused,
        "the resume sample undoes exactly what the suspend sample does on the twin");
  }

  @Test
  void suspendingEveryProcessOfTheGroupLeavesNothingForUsToRecord() {
    cloud.reset(Twin.Spec.defaults().withAutoScalingGroup());
    String group = cloud.twin().autoScalingGroupName();
    cloud.clients().autoScaling.suspendProcesses(b -> b.autoScalingGroupName(group)
        .scalingProcesses("HealthCheck", "ReplaceUnhealthy", "AZRebalance", "Launch"));

    JsonNode paused = run("PauseAutomationFunction", "{\"cluster\":\"demo\",\"action\":\"suspend\"}");
    assertEquals(0, paused.at("/groups/0/suspendedProcesses").size());
    ObjectNode resume = Json.MAPPER.createObjectNode().put("cluster", "demo").put("action", "resume");
    resume.set("paused", paused);
    run("PauseAutomationFunction", resume.toString());

    assertEquals(Set.of("AZRebalance", "HealthCheck", "Launch", "ReplaceUnhealthy"), suspendedProcesses(group),
        "the operator's suspensions outlive the upgrade");
  }
}
