package dev.connectha.localcloud.twin;

import dev.connectha.localcloud.AwsResponse;
import dev.connectha.localcloud.Gateway;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ELB's {@code DescribeTargetHealth} from the simulated Connect. moto reports every running target
 * healthy; the twin keeps moto's registrations but makes a node unhealthy unless its Connect is
 * installed, active and answering {@code /__ping__}, with the reason ELB gives.
 */
final class TargetHealth {
  private static final Pattern TARGET_MEMBER = Pattern.compile(
      "<member>\\s*(?:<HealthCheckPort>[^<]*</HealthCheckPort>\\s*)?<Target>\\s*<Id>([^<]+)</Id>\\s*<Port>([^<]+)</Port>.*?<State>([^<]+)</State>.*?</member>",
      Pattern.DOTALL);

  private final List<SimNode> nodes;
  private final UpgradeRule upgradeRule;

  /** @param nodes the twin's nodes, as seeding and faults change them */
  TargetHealth(List<SimNode> nodes, UpgradeRule upgradeRule) {
    this.nodes = nodes;
    this.upgradeRule = upgradeRule;
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
        String state = m.group(3);
        String reason = null;
        SimNode node = SimNode.find(nodes, id);
        if (state.equals("healthy") && node != null && !(node.connectVersion != null && node.serviceActive && node.pingHealthy)) {
          state = "unhealthy";
          reason = node.serviceActive ? "Target.ResponseCodeMismatch" : "Target.FailedHealthChecks";
        } else if (state.equals("unused")) {
          reason = "Target.InvalidState";
        }
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
