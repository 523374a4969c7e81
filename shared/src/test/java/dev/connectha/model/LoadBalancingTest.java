package dev.connectha.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoadBalancingTest {

  private static LoadBalancing withCrossZone(String crossZone, boolean loadBalancerCrossZone) {
    return new LoadBalancing("arn:tg", List.of("arn:lb"), true, "lb_cookie", crossZone, loadBalancerCrossZone,
        "/__ping__", List.of());
  }

  @ParameterizedTest(name = "target group {0}, load balancer {1} -> {2}")
  @CsvSource(nullValues = "NULL", value = {
      "true,                            false, true",
      "true,                            true,  true",
      "false,                           true,  false",
      "false,                           false, false",
      "use_load_balancer_configuration, true,  true",
      "use_load_balancer_configuration, false, false",
      "NULL,                            true,  true",
      "NULL,                            false, false"})
  void crossZoneFollowsTheTargetGroupUnlessItDefersToTheLoadBalancer(String crossZone, boolean lb, boolean expected) {
    assertEquals(expected, withCrossZone(crossZone, lb).crossZoneOn());
  }
}
