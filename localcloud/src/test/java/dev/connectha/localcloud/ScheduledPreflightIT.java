package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.json.Json;
import dev.connectha.localcloud.twin.Twin;
import dev.connectha.localcloud.twin.Violation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The scheduled preflight on the local cloud: the template's schedule invokes StartScheduledPreflights,
 * which starts preflight for the registered cluster; a violation injected before the next scheduled
 * run turns a rule failing, which the next summary names, RecordPreflight emits as EMF metrics (put
 * into moto's CloudWatch by the local cloud's EMF agent) and the preflight drift alarm goes to ALARM on.
 */
@ExtendWith(LocalCloudExtension.class)
class ScheduledPreflightIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final String ALARM = "connect-ha-preflight-drift";
  private final LocalCloud cloud;

  ScheduledPreflightIT(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @BeforeEach
  void freshCluster() {
    cloud.reset(Twin.Spec.defaults());
  }

  /** The executions one scheduled invoke started (or found started), its answer's {@code started}. */
  private static List<String> started(String output) throws Exception {
    return Json.MAPPER.convertValue(Json.MAPPER.readTree(output).path("started"),
        Json.MAPPER.getTypeFactory().constructCollectionType(List.class, String.class));
  }


  /** The next day's scheduled event, as EventBridge sends it to a target without Input. */
  private List<String> scheduledInvoke(Instant time) throws Exception {
    String event = "{\"version\":\"0\",\"id\":\"e\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\","
        + "\"time\":\"" + time + "\",\"detail\":{}}";
    LambdaRuntime.Invocation answer = cloud.lambda().invoke("connect-ha-StartScheduledPreflights",
        event.getBytes(StandardCharsets.UTF_8));
    String output = new String(answer.payload(), StandardCharsets.UTF_8);
    assertTrue(!answer.functionError(), output);
    return started(output);
  }

  private void awaitAlarm(String state) {
    Await.until(ALARM + " goes to " + state, Duration.ofSeconds(60), () -> cloud.alarms().transitions().stream()
        .anyMatch(t -> t.alarm().equals(ALARM) && t.to().equals(state)) ? true : null);
    assertEquals(state, alarmState());
  }

  private String alarmState() {
    return cloud.clients().cloudwatch.describeAlarms(b -> b.alarmNames(ALARM)).metricAlarms().get(0).stateValueAsString();
  }



  @Test
  void aViolationBetweenTwoScheduledRunsIsNamedInTheSummaryEmittedAndRaisesTheDriftAlarm() throws Exception {
    cloud.detection(true);
    cloud.alarms().emittedAlarms(true).periodScale(0.01); // the drift alarm's 300 s period lasts 3 s

    // GIVEN the schedule fired: preflight of the registered cluster passes, the first one recorded
    String id = cloud.events().fireSchedule("StartScheduledPreflightsFunctionScheduled");
    EventBus.FunctionInvocation invocation = Await.until("StartScheduledPreflights ends", Duration.ofSeconds(60),
        () -> cloud.events().invocation(id).done() ? cloud.events().invocation(id) : null);
    assertNull(invocation.error(), invocation.toString());
    List<String> first = started(invocation.output());
    assertEquals(1, first.size(), first.toString());
    assertTrue(first.get(0).contains(":connect-ha-preflight:scheduled-demo-"), first.get(0));
    LocalCloud.Execution passed = cloud.await(first.get(0), TIMEOUT);
    assertTrue(passed.succeeded(), () -> passed.error() + ": " + passed.cause());
    assertEquals("PASS", passed.output().path("verdict").asText());
    String firstSummary = cloud.notifications().get(0);
    assertTrue(firstSummary.contains("first recorded preflight"), firstSummary);
    JsonNode passing = Await.until("the drift metric of every cluster, in the EMF agent", Duration.ofSeconds(30), () -> cloud.emf()
        .documentsWith("PreflightFailedRules").stream().filter(d -> "RecordPreflight".equals(d.path("Function").asText()))
        .findFirst().orElse(null));
    assertEquals(0.0, passing.path("PreflightFailedRules").asDouble());
    Await.until("the drift metric in moto's CloudWatch", Duration.ofSeconds(30), () -> cloud.clients().cloudwatch
        .listMetrics(b -> b.namespace("ConnectHa").metricName("PreflightFailedRules")).metrics().isEmpty() ? null : true);
    // moto creates an alarm OK; a period with the passing preflight's 0 in it is evaluated, and it stays so
    LocalCloud.pause(Duration.ofSeconds(7));
    assertEquals(List.of(), cloud.alarms().transitions().stream().filter(t -> t.alarm().equals(ALARM)).toList());
    assertEquals("OK", alarmState());

    // WHEN someone switches stickiness off, and the next day's schedule runs
    cloud.twin().apply(Violation.NO_STICKINESS);
    Instant tomorrow = Instant.now().plus(Duration.ofDays(1));
    List<String> second = scheduledInvoke(tomorrow);
    LocalCloud.Execution failed = cloud.await(second.get(0), TIMEOUT);

    // THEN the preflight fails, its summary names the rule that turned, the metric says so, and the alarm fires
    assertTrue(failed.succeeded(), () -> failed.error() + ": " + failed.cause());
    assertEquals("FAIL", failed.output().path("verdict").asText());
    assertEquals(List.of("sticky-sessions"), Json.MAPPER.convertValue(failed.output().path("turnedFailing"), List.class));
    String summary = cloud.notifications().get(0);
    assertTrue(summary.contains("- now failing: sticky-sessions"), summary);
    JsonNode perCluster = Await.until("the per-cluster drift metric", Duration.ofSeconds(30), () -> cloud.emf()
        .documentsWith("PreflightRulesTurnedFailing").stream().filter(d -> d.has("Cluster"))
        .filter(d -> d.path("PreflightRulesTurnedFailing").asDouble() > 0).findFirst().orElse(null));
    assertEquals("demo", perCluster.path("Cluster").asText());
    assertEquals(1.0, perCluster.path("PreflightRulesTurnedFailing").asDouble());
    awaitAlarm("ALARM");

    // AND a retried invoke of the same scheduled event starts nothing twice
    assertEquals(second, scheduledInvoke(tomorrow));
  }
}
