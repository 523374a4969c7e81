package dev.connectha.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.connectha.config.Config;
import dev.connectha.errors.AwsThrottledException;
import dev.connectha.fakes.FakeClusterRegistry;
import dev.connectha.fakes.FakeWorkflows;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ConnectVersion;
import dev.connectha.ports.Workflows;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** StartScheduledPreflights over the shared registry and workflows fakes: the schedule's fan-out. */
class ScheduledPreflightsTest {
  static final String PREFLIGHT = "arn:aws:states:eu-west-1:123456789012:stateMachine:connect-ha-preflight";
  static final Instant FIRED = Instant.parse("2026-11-30T06:00:27Z");
  static final Config CONFIG = Config.from(Map.of("AWS_REGION", "eu-west-1", "PREFLIGHT_STATE_MACHINE_ARN", PREFLIGHT));

  final List<String> calls = new ArrayList<>();
  final FakeClusterRegistry registry = new FakeClusterRegistry(calls, cluster("prod"), cluster("dev"), cluster("staging"));
  final FakeWorkflows workflows = new FakeWorkflows(calls);

  static ClusterDocument cluster(String name) {
    return new ClusterDocument(name, "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/" + name + "/0123",
        name + "-db", null, "fs-0123abcd", "lt-0123", Map.of("eu-west-1a", "subnet-a"), "Default",
        "arn:aws:iam::123456789012:role/backup", "https://cdn.posit.co/connect", 2,
        ConnectVersion.parse("2024.08.0"));
  }

  ScheduledPreflights preflights(Workflows workflows) {
    return new ScheduledPreflights(registry, workflows, CONFIG, Clock.fixed(Instant.parse("2026-11-30T06:03:00Z"), ZoneOffset.UTC));
  }

  @Test
  void startsPreflightOnceForEveryRegisteredClusterNamedAfterTheScheduledMinute() {
    ScheduledPreflights.Report report = preflights(workflows).start(new StartScheduledPreflightsInput(FIRED));

    assertEquals(List.of("scheduled-dev-20261130T0600", "scheduled-prod-20261130T0600", "scheduled-staging-20261130T0600"),
        List.copyOf(workflows.started.keySet()));
    assertEquals("{\"cluster\":\"prod\"}", workflows.started.get("scheduled-prod-20261130T0600").input());
    assertEquals(PREFLIGHT, workflows.started.get("scheduled-prod-20261130T0600").stateMachineArn());
    assertEquals(3, report.started().size());
  }

  @Test
  void aRetriedInvokeOfTheSameEventStartsNothingTwice() {
    preflights(workflows).start(new StartScheduledPreflightsInput(FIRED));
    preflights(workflows).start(new StartScheduledPreflightsInput(FIRED.plusSeconds(20)));

    assertEquals(3, workflows.started.size());
    assertEquals(6, calls.stream().filter(c -> c.startsWith("startExecution")).count());
  }

  @Test
  void anInvokeWithoutTheScheduledTimeIsNamedAfterTheCurrentMinute() {
    preflights(workflows).start(new StartScheduledPreflightsInput(null));

    assertEquals("scheduled-dev-20261130T0603", workflows.started.keySet().iterator().next());
  }

  @Test
  void oneClustersFailureDoesNotStopTheOthersAndFailsTheInvokeAfterwards() {
    Workflows failingForDev = new Workflows() {
      @Override
      public String start(String stateMachineArn, String name, String input) {
        if (name.contains("-dev-")) {
          throw new AwsThrottledException("start dev");
        }
        return workflows.start(stateMachineArn, name, input);
      }

      @Override
      public Optional<Run> run(String stateMachineArn, String name) {
        return workflows.run(stateMachineArn, name);
      }
    };

    assertThrows(AwsThrottledException.class,
        () -> preflights(failingForDev).start(new StartScheduledPreflightsInput(FIRED)));

    assertEquals(List.of("scheduled-prod-20261130T0600", "scheduled-staging-20261130T0600"),
        List.copyOf(workflows.started.keySet()));
  }
}
