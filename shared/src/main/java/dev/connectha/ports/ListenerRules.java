package dev.connectha.ports;

import java.util.List;
import java.util.Map;

/** The listeners of a load balancer and their rules: where a maintenance page goes. */
public interface ListenerRules {
  /** A listener; only HTTP and HTTPS listeners have rules with fixed responses. */
  record Listener(String arn, String loadBalancerArn, String protocol) {
    public boolean http() {
      return "HTTP".equals(protocol) || "HTTPS".equals(protocol);
    }
  }

  /** A rule with its tags; {@code priority} is null for the listener's default rule. */
  record Rule(String arn, Integer priority, Map<String, String> tags) {
    public Rule {
      tags = Map.copyOf(tags);
    }
  }

  /** What a fixed-response action answers. */
  record FixedResponse(int statusCode, String contentType, String body) {}

  List<Listener> listeners(String loadBalancerArn);

  /** Every rule of the listener (the default rule included), with its tags. */
  List<Rule> rules(String listenerArn);

  /** Creates a rule answering requests whose path matches {@code pathPattern} with {@code response}; returns its ARN. */
  String createRule(String listenerArn, int priority, String pathPattern, FixedResponse response, Map<String, String> tags);

  /** Deletes the rule; a rule that is already gone is not an error. */
  void deleteRule(String ruleArn);
}
