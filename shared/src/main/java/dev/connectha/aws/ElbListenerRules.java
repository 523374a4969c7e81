package dev.connectha.aws;

import dev.connectha.errors.ConnectHaException;
import dev.connectha.ports.ListenerRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeRulesResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;

/** ELBv2 listeners and listener rules, with their tags. */
public final class ElbListenerRules implements ListenerRules {
  /** DescribeTags takes at most 20 resources per call. */
  private static final int TAGS_PER_CALL = 20;

  private final ElasticLoadBalancingV2Client elb;

  @Inject
  public ElbListenerRules(ElasticLoadBalancingV2Client elb) {
    this.elb = elb;
  }

  @Override
  public List<Listener> listeners(String loadBalancerArn) {
    return AwsCalls.call("describe listeners of " + loadBalancerArn, () -> elb
        .describeListenersPaginator(r -> r.loadBalancerArn(loadBalancerArn)).listeners().stream()
        .map(l -> new Listener(l.listenerArn(), l.loadBalancerArn(), l.protocolAsString()))
        .toList());
  }

  @Override
  public List<Rule> rules(String listenerArn) {
    return AwsCalls.call("describe rules of " + listenerArn, () -> {
      List<software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule> rules = new ArrayList<>();
      String marker = null;
      do {
        String page = marker;
        DescribeRulesResponse response = elb.describeRules(r -> r.listenerArn(listenerArn).marker(page));
        rules.addAll(response.rules());
        marker = response.nextMarker();
      } while (marker != null && !marker.isEmpty());
      Map<String, Map<String, String>> tags = new HashMap<>();
      for (int i = 0; i < rules.size(); i += TAGS_PER_CALL) {
        List<String> arns = rules.subList(i, Math.min(rules.size(), i + TAGS_PER_CALL)).stream()
            .map(software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule::ruleArn).toList();
        elb.describeTags(r -> r.resourceArns(arns)).tagDescriptions().forEach(d -> {
          Map<String, String> byKey = new HashMap<>();
          d.tags().forEach(t -> byKey.put(t.key(), t.value()));
          tags.put(d.resourceArn(), byKey);
        });
      }
      return rules.stream().map(r -> new Rule(r.ruleArn(),
              Boolean.TRUE.equals(r.isDefault()) || "default".equals(r.priority()) ? null : Integer.valueOf(r.priority()),
              tags.getOrDefault(r.ruleArn(), Map.of())))
          .toList();
    });
  }

  @Override
  public String createRule(String listenerArn, int priority, String pathPattern, FixedResponse response,
      Map<String, String> tags) {
    return AwsCalls.call("create rule at priority " + priority + " on " + listenerArn, () -> elb.createRule(r -> r
            .listenerArn(listenerArn)
            .priority(priority)
            .conditions(c -> c.field("path-pattern").pathPatternConfig(p -> p.values(pathPattern)))
            .actions(a -> a.type(ActionTypeEnum.FIXED_RESPONSE).fixedResponseConfig(f -> f
                .statusCode(String.valueOf(response.statusCode())).contentType(response.contentType())
                .messageBody(response.body())))
            .tags(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()))
        .rules().get(0).ruleArn());
  }

  @Override
  public void deleteRule(String ruleArn) {
    try {
      AwsCalls.call("delete rule " + ruleArn, () -> elb.deleteRule(r -> r.ruleArn(ruleArn)));
    } catch (ConnectHaException e) {
      if (!(e.getCause() instanceof RuleNotFoundException)) {
        throw e;
      }
    }
  }
}
