package dev.connectha.traffic;

import dev.connectha.ports.Alarms;
import dev.connectha.ports.ClusterRegistry;
import dev.connectha.ports.ListenerRules;
import dev.connectha.ports.NodeDirectory;
import dev.connectha.ports.ScalingGroups;
import dev.connectha.ports.TargetRegistrations;
import dev.connectha.errors.AwsThrottledException;
import dev.connectha.errors.ClusterNotFoundException;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Hand-written fakes of every adapter the traffic functions use, over one small in-memory cluster
 * ({@value #CLUSTER}: two running nodes, a target group on port 3939 behind one load balancer with
 * an HTTP listener). Every call is recorded in {@link #calls}, reads as {@code "read ..."} and
 * changes as {@code "change ..."}, so that tests can say that nothing changed.
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

  ClusterDocument document = document(TARGET_GROUP);
  List<Node> nodes = new ArrayList<>(List.of(node(NODE_A, "running"), node(NODE_B, "running")));

  final FakeRegistry registry = new FakeRegistry();
  final FakeNodes directory = new FakeNodes();
  final FakeTargetGroups targetGroups = new FakeTargetGroups();
  final FakeListenerRules listenerRules = new FakeListenerRules();
  final FakeScalingGroups scaling = new FakeScalingGroups();
  final FakeAlarms alarms = new FakeAlarms();
  /** The pauses of waits, in order; {@link #onPause} runs after each (a test changes the world there). */
  final List<Duration> pauses = new ArrayList<>();
  Runnable onPause = () -> { };

  TargetControl targetControl() {
    return new TargetControl(registry, directory, targetGroups, pause -> {
      pauses.add(pause);
      onPause.run();
    });
  }

  MaintenancePage maintenancePage() {
    return new MaintenancePage(registry, targetGroups, listenerRules);
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

  // ---- fakes ----------------------------------------------------------------------------------

  final class FakeRegistry implements ClusterRegistry {
    @Override
    public ClusterDocument load(String name) {
      calls.add("read cluster " + name);
      if (!name.equals(CLUSTER)) {
        throw new ClusterNotFoundException("no cluster " + name);
      }
      return document;
    }
  }

  final class FakeNodes implements NodeDirectory {
    @Override
    public List<Node> nodesOf(String cluster) {
      calls.add("read nodes " + cluster);
      return List.copyOf(nodes);
    }
  }

  /** Registrations by instance id, each at one port; deregistered ones are gone at once (no delay). */
  final class FakeTargetGroups implements TargetRegistrations {
    final Map<String, Registration> registered = new LinkedHashMap<>(Map.of(
        NODE_A, new Registration(NODE_A, PORT, "healthy", null),
        NODE_B, new Registration(NODE_B, PORT, "healthy", null)));
    List<String> loadBalancers = List.of(LOAD_BALANCER);

    @Override
    public TargetGroup describe(String targetGroupArn) {
      calls.add("read target group " + targetGroupArn);
      return new TargetGroup(targetGroupArn, PORT, loadBalancers);
    }

    @Override
    public List<Registration> registrations(String targetGroupArn) {
      calls.add("read registrations " + targetGroupArn);
      return List.copyOf(registered.values());
    }

    @Override
    public void register(String targetGroupArn, List<String> instanceIds, int port) {
      calls.add("change register " + instanceIds + " at " + port);
      instanceIds.forEach(id -> registered.put(id, new Registration(id, port, "initial", "Elb.RegistrationInProgress")));
    }

    @Override
    public void deregister(String targetGroupArn, List<Registration> registrations) {
      calls.add("change deregister " + registrations.stream().map(r -> r.instanceId() + ":" + r.port()).toList());
      registrations.forEach(r -> registered.remove(r.instanceId()));
    }

    void state(String instanceId, String state, String reason) {
      registered.put(instanceId, new Registration(instanceId, PORT, state, reason));
    }
  }

  final class FakeListenerRules implements ListenerRules {
    final Map<String, Listener> listeners = new LinkedHashMap<>(Map.of(HTTP_LISTENER,
        new Listener(HTTP_LISTENER, LOAD_BALANCER, "HTTP")));
    /** Rules by listener, the default rule first. */
    final Map<String, List<Rule>> rules = new HashMap<>();
    int created;

    FakeListenerRules() {
      rules.put(HTTP_LISTENER, new ArrayList<>(List.of(new Rule(HTTP_LISTENER + "/default", null, Map.of()))));
    }

    void listener(String arn, String protocol) {
      listeners.put(arn, new Listener(arn, LOAD_BALANCER, protocol));
      rules.put(arn, new ArrayList<>(List.of(new Rule(arn + "/default", null, Map.of()))));
    }

    void rule(String listenerArn, String arn, int priority, Map<String, String> tags) {
      rules.get(listenerArn).add(new Rule(arn, priority, tags));
    }

    @Override
    public List<Listener> listeners(String loadBalancerArn) {
      calls.add("read listeners " + loadBalancerArn);
      return listeners.values().stream().filter(l -> l.loadBalancerArn().equals(loadBalancerArn)).toList();
    }

    @Override
    public List<Rule> rules(String listenerArn) {
      calls.add("read rules " + listenerArn);
      return List.copyOf(rules.get(listenerArn));
    }

    @Override
    public String createRule(String listenerArn, int priority, String pathPattern, FixedResponse response,
        Map<String, String> tags) {
      calls.add("change create rule " + priority + " " + pathPattern + " " + response.statusCode() + " on " + listenerArn);
      String arn = listenerArn.replace(":listener/", ":listener-rule/") + "/maintenance-" + ++created;
      rules.get(listenerArn).add(new Rule(arn, priority, tags));
      lastResponse = response;
      return arn;
    }

    FixedResponse lastResponse;

    @Override
    public void deleteRule(String ruleArn) {
      calls.add("change delete rule " + ruleArn);
      rules.values().forEach(list -> list.removeIf(r -> r.arn().equals(ruleArn)));
    }

    List<Rule> all() {
      return rules.values().stream().flatMap(List::stream).toList();
    }
  }

  /** Groups by name: their instances and suspended processes; a group can be made to fail its next suspend. */
  final class FakeScalingGroups implements ScalingGroups {
    final Map<String, Set<String>> instances = new LinkedHashMap<>();
    final Map<String, Set<String>> suspended = new LinkedHashMap<>();
    String failNextSuspendOf;

    void group(String name, Set<String> instanceIds, String... suspendedProcesses) {
      instances.put(name, new TreeSet<>(instanceIds));
      suspended.put(name, new TreeSet<>(List.of(suspendedProcesses)));
    }

    @Override
    public List<String> groupsOf(Collection<String> instanceIds) {
      calls.add("read groups of " + instanceIds);
      return instances.entrySet().stream().filter(e -> e.getValue().stream().anyMatch(instanceIds::contains))
          .map(Map.Entry::getKey).sorted().toList();
    }

    @Override
    public Map<String, Set<String>> suspendedProcesses(Collection<String> groupNames) {
      calls.add("read suspended processes " + groupNames);
      Map<String, Set<String>> found = new LinkedHashMap<>();
      groupNames.stream().filter(suspended::containsKey).forEach(g -> found.put(g, new TreeSet<>(suspended.get(g))));
      return found;
    }

    @Override
    public void suspend(String groupName, Collection<String> processes) {
      calls.add("change suspend " + processes + " in " + groupName);
      if (groupName.equals(failNextSuspendOf)) {
        failNextSuspendOf = null;
        throw new AwsThrottledException("suspend " + processes + " in " + groupName + ": Throttling (injected)");
      }
      suspended.get(groupName).addAll(processes);
    }

    @Override
    public void resume(String groupName, Collection<String> processes) {
      calls.add("change resume " + processes + " in " + groupName);
      suspended.get(groupName).removeAll(processes);
    }
  }

  final class FakeAlarms implements Alarms {
    final Map<String, Boolean> actionsEnabled = new LinkedHashMap<>();
    final Map<String, Map<String, String>> tags = new HashMap<>();
    boolean failDisable;

    void alarm(String name, boolean enabled, Map<String, String> alarmTags) {
      actionsEnabled.put(name, enabled);
      tags.put(arn(name), alarmTags);
    }

    static String arn(String name) {
      return "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:" + name;
    }

    @Override
    public List<Alarm> all() {
      calls.add("read alarms");
      return actionsEnabled.entrySet().stream().map(e -> new Alarm(e.getKey(), arn(e.getKey()), e.getValue()))
          .sorted(java.util.Comparator.comparing(Alarm::name)).toList();
    }

    @Override
    public List<Alarm> named(Collection<String> names) {
      calls.add("read alarms " + names);
      return all().stream().filter(a -> names.contains(a.name())).toList();
    }

    @Override
    public Map<String, String> tags(String alarmArn) {
      calls.add("read tags " + alarmArn);
      return tags.getOrDefault(alarmArn, Map.of());
    }

    @Override
    public void disableActions(Collection<String> names) {
      calls.add("change disable " + names);
      if (failDisable) {
        throw new AwsThrottledException("disable the actions of " + names + ": Throttling (injected)");
      }
      names.forEach(n -> actionsEnabled.put(n, false));
    }

    @Override
    public void enableActions(Collection<String> names) {
      calls.add("change enable " + names);
      names.forEach(n -> actionsEnabled.put(n, true));
    }
  }
}
