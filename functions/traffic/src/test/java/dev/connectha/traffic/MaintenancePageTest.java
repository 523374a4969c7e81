package dev.connectha.traffic;

import static dev.connectha.traffic.FakeCloud.CLUSTER;
import static dev.connectha.traffic.FakeCloud.HTTP_LISTENER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.ports.ListenerRules.Rule;
import dev.connectha.errors.PreconditionFailedException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MaintenancePage over fakes of the registry, the target group and the listener rules. */
class MaintenancePageTest {
  static final String HTTPS_LISTENER = HTTP_LISTENER.replace("/80", "/443");
  static final String TCP_LISTENER = HTTP_LISTENER.replace("/80", "/22");

  final FakeCloud cloud = new FakeCloud();
  final MaintenancePage page = cloud.maintenancePage();

  static MaintenancePageInput input(String action) {
    return new MaintenancePageInput(CLUSTER, action, "exec-1");
  }

  private List<Rule> maintenanceRules() {
    return cloud.listenerRules.all().stream().filter(r -> r.tags().containsKey(MaintenancePage.TAG)).toList();
  }

  @Test
  void onPutsOneFixed503RuleAtPriorityOneOnEveryHttpListener() {
    cloud.listenerRules.listener(HTTPS_LISTENER, FakeCloud.LOAD_BALANCER, "HTTPS");
    cloud.listenerRules.listener(TCP_LISTENER, FakeCloud.LOAD_BALANCER, "TCP");

    MaintenancePageReport report = page.apply(input("on"));

    assertEquals(List.of("change create rule 1 /* 503 on " + HTTP_LISTENER, "change create rule 1 /* 503 on " + HTTPS_LISTENER),
        cloud.changes());
    assertEquals(2, report.ruleArns().size());
    assertTrue(report.changed());
    assertEquals(List.of(Map.of(MaintenancePage.TAG, CLUSTER), Map.of(MaintenancePage.TAG, CLUSTER)),
        maintenanceRules().stream().map(Rule::tags).toList());
  }

  @Test
  void thePageIsAShortHtmlPageSaying503() {
    page.apply(input("on"));

    assertEquals(503, cloud.listenerRules.lastResponse.statusCode());
    assertEquals("text/html", cloud.listenerRules.lastResponse.contentType());
    assertTrue(cloud.listenerRules.lastResponse.body().contains("Posit Connect is being upgraded"));
    assertTrue(cloud.listenerRules.lastResponse.body().getBytes(StandardCharsets.UTF_8).length <= 1024,
        "an ALB fixed response holds at most 1024 bytes");
  }

  @Test
  void whenAnOperatorsRuleHoldsPriorityOneThePageTakesTheLowestFreePriority() {
    cloud.listenerRules.rule(HTTP_LISTENER, "operators-1", 1, Map.of());
    cloud.listenerRules.rule(HTTP_LISTENER, "operators-2", 2, Map.of());
    cloud.listenerRules.rule(HTTP_LISTENER, "operators-7", 7, Map.of());

    page.apply(input("on"));

    assertEquals(List.of("change create rule 3 /* 503 on " + HTTP_LISTENER), cloud.changes());
  }

  @Test
  void turningThePageOnTwiceCreatesNothingTheSecondTime() {
    MaintenancePageReport first = page.apply(input("on"));
    cloud.calls.clear();

    MaintenancePageReport second = page.apply(input("on"));

    assertEquals(List.of(), cloud.changes());
    assertEquals(first.ruleArns(), second.ruleArns());
    assertFalse(second.changed());
  }

  @Test
  void offDeletesExactlyTheRulesTaggedForThisCluster() {
    cloud.listenerRules.rule(HTTP_LISTENER, "operators-1", 1, Map.of("team", "web"));
    cloud.listenerRules.rule(HTTP_LISTENER, "other-cluster-page", 2, Map.of(MaintenancePage.TAG, "staging"));
    MaintenancePageReport on = page.apply(input("on"));
    cloud.calls.clear();

    MaintenancePageReport off = page.apply(input("off"));

    assertEquals(on.ruleArns(), off.ruleArns());
    assertEquals(List.of("change delete rule " + on.ruleArns().get(0)), cloud.changes());
    assertEquals(List.of(HTTP_LISTENER + "/default", "operators-1", "other-cluster-page"),
        cloud.listenerRules.all().stream().map(Rule::arn).toList());
  }

  @Test
  void turningThePageOffTwiceIsHarmless() {
    page.apply(input("on"));
    page.apply(input("off"));
    cloud.calls.clear();

    MaintenancePageReport again = page.apply(input("off"));

    assertEquals(List.of(), cloud.changes());
    assertEquals(List.of(), again.ruleArns());
    assertFalse(again.changed());
  }

  @Test
  void aTargetGroupWithoutLoadBalancerCannotShowAPage() {
    cloud.registrations.loadBalancers = List.of();

    PreconditionFailedException e = assertThrows(PreconditionFailedException.class, () -> page.apply(input("on")));

    assertTrue(e.getMessage().contains("serves no load balancer"), e.getMessage());
    assertEquals(List.of(), page.apply(input("off")).ruleArns(), "off has nothing to remove, and says so");
  }

  @Test
  void theLowestFreePrioritySkipsTakenOnesAndTheDefaultRule() {
    assertEquals(1, MaintenancePage.lowestFreePriority(List.of(new Rule("d", null, Map.of()))));
    assertEquals(2, MaintenancePage.lowestFreePriority(List.of(new Rule("a", 1, Map.of()), new Rule("b", 3, Map.of()))));
  }
}
