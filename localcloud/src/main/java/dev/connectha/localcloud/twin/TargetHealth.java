package dev.connectha.localcloud.twin;

import dev.connectha.localcloud.AwsResponse;
import dev.connectha.localcloud.Gateway;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * ELB's {@code DescribeTargetHealth} from the simulated Connect. moto reports every running target
 * healthy; the twin keeps moto's registrations but makes a node unhealthy unless its Connect is
 * installed, active and answering {@code /__ping__}, or when its AZ is impaired, with the reason ELB
 * gives ({@link #health}). The alarm evaluator reads the same health ({@link #of}).
 */
final class TargetHealth {
  private static final Pattern TARGET_MEMBER = Pattern.compile(
      "<member>\\s*(?:<HealthCheckPort>[^<]*</HealthCheckPort>\\s*)?<Target>\\s*<Id>([^<]+)</Id>\\s*<Port>([^<]+)</Port>.*?<State>([^<]+)</State>.*?</member>",
      Pattern.DOTALL);

  /** A target's health as ELB reports it: its state, and the reason (null when none). */
  record Health(String state, String reason) {}

  private final List<SimNode> nodes;
  private final UpgradeRule upgradeRule;
  private final NodeFaults faults;

  /** @param nodes the twin's nodes, as seeding and faults change them */
  TargetHealth(List<SimNode> nodes, UpgradeRule upgradeRule, NodeFaults faults) {
    this.nodes = nodes;
    this.upgradeRule = upgradeRule;
    this.faults = faults;
  }

  /**
   * Target {@code id}'s health, given moto's {@code state} for it: a twin node that moto calls
   * healthy is unhealthy when its AZ is impaired (the health check times out), or unless its
   * Connect is installed, active and answering {@code /__ping__} with 200 (an expired licence
   * answers 402).
   */
  Health health(String id, String state) {
    SimNode node = SimNode.find(nodes, id);
    if (state.equals("healthy") && node != null) {
      if (faults.unreachable(node)) {
        return new Health("unhealthy", "Target.Timeout");
      }
      if (!(node.connectVersion != null && node.serviceActive && node.pingHealthy && !faults.licenseExpired())) {
        return new Health("unhealthy", node.serviceActive ? "Target.ResponseCodeMismatch" : "Target.FailedHealthChecks");
      }
    }
    return new Health(state, state.equals("unused") ? "Target.InvalidState" : null);
  }

  /** Every target of {@code targetGroupArn} and its {@link #health}, asking moto for the registrations. */
  Map<String, Health> of(ElasticLoadBalancingV2Client elb,
      String targetGroupArn) {
    upgradeRule.settle();
    Map<String, Health> health = new LinkedHashMap<>();
    elb.describeTargetHealth(b -> b.targetGroupArn(targetGroupArn)).targetHealthDescriptions()
        .forEach(d -> health.put(d.target().id(), health(d.target().id(), d.targetHealth().stateAsString())));
    return health;
  }

  /** Needs the gateway to ask moto for the registrations. */
  Gateway.Interceptor interceptor(Gateway gateway) {
    return request -> {
      if (!request.service().equals("elasticloadbalancing") || !request.action().equals("DescribeTargetHealth")) {
        return Optional.empty();
      }
      AwsResponse moto = gateway.forward(request);
      if (moto.status() != 200) {
        return Optional.of(moto);
      }
      upgradeRule.settle();
      StringBuilder members = new StringBuilder();
      Matcher m = TARGET_MEMBER.matcher(new String(moto.body(), StandardCharsets.UTF_8));
      while (m.find()) {
        String id = m.group(1);
        Health health = health(id, m.group(3));
        String state = health.state();
        String reason = health.reason();
        members.append("<member><Target><Id>").append(id).append("</Id><Port>").append(m.group(2))
            .append("</Port></Target><HealthCheckPort>").append(m.group(2)).append("</HealthCheckPort><TargetHealth><State>")
            .append(state).append("</State>").append(reason == null ? "" : "<Reason>" + reason + "</Reason>")
            .append("</TargetHealth></member>");
      }
      return Optional.of(AwsResponse.xml("<DescribeTargetHealthResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\">"
          + "<DescribeTargetHealthResult><TargetHealthDescriptions>" + members + "</TargetHealthDescriptions>"
          + "</DescribeTargetHealthResult><ResponseMetadata><RequestId>" + UUID.randomUUID()
          + "</RequestId></ResponseMetadata></DescribeTargetHealthResponse>"));
    };
  }
}
