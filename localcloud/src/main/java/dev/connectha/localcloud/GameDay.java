package dev.connectha.localcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectha.json.Json;
import dev.connectha.localcloud.twin.NodeDeath;
import dev.connectha.localcloud.twin.SimNode;
import dev.connectha.localcloud.twin.Twin;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * {@code localcloud/run gameday --fault FAULT [--nodes N] [--during-upgrade]}: a game day on a laptop.
 * It seeds a cluster, lets EnsureClusterMonitoring create its alarms, injects the fault into the
 * twin and lets detection do the rest, as in production: the alarm evaluator and EC2's events put
 * real-shaped events on the bus, the template's rules invoke the intake, the intake starts
 * remediate. It prints the timeline (fault → alarm → event → incident → execution → each repair
 * step → healthy) and the time to repair. Exit code 0 when an incident ended as the fault should
 * end and every other one either did too or found nothing left to do ({@code resolved}); 1 otherwise.
 */
public final class GameDay {
  /** The faults, each with the outcome remediation should reach. */
  enum Fault {
    CONNECT_CRASH("connect-crash", "restarted"),
    NODE_DEAD("node-dead", "replaced"),
    AZ_IMPAIRED("az-impaired", "replaced"),
    ALL_DOWN("all-down", "escalated"),
    LICENSE_EXPIRED("license-expired", "escalated"),
    ALARM_STORM("alarm-storm", "replaced");

    final String id;
    final String expected;

    Fault(String id, String expected) {
      this.id = id;
      this.expected = expected;
    }

    static Fault of(String id) {
      for (Fault f : values()) {
        if (f.id.equals(id)) {
          return f;
        }
      }
      throw new IllegalArgumentException("unknown fault " + id + "; one of " + List.of(values()).stream().map(f -> f.id).toList());
    }
  }

  /** One line of the timeline. */
  record Entry(Instant at, String what) {}

  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private static final double PERIOD_SCALE = 0.02; // a 60 s alarm period lasts 1.2 s

  private final LocalCloud cloud;
  private final PrintStream console;
  private final List<Entry> timeline = new ArrayList<>();

  GameDay(LocalCloud cloud, PrintStream console) {
    this.cloud = cloud;
    this.console = console;
  }

