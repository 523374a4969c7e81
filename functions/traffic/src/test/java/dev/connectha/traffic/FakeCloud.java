package dev.connectha.traffic;

import dev.connectha.fakes.FakeAlarms;
import dev.connectha.fakes.FakeClusterRegistry;
import dev.connectha.fakes.FakeListenerRules;
import dev.connectha.fakes.FakeNodeDirectory;
import dev.connectha.fakes.FakeScalingGroups;
import dev.connectha.fakes.FakeTargetRegistrations;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shared fakes of every port the traffic functions use, over one small in-memory cluster
 * ({@value #CLUSTER}: two running nodes, a target group on port 3939 behind one load balancer with
 * an HTTP listener). Every call is recorded in {@link #calls}; changes start {@code "change "}, so
 * that tests can say that nothing changed.
 */
final class FakeCloud {
  static final String CLUSTER = "prod";
  static final String NODE_A = "i-0aaaaaaaaaaaaaaaa";
  static final String NODE_B = "i-0bbbbbbbbbbbbbbbb";
  static final String OUTSIDER = "i-0ddddddddddddddd0";
  static final String TARGET_GROUP = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/connect/0123";
  static final String LOAD_BALANCER = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/connect/4567";
  static final String HTTP_LISTENER = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/connect/4567/80";
  static final int PORT = 3939;

  final List<String> calls = new ArrayList<>();

  final FakeClusterRegistry registry = new FakeClusterRegistry(calls, document(TARGET_GROUP));
  final FakeNodeDirectory directory = new FakeNodeDirectory(calls,
      List.of(node(NODE_A, "running"), node(NODE_B, "running")));
  final FakeTargetRegistrations registrations = new FakeTargetRegistrations(calls, PORT, List.of(LOAD_BALANCER),
      NODE_A, NODE_B);
  final FakeListenerRules listenerRules = new FakeListenerRules(calls);
  final FakeScalingGroups scaling = new FakeScalingGroups(calls);
  final FakeAlarms alarms = new FakeAlarms(calls);
  /** The pauses of waits, in order; {@link #onPause} runs after each (a test changes the world there). */
  final List<Duration> pauses = new ArrayList<>();
  Runnable onPause = () -> { };

  FakeCloud() {
    listenerRules.listener(HTTP_LISTENER, LOAD_BALANCER, "HTTP");
  }

  TargetControl targetControl() {
    return new TargetControl(registry, directory, registrations, pause -> {
      pauses.add(pause);
      onPause.run();
    });
  }

  MaintenancePage maintenancePage() {
    return new MaintenancePage(registry, registrations, listenerRules);
  }

  AutomationPause automationPause() {
    return new AutomationPause(registry, directory, scaling, alarms);
  }

  static ClusterDocument document(String targetGroupArn) {
    return new ClusterDocument(CLUSTER, targetGroupArn, "connect-db", null, "fs-0123abcd", "lt-0123",
        Map.of("eu-west-1a", "subnet-a", "eu-west-1b", "subnet-b"), "Default", null, "https://cdn.posit.co/connect", 2,
        ConnectVersion.parse("2024.08.0"));
  }

  static Node node(String id, String state) {
    return new Node(id, "eu-west-1a", "subnet-a", state, "10.0.0.1");
  }

  List<String> changes() {
    return calls.stream().filter(c -> c.startsWith("change ")).toList();
  }
}
