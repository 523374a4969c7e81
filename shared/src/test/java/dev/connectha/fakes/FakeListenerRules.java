package dev.connectha.fakes;

import dev.connectha.ports.ListenerRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Listeners by ARN and their rules, each listener's default rule first. */
public final class FakeListenerRules implements ListenerRules {
  public final Map<String, Listener> listeners = new LinkedHashMap<>();
  /** Rules by listener, the default rule first. */
  public final Map<String, List<Rule>> rules = new HashMap<>();
  /** What the last rule created answers. */
  public FixedResponse lastResponse;
  private int created;
  private final List<String> calls;

  public FakeListenerRules(List<String> calls) {
    this.calls = calls;
  }

  /** Adds a listener of the load balancer, with its default rule. */
  public void listener(String arn, String loadBalancerArn, String protocol) {
    listeners.put(arn, new Listener(arn, loadBalancerArn, protocol));
    rules.put(arn, new ArrayList<>(List.of(new Rule(arn + "/default", null, Map.of()))));
  }

  public void rule(String listenerArn, String arn, int priority, Map<String, String> tags) {
    rules.get(listenerArn).add(new Rule(arn, priority, tags));
  }

  /** Every rule of every listener. */
  public List<Rule> all() {
    return rules.values().stream().flatMap(List::stream).toList();
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

  @Override
  public void deleteRule(String ruleArn) {
    calls.add("change delete rule " + ruleArn);
    rules.values().forEach(list -> list.removeIf(r -> r.arn().equals(ruleArn)));
  }
}