  public static void main(String[] args) throws Exception {
    PrintStream console = System.out;
    Path log = Files.createDirectories(Path.of("localcloud/target/localcloud")).resolve("functions.log");
    System.setOut(new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8));
    Fault fault = null;
    int nodes = 2;
    boolean duringUpgrade = false;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--fault" -> fault = Fault.of(args[++i]);
          case "--nodes" -> nodes = Integer.parseInt(args[++i]);
          case "--during-upgrade" -> duringUpgrade = true;
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      if (fault == null) {
        throw new IllegalArgumentException("--fault is required");
      }
    } catch (RuntimeException e) {
      System.err.println("InvalidArguments: " + e.getMessage() + "\nusage: localcloud/run gameday --fault "
          + "connect-crash|node-dead|az-impaired|all-down|license-expired|alarm-storm [--nodes N] [--during-upgrade]");
      System.exit(2);
      return;
    }
    boolean asExpected;
    try (LocalCloud cloud = LocalCloud.start()) {
      asExpected = new GameDay(cloud, console).play(fault, nodes, duringUpgrade);
      console.println("function logs: " + log);
    }
    System.exit(asExpected ? 0 : 1);
  }

  /** Seeds, injects, waits for every incident to end; prints the timeline. True when each ended as expected. */
  boolean play(Fault fault, int nodes, boolean duringUpgrade) {
    Twin.Spec defaults = Twin.Spec.defaults();
    List<String> zones = nodes == 1 ? defaults.zones().subList(0, 1) : defaults.zones();
    cloud.reset(new Twin.Spec(defaults.cluster(), nodes, zones, defaults.connectVersion()));
    RunWorkflow.prepareProvisioning(cloud);
    cloud.alarms().periodScale(PERIOD_SCALE);
    cloud.detection(true);
    JsonNode monitoring = invoke("EnsureClusterMonitoringFunction", "{\"cluster\":\"demo\"}");
    console.printf("game day: %s on a %d-node cluster in %s%s; alarm periods scaled by %.2f (60 s = %.1f s)%n", fault.id, nodes,
        zones, duringUpgrade ? ", during a rolling upgrade" : "", PERIOD_SCALE, 60 * PERIOD_SCALE);
    console.println("monitoring: " + monitoring.path("clusters").path(0).path("created").size() + " alarms created");
    awaitAlarmsSettled();
    cloud.events().forgetObservations();
    int transitionsBefore = cloud.alarms().transitions().size();

    String upgrade = duringUpgrade ? startUpgrade() : null;
    Instant faultAt = Instant.now();
    timeline.add(new Entry(faultAt, "fault: " + inject(fault)));

    Set<String> executions = new LinkedHashSet<>();
    awaitIncidents(executions, upgrade != null ? Duration.ofSeconds(120) : Duration.ofSeconds(60));
    if (upgrade != null) {
      LocalCloud.Execution up = cloud.await(upgrade, TIMEOUT);
      timeline.add(new Entry(Instant.now(), "rolling upgrade " + up.status().toLowerCase()));
      awaitIncidents(executions, Duration.ofSeconds(5));
    }
    String expected = duringUpgrade ? "resolved" : fault.expected;
    boolean asExpected = !executions.isEmpty();
    List<String> outcomes = new ArrayList<>();
    Instant repaired = null;
    for (String arn : executions) {
      LocalCloud.Execution run = cloud.await(arn, TIMEOUT);
      String outcome = run.output() == null ? "failed" : run.output().path("outcome").asText();
      outcomes.add(outcome);
      asExpected &= outcome.equals(expected) || outcome.equals("resolved"); // a second incident finds nothing left to do
      steps(run);
      Instant ended = run.history().get(run.history().size() - 1).timestamp();
      timeline.add(new Entry(ended, "remediate " + name(arn) + " ended: " + outcome + (run.error() == null ? "" : " (" + run.error() + ")")));
      if (outcome.equals(expected) && (repaired == null || ended.isBefore(repaired))) {
        repaired = ended;
      }
    }
    for (var t : cloud.alarms().transitions().subList(transitionsBefore, cloud.alarms().transitions().size())) {
      timeline.add(new Entry(t.at(), "alarm " + t.alarm() + ": " + t.from() + " -> " + t.to()));
    }
    for (var o : cloud.events().observed()) {
      if (o.event() != null && !o.started().isEmpty()) {
        timeline.add(new Entry(o.at(), "event \"" + o.detailType() + "\" -> " + o.rules()));
      }
    }
    timeline.sort(Comparator.comparing(Entry::at));
    for (Entry e : timeline) {
      console.printf("  +%6.1f s  %s%n", Duration.between(faultAt, e.at()).toMillis() / 1000.0, e.what());
    }
    asExpected &= outcomes.contains(expected);
    Instant end = timeline.get(timeline.size() - 1).at();
    console.printf("time to repair: %s from the fault to the remediation that %s; the last incident closed at %.1f s;"
        + " %d execution(s) started, outcomes %s (the others waited for the lock, then found nothing left to do)%n",
        repaired == null ? "none" : String.format("%.1f s", Duration.between(faultAt, repaired).toMillis() / 1000.0),
        expected, Duration.between(faultAt, end).toMillis() / 1000.0, executions.size(), outcomes);
    console.printf("healthy now: %s; AWS API calls through the gateway %d%n", cloud.twin().targetStates(targetGroup()),
        cloud.gateway().totalCalls());
    return asExpected;
  }

  private String inject(Fault fault) {
    Twin twin = cloud.twin();
    SimNode first = twin.node(0);
    return switch (fault) {
      case CONNECT_CRASH -> {
        twin.crashConnect(first.instanceId);
        yield "Connect crashed on " + first.instanceId + " (" + first.availabilityZone + ")";
      }
      case NODE_DEAD -> {
        twin.killNode(first.instanceId, NodeDeath.STOPPED);
        yield "node " + first.instanceId + " (" + first.availabilityZone + ") died: instance stopped";
      }
      case AZ_IMPAIRED -> {
        twin.impairAz(first.availabilityZone);
        yield "Availability Zone " + first.availabilityZone + " impaired";
      }
      case ALL_DOWN -> {
        twin.databaseUnavailable("failing-over");
        twin.nodes().forEach(n -> twin.crashConnect(n.instanceId));
        yield "the database fails over and Connect goes down on every node";
      }
      case LICENSE_EXPIRED -> {
        twin.expireLicense();
        yield "the licence expired: /__ping__ answers 402 on every node";
      }
      case ALARM_STORM -> {
        twin.killNode(first.instanceId, NodeDeath.STOPPED);
        storm(first.instanceId);
        yield "node " + first.instanceId + " died, and 1,000 events about it arrived within 10 s";
      }
    };
  }

  /** 500 EC2 state-change events and 500 of its status alarm's state changes, put on the bus within 10 s. */
  private void storm(String instanceId) {
    Instant until = Instant.now().plusSeconds(10);
    String alarm = "connect-ha-demo-remediation-node-" + instanceId + "-status";
    for (int i = 0; i < 1000 && Instant.now().isBefore(until); i++) {
      ObjectNode event = i % 2 == 0 ? InstanceStateEvents.event(instanceId, "stopped")
          : AlarmEvaluator.stateChange(alarm, "AWS/EC2", "StatusCheckFailed", Map.of("InstanceId", instanceId), "OK", "ALARM");
      cloud.events().put(event);
    }
  }

  private String startUpgrade() {
    String name = "upgrade-demo-gameday-" + UUID.randomUUID();
    String arn = cloud.clients().sfn.startExecution(b -> b.stateMachineArn(cloud.template().resource("RollingUpgradeStateMachine").ref())
        .name(name).input("{\"cluster\":\"demo\",\"targetVersion\":\"2024.10.0\",\"options\":{\"pollSeconds\":1}}")).executionArn();
    timeline.add(new Entry(Instant.now(), "rolling upgrade started: " + name));
    // the fault comes while the upgrade holds the lock and every node is down on purpose
    poll(Duration.ofSeconds(120), () -> cloud.clients().sfn.getExecutionHistoryPaginator(b -> b.executionArn(arn)).events().stream()
        .anyMatch(e -> e.stateEnteredEventDetails() != null && e.stateEnteredEventDetails().name().equals("StopEveryNode")));
    timeline.add(new Entry(Instant.now(), "rolling upgrade: StopEveryNode (the downtime begins, on purpose)"));
    return arn;
  }

  /** Adds to {@code executions} the remediate executions the intake starts, until none has started for {@code quiet}. */
  private void awaitIncidents(Set<String> executions, Duration quiet) {
    Instant deadline = Instant.now().plus(quiet);
    while (Instant.now().isBefore(deadline)) {
      for (var o : cloud.events().observed()) {
        for (var s : o.started()) {
          EventBus.FunctionInvocation call = cloud.events().invocation(s.id());
          if (call == null || !call.done() || call.output() == null) {
            continue;
          }
          JsonNode answer = read(call.output());
          if (answer.path("outcome").asText().equals("opened")) {
            String arn = cloud.template().resource("RemediateStateMachine").ref().replace(":stateMachine:", ":execution:") + ":"
                + answer.path("execution").asText();
            if (executions.add(arn)) {
              timeline.add(new Entry(call.ended(), "incident opened: " + answer.path("incident").path("kind").asText() + " on "
                  + answer.path("incident").path("subject").asText() + " -> remediate " + answer.path("execution").asText()));
              deadline = Instant.now().plus(quiet);
            }
          }
        }
      }
      sleep(Duration.ofMillis(200));
    }
  }

  /** Each state the execution entered, as a timeline entry. */
  private void steps(LocalCloud.Execution run) {
    for (HistoryEvent e : run.history()) {
      if (e.stateEnteredEventDetails() != null && !e.stateEnteredEventDetails().name().endsWith("?")) {
        timeline.add(new Entry(e.timestamp(), "  " + name(run.arn()) + ": " + e.stateEnteredEventDetails().name()));
      }
    }
  }

  private void awaitAlarmsSettled() {
    poll(Duration.ofSeconds(60), () -> cloud.clients().cloudwatch.describeAlarms(b -> b.alarmNamePrefix("connect-ha-demo-remediation-"))
        .metricAlarms().stream().allMatch(a -> a.stateValueAsString().equals("OK")));
  }

  private String targetGroup() {
    return read(cloud.clients().ssm.getParameter(b -> b.name("/connect-ha/clusters/demo")).parameter().value())
        .path("targetGroupArn").asText();
  }

  private JsonNode invoke(String function, String input) {
    LambdaRuntime.Invocation answer = cloud.lambda().invoke(cloud.template().resource(function).ref(),
        input.getBytes(StandardCharsets.UTF_8));
    return read(new String(answer.payload(), StandardCharsets.UTF_8));
  }

  private static String name(String executionArn) {
    return executionArn.substring(executionArn.lastIndexOf(':') + 1);
  }

  private static JsonNode read(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void poll(Duration timeout, java.util.function.BooleanSupplier done) {
    Instant deadline = Instant.now().plus(timeout);
    while (!done.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("not reached within " + timeout);
      }
      sleep(Duration.ofMillis(200));
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
