package dev.connectha.localcloud.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectha.config.DocumentKind;
import dev.connectha.json.Json;
import dev.connectha.localcloud.AlarmEvaluator;
import dev.connectha.localcloud.EventBus;
import dev.connectha.localcloud.InstanceStateEvents;
import dev.connectha.localcloud.LocalCloud;
import dev.connectha.localcloud.twin.NodeDeath;
import dev.connectha.localcloud.twin.SimNode;
import dev.connectha.localcloud.twin.Twin;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Remediation on the twin, started as in production: a real-shaped event put on the bus, the
 * template's rule invoking the intake, the intake starting remediate (the stack deployed with
 * {@code RemediationPollSeconds} = POLL, the poll the targets allow for). Figures, each beside its
 * floor and target: the reaction (event on the bus to the first repair step); the repair by restart
 * (first repair step to healthy; floor: the stop and start documents' durations), by replacement
 * (first repair step to the replacement healthy in the target group; floor: one node's boot +
 * bootstrap + stage + install + start), and of an impaired AZ at N = 2, 6 and 10 nodes with a half
 * or a third of them in the lost AZ (the last replacement healthy; floor: one node's provisioning,
 * the replacements running in parallel); the event to healthy; how long no function ran during the
 * repair (the engine's turns); and the API calls, Lambda invocations and state transitions per incident.
 * Usage: RemediateBenchmark [STOP START BOOT BOOTSTRAP STAGE INSTALL POLL] (seconds)
 */
public final class RemediateBenchmark {
  private static final List<String> ZONES = List.of("us-east-1a", "us-east-1b", "us-east-1c");
  private static final Duration TIMEOUT = Duration.ofMinutes(20);

  private record Durations(int stop, int start, int boot, int bootstrap, int stage, int install, int poll) {
    int restartFloor() {
      return stop + start;
    }

    int provisionFloor() {
      return boot + bootstrap + stage + install + start;
    }
  }

  private RemediateBenchmark() {}

  private static void prepare(LocalCloud cloud, int nodes, List<String> zones, Durations d) {
    cloud.reset(new Twin.Spec("demo", nodes, zones, "2024.08.0"));
    Map<String, String> parameters = new java.util.HashMap<>(cloud.twin().prepareProvisioning());
    parameters.put("MaxReplacementsPerHour", "20"); // an impaired zone of 5 nodes is past the default breaker of 2
    parameters.put("RemediationPollSeconds", String.valueOf(d.poll())); // the poll the targets allow for
    cloud.redeploy(parameters);
    cloud.detection(false); // the benchmark puts the one event itself: the reaction is measured from it
    cloud.twin().bootTime(Duration.ofSeconds(d.boot()));
    cloud.twin().commandDuration(DocumentKind.STOP_CONNECT, Duration.ofSeconds(d.stop()));
    cloud.twin().commandDuration(DocumentKind.START_CONNECT, Duration.ofSeconds(d.start()));
    cloud.twin().commandDuration(DocumentKind.BOOTSTRAP_NODE, Duration.ofSeconds(d.bootstrap()));
    cloud.twin().commandDuration(DocumentKind.STAGE_CONNECT, Duration.ofSeconds(d.stage()));
    cloud.twin().commandDuration(DocumentKind.INSTALL_CONNECT, Duration.ofSeconds(d.install()));
    cloud.events().forgetObservations();
    cloud.gateway().resetCounts();
    cloud.lambda().resetCounts();
  }

  /** Puts {@code event} on the bus; returns the remediate execution the intake started, ended. */
  private static LocalCloud.Execution incident(LocalCloud cloud, ObjectNode event, Instant[] putAt) {
    putAt[0] = Instant.now();
    cloud.events().put(event);
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      for (EventBus.FunctionInvocation call : cloud.events().invocations()) {
        if (call.done() && call.output() != null) {
          JsonNode answer = read(call.output());
          if (answer.path("outcome").asText().equals("opened")) {
            String arn = cloud.template().resource("RemediateStateMachine").ref().replace(":stateMachine:", ":execution:") + ":"
                + answer.path("execution").asText();
            LocalCloud.Execution run = cloud.await(arn, TIMEOUT);
            if (!run.succeeded()) {
              throw new IllegalStateException("remediate failed: " + run.error() + ": " + run.cause());
            }
            return run;
          }
          if (call.error() != null) {
            throw new IllegalStateException("the intake failed: " + call.error() + " " + call.output());
          }
        }
      }
      pause(Duration.ofMillis(20));
    }
    throw new IllegalStateException("no remediate execution within 60 s of the event");
  }

  private static ObjectNode alarmEvent(String alarm, String namespace, String metric, Map<String, String> dimensions) {
    return AlarmEvaluator.stateChange(alarm, namespace, metric, dimensions, "OK", "ALARM");
  }

  private static ObjectNode stoppedEvent(String instanceId) {
    return InstanceStateEvents.event(instanceId, "stopped");
  }

  private static Map<String, String> zoneDimensions(LocalCloud cloud, String zone) {
    String arn = read(cloud.clients().ssm.getParameter(b -> b.name("/connect-ha/clusters/demo")).parameter().value())
        .path("targetGroupArn").asText();
    return Map.of("TargetGroup", arn.substring(arn.indexOf(":targetgroup/") + 1), "LoadBalancer", "app/demo/bench",
        "AvailabilityZone", zone);
  }

  /**
   * Prints one repair figure: from the first repair step to healthy against the floor and target
   * (the reaction before it has a target of its own), the event to healthy, and how much of the
   * repair no function was running (the engine's turns between steps, nested executions starting).
   */
  private static void figure(PrintStream console, String what, Instant event, Instant first, Instant healthy, int floor,
      double target, LocalCloud cloud, LocalCloud.Execution run) {
    double repair = seconds(first, healthy);
    console.printf("%s: first repair step -> healthy %.1f s against a floor of %d s (%.2f x; target %.1f s: %s);"
        + " event -> healthy %.1f s; no function running for %.1f s of the repair (the engine's turns); %s%n", what, repair,
        floor, repair / floor, target, repair <= target ? "MET" : "MISSED", seconds(event, healthy),
        Runs.idle(cloud.lambda().spans(), first, healthy), counts(cloud, run));
  }

  /** When the last replacement that provision-node launched since {@code since} was healthy in the target group. */
  private static Instant healthyAt(LocalCloud cloud, Instant since) {
    String machine = cloud.template().resource("ProvisionNodeStateMachine").ref();
    return cloud.clients().sfn.listExecutions(b -> b.stateMachineArn(machine)).executions().stream()
        .filter(x -> !x.startDate().isBefore(since))
        .map(x -> cloud.await(x.executionArn(), Duration.ofMinutes(1)))
        .map(x -> {
          if (!x.succeeded()) {
            throw new IllegalStateException("a replacement failed: " + x.error() + ": " + x.cause());
          }
          return Instant.parse(x.output().path("healthyAt").asText());
        })
        .max(Instant::compareTo).orElseThrow(() -> new IllegalStateException("no replacement was provisioned"));
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }

  private static long transitions(LocalCloud.Execution run) {
    return run.history().stream().filter(e -> e.stateEnteredEventDetails() != null).count();
  }

  private static String counts(LocalCloud cloud, LocalCloud.Execution run) {
    return String.format("%d AWS API calls, %d Lambda invocations, %d state transitions (remediate's own)",
        cloud.gateway().totalCalls(), cloud.lambda().totalInvocations(), transitions(run));
  }

  public static void main(String[] args) throws Exception {
    PrintStream console = Runs.console();
    int[] v = {2, 3, 5, 4, 3, 3, 1};
    for (int i = 0; i < Math.min(args.length, v.length); i++) {
      v[i] = Integer.parseInt(args[i]);
    }
    Durations d = new Durations(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
    console.printf("remediation on the twin (stop %d s, start %d s, boot %d s, bootstrap %d s, stage %d s, install %d s, poll %d s)%n",
        d.stop(), d.start(), d.boot(), d.bootstrap(), d.stage(), d.install(), d.poll());
    Instant[] putAt = new Instant[1];
    try (LocalCloud cloud = LocalCloud.start()) {
      // restart: Connect crashed on a live node
      prepare(cloud, 2, ZONES, d);
      SimNode crashed = cloud.twin().node(0);
      cloud.twin().crashConnect(crashed.instanceId);
      LocalCloud.Execution restart = incident(cloud, alarmEvent("connect-ha-demo-remediation-az-" + crashed.availabilityZone
          + "-unhealthy", "AWS/ApplicationELB", "UnHealthyHostCount", zoneDimensions(cloud, crashed.availabilityZone)), putAt);
      Instant stop = Runs.entered(restart, "StopConnect");
      console.printf("reaction: event on the bus -> first repair step (StopConnect) %.2f s (target 2 s: %s)%n",
          seconds(putAt[0], stop), seconds(putAt[0], stop) <= 2 ? "MET" : "MISSED");
      figure(console, "repair by restart", putAt[0], stop, Runs.entered(restart, "Restarted"), d.restartFloor(),
          d.restartFloor() * 1.1 + d.poll(), cloud, restart);
      Runs.detail(console, "restart", restart, putAt[0]);

      // replacement: a node died
      prepare(cloud, 2, ZONES, d);
      SimNode dead = cloud.twin().node(1);
      cloud.twin().killNode(dead.instanceId, NodeDeath.STOPPED);
      LocalCloud.Execution replace = incident(cloud, stoppedEvent(dead.instanceId), putAt);
      Instant provision = Runs.entered(replace, "ProvisionReplacement");
      console.printf("reaction: event on the bus -> first repair step (ProvisionReplacement) %.2f s (target 2 s: %s)%n",
          seconds(putAt[0], provision), seconds(putAt[0], provision) <= 2 ? "MET" : "MISSED");
      figure(console, "repair by replacement", putAt[0], provision, healthyAt(cloud, putAt[0]), d.provisionFloor(),
          d.provisionFloor() * 1.1 + d.poll(), cloud, replace);
      Runs.detail(console, "replace", replace, putAt[0]);

      // an impaired AZ: its nodes replaced in the others, in parallel
      for (int[] shape : new int[][] {{2, 2}, {6, 3}, {10, 2}}) {
        int n = shape[0];
        List<String> zones = ZONES.subList(0, shape[1]);
        prepare(cloud, n, zones, d);
        String lost = zones.get(zones.size() - 1);
        long inLost = cloud.twin().nodes().stream().filter(x -> x.availabilityZone.equals(lost)).count();
        cloud.twin().impairAz(lost);
        LocalCloud.Execution az = incident(cloud, alarmEvent("connect-ha-demo-remediation-az-" + lost + "-no-healthy",
            "AWS/ApplicationELB", "HealthyHostCount", zoneDimensions(cloud, lost)), putAt);
        figure(console, String.format("AZ impaired, N = %d (%d of them in %s): capacity back", n, inLost, lost), putAt[0],
            Runs.entered(az, "ProvisionReplacement"), healthyAt(cloud, putAt[0]), d.provisionFloor(),
            d.provisionFloor() * 1.2, cloud, az);
      }
    }
    System.exit(0);
  }

  private static JsonNode read(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
