package dev.connectha.traffic;

import dev.connectha.ports.ClusterRegistry;
import dev.connectha.ports.ListenerRules;
import dev.connectha.ports.ListenerRules.FixedResponse;
import dev.connectha.ports.ListenerRules.Listener;
import dev.connectha.ports.ListenerRules.Rule;
import dev.connectha.ports.TargetRegistrations;
import dev.connectha.errors.ClusterNotFoundException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.model.ClusterDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a "being upgraded" page in front of a cluster, and takes it away.
 *
 * <p>On: every HTTP(S) listener of the load balancers the cluster's target group serves gets one
 * rule matching every path ({@code /*}) that answers 503 with a short HTML page, at priority 1, or
 * the lowest free priority when an operator's rule holds 1 (those rules then still go first). The
 * rule carries the tag {@code connect-ha:maintenance=<cluster>}; a listener that already has such a
 * rule keeps it. Off: deletes exactly the rules carrying that tag, and nothing else. Both are
 * idempotent, so a retried or repeated step changes nothing more.
 */
public final class MaintenancePage {
  private static final Logger LOG = LoggerFactory.getLogger(MaintenancePage.class);
  public static final String TAG = "connect-ha:maintenance";
  static final String PATH_PATTERN = "/*";
  static final FixedResponse PAGE = new FixedResponse(503, "text/html", """
      <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Posit Connect is being upgraded</title>\
      <meta name="viewport" content="width=device-width, initial-scale=1"></head>\
      <body style="font-family: sans-serif; margin: 4em auto; max-width: 36em; text-align: center">\
      <h1>Posit Connect is being upgraded</h1><p>It will be back in a few minutes. Please try again shortly.</p>\
      </body></html>""");

  private final ClusterRegistry registry;
  private final TargetRegistrations groups;
  private final ListenerRules rules;

  @Inject
  public MaintenancePage(ClusterRegistry registry, TargetRegistrations groups, ListenerRules rules) {
    this.registry = registry;
    this.groups = groups;
    this.rules = rules;
  }

  public MaintenancePageReport apply(MaintenancePageInput input) {
    ClusterDocument cluster = registry.load(input.cluster());
    List<String> loadBalancers = groups.describe(Members.targetGroupOf(cluster)).loadBalancerArns();
    List<Listener> listeners = loadBalancers.stream().flatMap(lb -> rules.listeners(lb).stream()).filter(Listener::http)
        .toList();
    return input.on() ? on(cluster.name(), loadBalancers, listeners) : off(cluster.name(), listeners);
  }

  private MaintenancePageReport on(String cluster, List<String> loadBalancers, List<Listener> listeners) {
    if (listeners.isEmpty()) {
      throw new PreconditionFailedException("cluster " + cluster + " has no HTTP or HTTPS listener to show a page on"
          + (loadBalancers.isEmpty() ? ": its target group serves no load balancer"
              : " (load balancers: " + loadBalancers + ")"));
    }
    Map<String, List<Rule>> existing = listeners.stream()
        .collect(Collectors.toMap(Listener::arn, l -> rules.rules(l.arn()), (a, b) -> a, java.util.LinkedHashMap::new));
    List<String> ruleArns = new ArrayList<>();
    boolean changed = false;
    for (Listener listener : listeners) {
      List<Rule> onListener = existing.get(listener.arn());
      List<String> ours = onListener.stream().filter(r -> ours(r, cluster)).map(Rule::arn).toList();
      if (!ours.isEmpty()) {
        ruleArns.addAll(ours);
        continue;
      }
      int priority = lowestFreePriority(onListener);
      if (priority > 1) {
        LOG.warn("maintenance page of {} on {} at priority {}: rules at {} still go first", cluster, listener.arn(),
            priority, onListener.stream().map(Rule::priority).filter(Objects::nonNull).sorted().toList());
      }
      ruleArns.add(rules.createRule(listener.arn(), priority, PATH_PATTERN, PAGE, Map.of(TAG, cluster)));
      changed = true;
    }
    return new MaintenancePageReport(cluster, "on", ruleArns, changed);
  }

  private MaintenancePageReport off(String cluster, List<Listener> listeners) {
    List<String> ours = listeners.stream().flatMap(l -> rules.rules(l.arn()).stream()).filter(r -> ours(r, cluster))
        .map(Rule::arn).toList();
    ours.forEach(rules::deleteRule);
    return new MaintenancePageReport(cluster, "off", ours, !ours.isEmpty());
  }

  private static boolean ours(Rule rule, String cluster) {
    return cluster.equals(rule.tags().get(TAG));
  }

  /** 1, or the lowest priority no rule of the listener holds. */
  static int lowestFreePriority(List<Rule> onListener) {
    Set<Integer> taken = onListener.stream().map(Rule::priority).filter(Objects::nonNull)
        .collect(Collectors.toCollection(TreeSet::new));
    int priority = 1;
    while (taken.contains(priority)) {
      priority++;
    }
    return priority;
  }

  /** SnapStart priming: one harmless read (a cluster that cannot exist) through the SDK. */
  void prime() {
    try {
      registry.load("connect-ha-snapstart-priming");
    } catch (ClusterNotFoundException expected) {
      // the point was to load the client, not to find a cluster
    }
  }
}
