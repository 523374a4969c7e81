package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.errors.ErrorNames;
import dev.connectha.localcloud.twin.Twin;
import dev.connectha.localcloud.twin.Violation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** statemachines/preflight.asl.json on moto's ASL engine, its Lambda tasks served by the project's handlers. */
@ExtendWith(LocalCloudExtension.class)
class PreflightWorkflowIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private final LocalCloud cloud;

  PreflightWorkflowIT(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @BeforeEach
  void freshCluster() {
    cloud.reset(Twin.Spec.defaults());
  }

  private LocalCloud.Execution preflight(String input) {
    return cloud.run("PreflightStateMachine", input, "preflight-demo-" + UUID.randomUUID(), TIMEOUT);
  }

  /** The rules of the findings in {@code output} of {@code status}. */
  static Set<String> rules(JsonNode output, String status) {
    Set<String> rules = new TreeSet<>();
    output.path("findings").forEach(f -> {
      if (f.path("status").asText().equals(status)) {
        rules.add(f.path("rule").asText());
      }
    });
    return rules;
  }

  @Test
  void healthyTwinPassesEveryRuleAndPublishesTheSummary() {
    LocalCloud.Execution run = preflight("{\"cluster\":\"demo\",\"pollSeconds\":1}");

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    assertEquals("PASS", run.output().path("verdict").asText());
    assertEquals(17, run.output().path("findings").size());
    assertEquals(Set.of(), rules(run.output(), "FAIL"));
    assertEquals(Set.of(), rules(run.output(), "WARN"));
    List<String> published = cloud.notifications();
    assertEquals(1, published.size());
    assertTrue(published.get(0).startsWith("Preflight of Connect cluster 'demo': PASS (17 pass, 0 warn, 0 fail)"),
        published.get(0));
  }

  @ParameterizedTest
  @EnumSource(Violation.class)
  void eachInjectedViolationYieldsExactlyItsFailingFindings(Violation violation) {
    cloud.twin().apply(violation);

    LocalCloud.Execution run = preflight("{\"cluster\":\"demo\",\"pollSeconds\":1}");

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    assertEquals("FAIL", run.output().path("verdict").asText());
    assertEquals(violation.failingRules(), rules(run.output(), "FAIL"));
    assertEquals(Set.of(), rules(run.output(), "WARN"));
    String summary = cloud.notifications().get(0);
    violation.failingRules().forEach(rule -> assertTrue(summary.contains("FAIL " + rule + ":"), summary));
  }

  @Test
  void singleServerTopologyWarnsInsteadOfFailingTheMultiNodeRules() {
    cloud.reset(new Twin.Spec("demo", 1, List.of("us-east-1a"), "2024.08.0"));

    LocalCloud.Execution run = preflight("{\"cluster\":\"demo\",\"pollSeconds\":1}");

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    assertEquals(Set.of(), rules(run.output(), "FAIL"));
    assertEquals(Set.of("multi-az-nodes"), rules(run.output(), "WARN"));
  }

  @Test
  void unknownClusterEndsInClusterNotFoundWithoutAnyMutatingCall() {
    LocalCloud.Execution run = preflight("{\"cluster\":\"nope\"}");

    assertEquals("FAILED", run.status());
    assertEquals(ErrorNames.CLUSTER_NOT_FOUND, run.error());
    assertTrue(cloud.notifications().get(0).contains("could not complete"));
    assertOnlyReadsAndReports();
  }

  @Test
  void malformedClusterNameIsRejectedBeforeAnyAwsRead() {
    LocalCloud.Execution run = preflight("{\"cluster\":\"Bad_Name\"}");

    assertEquals("FAILED", run.status());
    assertEquals(ErrorNames.INVALID_INPUT, run.error());
    assertEquals(Set.of("lambda:Invoke", "sns:Publish"), cloud.gateway().callCounts().keySet());
  }

  @Test
  void missingClusterIsRejectedWithoutInvokingAnyFunction() {
    LocalCloud.Execution run = preflight("{\"pollSeconds\":1}");

    assertEquals("FAILED", run.status());
    assertEquals(ErrorNames.INVALID_INPUT, run.error());
    assertEquals(0, cloud.lambda().totalInvocations());
    assertEquals(1, cloud.notifications().size());
  }

  @Test
  void pollSecondsOutOfRangeIsInvalidInput() {
    LocalCloud.Execution run = preflight("{\"cluster\":\"demo\",\"pollSeconds\":600}");

    assertEquals(ErrorNames.INVALID_INPUT, run.error());
    assertFalse(cloud.gateway().callCounts().containsKey("ssm:GetParameter"));
  }

  @Test
  void throttlingBeyondTheSdkRetriesIsRetriedByTheStateMachine() {
    // the SDK tries 3 times; the 4th throttle reaches the workflow as AwsThrottledException
    cloud.gateway().injectFault("ec2", "DescribeInstances", 503, "RequestLimitExceeded", 4);

    LocalCloud.Execution run = preflight("{\"cluster\":\"demo\",\"pollSeconds\":1}");

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    assertEquals("PASS", run.output().path("verdict").asText());
    assertTrue(failedTaskErrors(run).contains(ErrorNames.AWS_THROTTLED), () -> failedTaskErrors(run).toString());
    assertEquals(2, cloud.lambda().invocationCounts().get("connect-ha-DescribeCluster"));
  }

  @Test
  void accessDeniedIsTerminalReportedAndNotRetried() {
    cloud.gateway().injectFault("rds", "DescribeDBInstances", 403, "AccessDenied", 100);

    LocalCloud.Execution run = preflight("{\"cluster\":\"demo\",\"pollSeconds\":1}");

    assertEquals("FAILED", run.status());
    assertEquals(ErrorNames.AWS_CALL_FAILED, run.error());
    assertEquals(1, cloud.lambda().invocationCounts().get("connect-ha-DescribeCluster"));
    assertTrue(cloud.notifications().get(0).contains(ErrorNames.AWS_CALL_FAILED));
  }

  @Test
  void lambdaServiceThrottlingOnTheCheckIsRetried() {
    cloud.gateway().injectFault("lambda", "Invoke", 429, "TooManyRequestsException", 1);

    LocalCloud.Execution run = preflight("{\"cluster\":\"demo\",\"pollSeconds\":1}");

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    assertEquals(1, cloud.notifications().size());
  }

  @Test
  void throttledSummaryPublishIsRetriedAndDeliveredOnce() {
    cloud.gateway().injectFault("sns", "Publish", 400, "Throttled", 1);

    LocalCloud.Execution run = preflight("{\"cluster\":\"demo\",\"pollSeconds\":1}");

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    assertEquals(1, cloud.notifications().size());
  }

  @Test
  void persistentPublishFailureStillEndsTheExecutionAsFailed() {
    cloud.gateway().injectFault("sns", "Publish", 403, "AuthorizationError", 100);

    LocalCloud.Execution run = preflight("{\"cluster\":\"demo\",\"pollSeconds\":1}");

    assertEquals("FAILED", run.status());
  }

  private void assertOnlyReadsAndReports() {
    for (Map.Entry<String, Integer> call : cloud.gateway().callCounts().entrySet()) {
      String action = call.getKey().substring(call.getKey().indexOf(':') + 1);
      assertTrue(action.startsWith("Describe") || action.startsWith("Get") || action.startsWith("List")
          || action.startsWith("GET ") || action.equals("Invoke") || action.equals("Publish"), call.getKey());
    }
  }

  /** The errors of every failed task and function of the run (each retried one among them). */
  static Set<String> failedTaskErrors(LocalCloud.Execution run) {
    Set<String> errors = new TreeSet<>();
    run.history().forEach(e -> {
      if (e.taskFailedEventDetails() != null) {
        errors.add(e.taskFailedEventDetails().error());
      }
      if (e.lambdaFunctionFailedEventDetails() != null) {
        errors.add(e.lambdaFunctionFailedEventDetails().error());
      }
    });
    return errors;
  }
}
