package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.config.Config;
import dev.connectha.errors.ErrorNames;
import dev.connectha.localcloud.twin.Twin;
import dev.connectha.model.Node;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * statemachines/ensure-capacity.asl.json on the local cloud: a cluster brought to its size,
 * balanced across zones, by provision-node launches in parallel and retire-node runs one at a
 * time, all under one lock; a zone that cannot launch leaves the others' nodes serving and says so.
 */
@ExtendWith(LocalCloudExtension.class)
class EnsureCapacityIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(6);
  private static final List<String> ZONES = List.of("us-east-1a", "us-east-1b", "us-east-1c");
  private static final Set<String> MUTATING = Set.of("ec2:RunInstances", "ec2:TerminateInstances", "ssm:SendCommand",
      "elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets", "dynamodb:PutItem", "dynamodb:DeleteItem");

  private final LocalCloud cloud;
  private RealAdapters adapters;

  EnsureCapacityIT(LocalCloud cloud) {
    this.cloud = cloud;
  }

  /** GIVEN a cluster of {@code nodes} nodes spread over three zones, ready for provisioning. */
  private void cluster(int nodes) {
    cloud.reset(new Twin.Spec("demo", nodes, ZONES, "2024.08.0"));
    cloud.redeploy(cloud.twin().prepareProvisioning());
    cloud.twin().bootTime(Duration.ofMillis(300));
    adapters = new RealAdapters(Config.from(cloud.environmentOf("DescribeClusterFunction")));
    cloud.gateway().resetCounts();
  }

  @AfterEach
  void closeClients() {
    if (adapters != null) {
      adapters.close();
    }
  }

  private LocalCloud.Execution ensure(String fields) {
    return cloud.run("EnsureCapacityStateMachine", "{\"cluster\":\"demo\",\"pollSeconds\":1,\"bootSeconds\":30,\"drainSeconds\":0"
        + fields + "}", "ensure-capacity-demo-" + UUID.randomUUID(), TIMEOUT);
  }

  private Map<String, Long> runningByZone() {
    return new TreeMap<>(adapters.nodeDirectory().nodesOf("demo").stream().filter(Node::running)
        .collect(Collectors.groupingBy(Node::availabilityZone, Collectors.counting())));
  }

  private void assertTheLockIsFree() {
    assertTrue(adapters.clusterLocks(Clock.systemUTC()).holder("demo").isEmpty(), "the lock is released");
  }

  @Test
  void oneNodeGrowsToThreeWithOneNodeInEachZone() {
    cluster(1);

    LocalCloud.Execution run = ensure(",\"desiredNodes\":3");

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause() + " " + run.lastStates(8));
    assertAll(
        () -> assertEquals(Map.of("us-east-1a", 1L, "us-east-1b", 1L, "us-east-1c", 1L), runningByZone()),
        () -> assertEquals(2, run.output().path("launched").size()),
        () -> assertTrue(cloud.twin().nodes().stream().allMatch(n -> n.serviceActive), "every node serves"),
        () -> assertEquals(2, cloud.twin().launchedInstances().size()));
    assertTheLockIsFree();
  }

  @Test
  void fourNodesShrinkToTwoRetiringFromTheMostCrowdedZone() {
    cluster(4);

    LocalCloud.Execution run = ensure(",\"desiredNodes\":2");

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause() + " " + run.lastStates(8));
    assertEquals(2, runningByZone().values().stream().mapToLong(Long::longValue).sum(), runningByZone().toString());
    assertEquals(2, run.output().path("retired").size());
    assertTrue(runningByZone().size() == 2, "still in two zones: " + runningByZone());
    assertTheLockIsFree();
  }

  @Test
  void aZoneWithoutCapacityFailsOnlyItsLaunchAndTheRunSaysTheClusterIsShort() {
    cluster(1);
    cloud.twin().noCapacityIn("us-east-1c");

    LocalCloud.Execution run = ensure(",\"desiredNodes\":3");

    assertEquals(ErrorNames.UNSAFE_TO_PROCEED, run.error(), run.cause());
    assertTrue(run.cause().contains("is not at 3 nodes") && run.cause().contains("InsufficientCapacityException"), run.cause());
    assertEquals(Map.of("us-east-1a", 1L, "us-east-1b", 1L), runningByZone());
    assertTheLockIsFree();
    assertTrue(cloud.notifications().stream().anyMatch(m -> m.contains("Bringing Connect cluster demo to its size failed")),
        cloud.notifications().toString());
  }

  @Test
  void aClusterAtItsSizeChangesNothing() {
    cluster(2);

    LocalCloud.Execution run = ensure(",\"desiredNodes\":2");

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    assertEquals(0, cloud.twin().launchedInstances().size());
    assertTrue(cloud.gateway().callCounts().keySet().stream().noneMatch(k -> k.startsWith("ec2:RunInstances")
        || k.startsWith("ec2:TerminateInstances")));
  }

  @Test
  void aNegativeOrNonNumericSizeIsInvalidInputAndChangesNothing() {
    cluster(2);
    for (String size : List.of("-1", "\"three\"", "101")) {
      cloud.gateway().resetCounts();

      LocalCloud.Execution run = ensure(",\"desiredNodes\":" + size);

      assertEquals(ErrorNames.INVALID_INPUT, run.error(), size);
      assertEquals(Set.of(), cloud.gateway().callCounts().keySet().stream().filter(MUTATING::contains).collect(Collectors.toSet()));
    }
  }

  @Test
  void aSizeBelowMinHealthyIsRefused() {
    cluster(2);

    LocalCloud.Execution run = ensure(",\"desiredNodes\":0");

    assertEquals(ErrorNames.INVALID_INPUT, run.error());
    assertTrue(run.cause().contains("below cluster demo's minHealthy 1"), run.cause());
    assertEquals(Map.of("us-east-1a", 1L, "us-east-1b", 1L), runningByZone());
  }
}
