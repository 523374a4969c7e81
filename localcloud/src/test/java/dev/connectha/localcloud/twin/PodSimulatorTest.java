package dev.connectha.localcloud.twin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.model.ConnectVersion;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pod simulator against the local Kubernetes API (fabric8's mock server, CRUD, TLS), without moto:
 * what the Deployment and StatefulSet controllers and the kubelet do, and Posit's schema rule.
 */
class PodSimulatorTest {
  private static final String NS = "connect";
  private static final String OLD = "ubuntu2204-2024.08.0";
  private static final String NEW = "ubuntu2204-2024.10.0";
  private static final Duration READY_AFTER = Duration.ofMillis(400);
  private static final Duration BOUND = Duration.ofSeconds(15);

  private final LocalKubernetesApi api = new LocalKubernetesApi();
  private final KubernetesClient k8s = api.client();
  private final ConnectSchema schema = new ConnectSchema(ConnectVersion.parse("2024.08.0"));
  private final KubernetesTwin.Settings settings = new KubernetesTwin.Settings().readyAfter(READY_AFTER)
      .terminationDelay(Duration.ofMillis(100)).schemaCheckWithin(Duration.ofMillis(300))
      .restartBackoff(Duration.ofMillis(300));
  private final List<KubernetesTwin.PodStart> starts = new CopyOnWriteArrayList<>();
  private final Set<String> targets = ConcurrentHashMap.newKeySet();
  private final PodSimulator simulator = new PodSimulator("test", k8s, schema, settings, starts, new PodSimulator.Targets() {
    @Override
    public void register(String ip) {
      assertTrue(targets.add(ip), ip + " registered twice");
    }

    @Override
    public void deregister(String ip) {
      assertTrue(targets.remove(ip), ip + " deregistered but not registered");
    }
  });

  @BeforeEach
  void aClusterWithANodeInTwoZones() {
    k8s.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    for (String zone : List.of("us-east-1a", "us-east-1b")) {
      k8s.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-" + zone)
          .withLabels(Map.of(PodSimulator.ZONE_LABEL, zone)).endMetadata().withNewStatus().addNewAddress()
          .withType("InternalIP").withAddress("10.20." + (zone.endsWith("a") ? 1 : 2) + ".10").endAddress().endStatus()
          .build()).create();
    }
  }

  @AfterEach
  void stop() {
    simulator.close();
    api.close();
  }

  @Test
  void aStatefulSetMakesEachPodOnceTheOneBeforeIsReady() {
    k8s.apps().statefulSets().resource(statefulSet(3, OLD)).create();
    simulator.start();

    await("three pods started", () -> starts.size() == 3);
    assertEquals(List.of("connect-0", "connect-1", "connect-2"), starts.stream().map(KubernetesTwin.PodStart::pod).toList());
    for (int i = 1; i < 3; i++) {
      Duration gap = Duration.between(starts.get(i - 1).at(), starts.get(i).at());
      assertFalse(gap.compareTo(READY_AFTER) < 0, "pod " + i + " started " + gap + " after the one before");
    }
    await("status.readyReplicas 3", () -> readyReplicas(statefulSet()) == 3);
  }

  @Test
  void aStatefulSetScalesDownFromItsHighestOrdinal() {
    k8s.apps().statefulSets().resource(statefulSet(3, OLD)).create();
    simulator.tick(true);
    simulator.start();

    k8s.apps().statefulSets().inNamespace(NS).withName("connect").edit(s -> {
      s.getSpec().setReplicas(1);
      return s;
    });

    await("one pod left", () -> pods().size() == 1);
    assertEquals("connect-0", pods().get(0).getMetadata().getName());
    await("status.replicas 1", () -> statefulSet().getStatus().getReplicas() == 1);
  }

  @Test
  void recreateStopsEveryOldPodBeforeTheFirstNewOneStarts() {
    Deployment recreate = new DeploymentBuilder(deployment(2, OLD)).editSpec().withNewStrategy().withType("Recreate")
        .endStrategy().endSpec().build();
    k8s.apps().deployments().resource(recreate).create();
    simulator.tick(true);
    simulator.start();

    setImage(NEW);

    await("two new pods ready", () -> readyReplicas(deployment()) == 2
        && pods().stream().allMatch(p -> p.getSpec().getContainers().get(0).getImage().endsWith(NEW)));
    Instant firstNew = schema.events().stream().filter(e -> e.version().equals(ConnectVersion.parse("2024.10.0")))
        .map(ConnectSchema.ServiceEvent::at).min(Instant::compareTo).orElseThrow();
    assertTrue(schema.events().stream().filter(e -> e.kind() == ConnectSchema.Kind.STOP)
        .allMatch(e -> !e.at().isAfter(firstNew)), schema.events().toString());
    assertEquals(List.of(), schema.violations(Instant.now()));
  }

  @Test
  void helmsRollingUpdateRunsTwoVersionsAndTheRestartedOldConnectIsRefused() {
    k8s.apps().deployments().resource(deployment(2, OLD)).create();
    simulator.tick(true);
    simulator.start();

    setImage(NEW);

    await("a violation", () -> !schema.violations(Instant.now()).isEmpty());
    assertEquals(ConnectVersion.parse("2024.10.0"), schema.version());
    assertTrue(schema.events().stream().anyMatch(e -> e.kind() == ConnectSchema.Kind.SHUTDOWN),
        "an old pod running at the migration shut down: " + schema.events());
    assertTrue(schema.violations(Instant.now()).get(0).contains("refused to run"), schema.violations(Instant.now()).toString());
    Instant firstNew = starts.stream().filter(st -> st.tag().equals(NEW)).map(KubernetesTwin.PodStart::at)
        .min(Instant::compareTo).orElseThrow();
    assertTrue(starts.stream().anyMatch(st -> st.tag().equals(OLD) && st.at().isAfter(firstNew)),
        "the kubelet's restart of the old Connect is a start after the first new one: " + starts);
    await("the rollout done", () -> readyReplicas(deployment()) == 2 && pods().size() == 2);
  }

  @Test
  void aPodDeletedByOthersIsReplaced() {
    k8s.apps().deployments().resource(deployment(2, OLD)).create();
    simulator.tick(true);
    simulator.start();
    String deleted = pods().get(0).getMetadata().getName();

    k8s.pods().inNamespace(NS).withName(deleted).delete();

    await("a new pod ready in its place", () -> readyReplicas(deployment()) == 2 && pods().size() == 2
        && pods().stream().noneMatch(p -> p.getMetadata().getName().equals(deleted)));
    assertTrue(schema.events().stream().anyMatch(e -> e.kind() == ConnectSchema.Kind.STOP && e.instanceId().equals(deleted)));
  }

  @Test
  void theReadyPodsAreTheLoadBalancersTargetsInTheirNodesSubnet() {
    k8s.apps().deployments().resource(deployment(2, OLD)).create();
    simulator.tick(true);
    assertEquals(podIps(), targets);
    assertTrue(targets.stream().allMatch(ip -> ip.startsWith("10.20.1.") || ip.startsWith("10.20.2.")), targets.toString());
    simulator.start();

    setImage(NEW);

    await("the new pods ready and the only targets", () -> readyReplicas(deployment()) == 2 && pods().size() == 2
        && pods().stream().allMatch(p -> p.getSpec().getContainers().get(0).getImage().endsWith(NEW))
        && targets.equals(podIps()));
    k8s.apps().deployments().inNamespace(NS).withName("connect").edit(d -> {
      d.getSpec().setReplicas(0);
      return d;
    });
    await("no target", () -> pods().isEmpty() && targets.isEmpty());
  }

  @Test
  void anIdleClusterSeesAScaleAtOnceThroughItsWatch() {
    k8s.apps().deployments().resource(deployment(1, OLD)).create();
    simulator.tick(true);
    simulator.start();
    await("idle: the first passes done", () -> readyReplicas(deployment()) == 1);
    idle(Duration.ofMillis(1500)); // past the first idle pass: only the watch makes the next one early

    Instant scaled = Instant.now();
    k8s.apps().deployments().inNamespace(NS).withName("connect").edit(d -> {
      d.getSpec().setReplicas(2);
      return d;
    });

    await("a second pod", () -> pods().size() == 2);
    Duration seen = Duration.between(scaled, Instant.now());
    assertTrue(seen.compareTo(Duration.ofMillis(400)) < 0, "seen after " + seen + " (the idle pass comes every " + PodSimulator.IDLE + ")");
  }

  @Test
  void scaledUpPodsSpreadOverTheZones() {
    k8s.apps().deployments().resource(deployment(4, OLD)).create();
    simulator.tick(true);

    assertEquals(Map.of("node-us-east-1a", 2L, "node-us-east-1b", 2L), pods().stream().collect(
        java.util.stream.Collectors.groupingBy(p -> p.getSpec().getNodeName(), java.util.stream.Collectors.counting())));
  }

  // ---- helpers ------------------------------------------------------------------------------------

  private static final Map<String, String> LABELS = Map.of("app.kubernetes.io/name", "rstudio-connect");

  private static Deployment deployment(int replicas, String tag) {
    return new DeploymentBuilder().withNewMetadata().withName("connect").withNamespace(NS).endMetadata()
        .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(LABELS).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(LABELS).endMetadata().withNewSpec().addNewContainer()
        .withName("connect").withImage(ConnectChart.IMAGE_REPOSITORY + ":" + tag).endContainer().endSpec().endTemplate()
        .endSpec().build();
  }

  private static StatefulSet statefulSet(int replicas, String tag) {
    Deployment d = deployment(replicas, tag);
    return new StatefulSetBuilder().withMetadata(d.getMetadata()).withNewSpec().withReplicas(replicas)
        .withSelector(d.getSpec().getSelector()).withTemplate(d.getSpec().getTemplate()).endSpec().build();
  }

  private void setImage(String tag) {
    k8s.apps().deployments().inNamespace(NS).withName("connect").edit(d -> {
      d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(ConnectChart.IMAGE_REPOSITORY + ":" + tag);
      return d;
    });
  }

  private Deployment deployment() {
    return k8s.apps().deployments().inNamespace(NS).withName("connect").get();
  }

  private StatefulSet statefulSet() {
    return k8s.apps().statefulSets().inNamespace(NS).withName("connect").get();
  }

  private static int readyReplicas(Deployment d) {
    return d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0 : d.getStatus().getReadyReplicas();
  }

  private static int readyReplicas(StatefulSet s) {
    return s.getStatus() == null || s.getStatus().getReadyReplicas() == null ? 0 : s.getStatus().getReadyReplicas();
  }

  private Set<String> podIps() {
    return pods().stream().filter(p -> p.getStatus().getPodIP() != null).map(p -> p.getStatus().getPodIP())
        .collect(java.util.stream.Collectors.toSet());
  }

  private List<Pod> pods() {
    return k8s.pods().inNamespace(NS).list().getItems();
  }

  private static void idle(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void await(String what, Supplier<Boolean> condition) {
    Instant deadline = Instant.now().plus(BOUND);
    while (!condition.get()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(what + " within " + BOUND);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
