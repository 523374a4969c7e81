package dev.connectha.localcloud.twin;

import dev.connectha.model.ConnectVersion;
import dev.connectha.model.eks.ConnectImageTag;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * What the kubelets and the Deployment and StatefulSet controllers do, for one local EKS cluster:
 * every {@link #TICK} it reads the workloads and makes their pods come and go as {@code spec.replicas}
 * and the Connect container's image say, and keeps {@code status.replicas}/{@code readyReplicas} true.
 *
 * <p>A new pod is {@code Pending}, then (at half the {@linkplain KubernetesTwin.Settings#readyAfter ready
 * delay}) {@code Running} with Connect started, then {@code Ready} (at the delay), on a node of the zone
 * with the fewest of its workload's pods. A Deployment rolls a new image as Kubernetes does (its
 * strategy: {@code RollingUpdate} with 25% surge and unavailability, or {@code Recreate}); a
 * StatefulSet creates its pods in order, each once the one before is ready, and replaces them from
 * the highest ordinal down. A pod going away is deleted after the termination delay.
 *
 * <p>Posit's upgrade rule, through the cluster's {@link ConnectSchema}: a Connect newer than the schema
 * migrates it when its pod starts; one older never becomes ready (Connect refuses to run against the
 * newer schema: {@code CrashLoopBackOff}), which the schema records as a violation; a running older
 * Connect shuts down {@linkplain KubernetesTwin.Settings#schemaCheckWithin after} a migration, and the kubelet restarting it
 * meets the same refusal. Faults: an image tag whose pull fails (the pod stays {@code Pending},
 * {@code ErrImagePull} then {@code ImagePullBackOff}) and one whose pods run but never turn ready.
 */
final class PodSimulator implements AutoCloseable {
  /**
   * The load balancer's IP targets, as the AWS Load Balancer Controller keeps them: a pod's IP is
   * registered while it is ready, and deregistered when it stops being ready or starts terminating.
   */
  interface Targets {
    Targets NONE = new Targets() {
      @Override
      public void register(String ip) {}

      @Override
      public void deregister(String ip) {}
    };

    void register(String ip);

    void deregister(String ip);
  }

  static final Duration TICK = Duration.ofMillis(100);
  /** How often an idle cluster is looked at. */
  static final Duration IDLE = Duration.ofSeconds(1);
  static final String ZONE_LABEL = "topology.kubernetes.io/zone";

  private enum State {
    /** Scheduled, the image not pulled yet. */
    PENDING,
    /** The image cannot be pulled. */
    PULL_FAILED,
    /** Running, Connect started, not ready yet. */
    STARTING,
    READY,
    /** Running, and never ready (a fault, or an image that is not Connect's). */
    NEVER_READY,
    /** Connect exited: older than the schema (refused to start, or shut down); the kubelet backs off. */
    CRASHED
  }

  /** A pod the simulator made. */
  private static final class SimPod {
    final String namespace;
    final String name;
    final String owner;
    final String tag;
    final ConnectVersion version;
    final String node;
    final String zone;
    final String ip;
    final Pod created;
    Instant since;
    State state = State.PENDING;
    Instant runningAt;
    boolean connectRunning;
    Instant restartAt;
    boolean refused;
    int restarts;
    String waiting;
    Instant deleteAt;
    boolean registered;
    String written = "";

    SimPod(String namespace, String name, String owner, String tag, String node, String zone, String ip, Pod created,
        Instant since) {
      this.namespace = namespace;
      this.name = name;
      this.owner = owner;
      this.tag = tag;
      this.version = versionOf(tag);
      this.node = node;
      this.zone = zone;
      this.ip = ip;
      this.created = created;
      this.since = since;
    }

    boolean ready() {
      return state == State.READY;
    }

    boolean live() {
      return deleteAt == null;
    }
  }

  private final String cluster;
  private final KubernetesClient k8s;
  private final ConnectSchema schema;
  private final KubernetesTwin.Settings settings;
  private final List<KubernetesTwin.PodStart> starts;
  private final Targets targets;
  private final Map<String, SimPod> pods = new LinkedHashMap<>();
  private final Map<String, String> workloadStatus = new HashMap<>();
  private final ScheduledExecutorService loop;
  private final List<Watch> watches = new CopyOnWriteArrayList<>();
  private volatile boolean dirty = true;
  private volatile Instant lastPass = Instant.EPOCH;
  private int ips;

  PodSimulator(String cluster, KubernetesClient k8s, ConnectSchema schema, KubernetesTwin.Settings settings,
      List<KubernetesTwin.PodStart> starts, Targets targets) {
    this.cluster = cluster;
    this.targets = targets;
    this.k8s = k8s;
    this.schema = schema;
    this.settings = settings;
    this.starts = starts;
    this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pod-simulator-" + cluster);
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Runs from now on: a pass every {@link #TICK} while a pod is on its way somewhere (starting,
   * terminating, due to shut down), at once when a workload changes (a watch), and otherwise every
   * {@link #IDLE}, for what no watch tells (a pod someone deleted): an idle cluster costs the API
   * little.
   */
  void start() {
    watches.add(k8s.apps().deployments().inAnyNamespace().watch(changed()));
    watches.add(k8s.apps().statefulSets().inAnyNamespace().watch(changed()));
    loop.scheduleWithFixedDelay(() -> {
      try {
        if (dirty || busy() || Duration.between(lastPass, Instant.now()).compareTo(IDLE) >= 0) {
          dirty = false;
          tick(false);
        }
      } catch (RuntimeException e) {
        // a request cut by close(), or a pod someone deleted meanwhile: the next tick starts from what the API has;
        // anything else is a bug in the simulator, said here (an exception would end the schedule)
        dirty = true;
        if (!loop.isShutdown()) {
          System.err.println("local cloud pod simulator (" + cluster + "): " + e);
        }
      }
    }, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  private <T> Watcher<T> changed() {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, T resource) {
        dirty = true;
      }

      @Override
      public void onClose(WatcherException cause) {
        dirty = true; // the idle pass goes on noticing changes, a second late at most
      }
    };
  }

  /** Whether a pod is on its way somewhere: a pass is due within a {@link #TICK}. */
  private synchronized boolean busy() {
    return pods.values().stream().anyMatch(p -> !p.live() || p.state == State.PENDING || p.state == State.PULL_FAILED
        || p.state == State.STARTING || (p.connectRunning && schema.version().isNewerThan(p.version))
        || (p.state == State.CRASHED && !p.refused));
  }

  /**
   * One pass: pods made to match the workloads, each pod's life moved on to now, the statuses
   * written. {@code atOnce}: the pods it makes have been running for a while (a seeded cluster).
   */
  synchronized void tick(boolean atOnce) {
    Instant now = Instant.now();
    lastPass = now;
    List<Deployment> deployments = k8s.apps().deployments().inAnyNamespace().list().getItems();
    List<StatefulSet> statefulSets = k8s.apps().statefulSets().inAnyNamespace().list().getItems();
    forgetPodsDeletedByOthers();
    Instant born = atOnce ? now.minus(settings.readyAfter()).minusMillis(1) : now;
    for (Deployment d : deployments) {
      reconcile(d, born, now);
    }
    for (StatefulSet s : statefulSets) {
      reconcile(s, born, now);
    }
    for (SimPod pod : List.copyOf(pods.values())) {
      advance(pod, now);
    }
    for (SimPod pod : List.copyOf(pods.values())) {
      target(pod, pod.live() && pod.ready());
    }
    for (SimPod pod : List.copyOf(pods.values())) {
      write(pod, now);
    }
    for (Deployment d : deployments) {
      writeStatus("Deployment", d.getMetadata().getNamespace(), d.getMetadata().getName());
    }
    for (StatefulSet s : statefulSets) {
      writeStatus("StatefulSet", s.getMetadata().getNamespace(), s.getMetadata().getName());
    }
  }

  // ---- the controllers ------------------------------------------------------------------------

  private void reconcile(Deployment d, Instant born, Instant now) {
    String owner = owner("Deployment", d.getMetadata().getNamespace(), d.getMetadata().getName());
    int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    PodTemplateSpec template = d.getSpec().getTemplate();
    String tag = tagOf(template);
    List<SimPod> live = liveOf(owner);
    List<SimPod> current = live.stream().filter(p -> p.tag.equals(tag)).toList();
    List<SimPod> old = live.stream().filter(p -> !p.tag.equals(tag)).toList();
    boolean recreate = d.getSpec().getStrategy() != null && "Recreate".equals(d.getSpec().getStrategy().getType());
    if (replicas == 0) {
      live.forEach(p -> terminate(p, now));
      return;
    }
    if (old.isEmpty()) {
      scale(current, replicas, () -> create(d.getMetadata().getNamespace(), owner, template, podName(d, tag), born), now);
      return;
    }
    if (recreate) {
      old.forEach(p -> terminate(p, now));
      return; // the new pods come once every old one is gone
    }
    // RollingUpdate: maxSurge 25% (rounded up), maxUnavailable 25% (rounded down), as Kubernetes' defaults
    int surge = (int) Math.ceil(replicas * 0.25);
    int unavailable = (int) Math.floor(replicas * 0.25);
    int all = live.size();
    int toCreate = Math.min(replicas - current.size(), replicas + surge - all);
    for (int i = 0; i < toCreate; i++) {
      create(d.getMetadata().getNamespace(), owner, template, podName(d, tag), born);
    }
    int newUnavailable = (int) current.stream().filter(p -> !p.ready()).count();
    int budget = all - (replicas - unavailable) - newUnavailable;
    List<SimPod> byHealth = old.stream().sorted(Comparator.comparing(SimPod::ready)).toList();
    for (SimPod p : byHealth) {
      if (budget <= 0) {
        break;
      }
      terminate(p, now);
      budget--;
    }
  }

  private void reconcile(StatefulSet s, Instant born, Instant now) {
    String namespace = s.getMetadata().getNamespace();
    String name = s.getMetadata().getName();
    String owner = owner("StatefulSet", namespace, name);
    int replicas = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
    PodTemplateSpec template = s.getSpec().getTemplate();
    String tag = tagOf(template);
    boolean terminating = pods.values().stream().anyMatch(p -> p.owner.equals(owner) && !p.live());
    if (terminating) {
      return; // OrderedReady: one pod at a time
    }
    Map<Integer, SimPod> byOrdinal = new HashMap<>();
    liveOf(owner).forEach(p -> byOrdinal.put(Integer.parseInt(p.name.substring(name.length() + 1)), p));
    int highest = byOrdinal.keySet().stream().max(Integer::compare).orElse(-1);
    if (highest >= replicas) {
      terminate(byOrdinal.get(highest), now);
      return;
    }
    boolean atOnce = born.isBefore(now); // a seeded cluster: its pods have been up for a while
    for (int i = 0; i < replicas; i++) {
      SimPod pod = byOrdinal.get(i);
      if (pod == null) {
        create(namespace, owner, template, name + "-" + i, born);
        if (!atOnce) {
          return; // OrderedReady: the next one waits for this one
        }
      } else if (!pod.ready() && !atOnce) {
        return;
      }
    }
    byOrdinal.values().stream().filter(p -> !p.tag.equals(tag)).max(Comparator.comparing(p -> p.name))
        .ifPresent(p -> terminate(p, now));
  }

  /** Brings {@code current} to {@code replicas}: more pods at once, or the not-ready and newest away first. */
  private void scale(List<SimPod> current, int replicas, Runnable create, Instant now) {
    for (int i = current.size(); i < replicas; i++) {
      create.run();
    }
    current.stream()
        .sorted(Comparator.comparing(SimPod::ready).thenComparing(p -> p.since, Comparator.reverseOrder()))
        .limit(Math.max(0, current.size() - replicas))
        .forEach(p -> terminate(p, now));
  }

  private void create(String namespace, String owner, PodTemplateSpec template, String name, Instant born) {
    Node node = chooseNode(owner);
    String nodeName = node == null ? null : node.getMetadata().getName();
    String zone = node == null ? null : node.getMetadata().getLabels().get(ZONE_LABEL);
    Map<String, String> labels = new LinkedHashMap<>(Objects.requireNonNullElse(template.getMetadata() == null ? null
        : template.getMetadata().getLabels(), Map.of()));
    Map<String, String> annotations = template.getMetadata() == null ? null : template.getMetadata().getAnnotations();
    Pod pod = new PodBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels)
        .withAnnotations(annotations == null ? Map.of() : annotations)
        .withCreationTimestamp(born.toString()).endMetadata()
        .withSpec(new PodSpecBuilder(template.getSpec()).withNodeName(nodeName).build())
        .withStatus(new PodStatusBuilder().withPhase("Pending").build())
        .build();
    Pod made = k8s.pods().inNamespace(namespace).resource(pod).create();
    ips++;
    String ip = podIp(node, ips);
    pods.put(namespace + "/" + name, new SimPod(namespace, name, owner, tagOf(template), nodeName, zone, ip, made, born));
  }

  private Node chooseNode(String owner) {
    List<Node> nodes = k8s.nodes().list().getItems();
    Map<String, Long> perZone = new HashMap<>();
    Map<String, Long> perNode = new HashMap<>();
    liveOf(owner).forEach(p -> {
      perZone.merge(Objects.requireNonNullElse(p.zone, ""), 1L, Long::sum);
      perNode.merge(Objects.requireNonNullElse(p.node, ""), 1L, Long::sum);
    });
    return nodes.stream().min(Comparator
            .comparing((Node n) -> perZone.getOrDefault(zoneOf(n), 0L))
            .thenComparing(n -> perNode.getOrDefault(n.getMetadata().getName(), 0L))
            .thenComparing(n -> n.getMetadata().getName()))
        .orElse(null);
  }

  private void terminate(SimPod pod, Instant now) {
    if (pod.live()) {
      pod.deleteAt = now.plus(settings.terminationDelay());
    }
  }

  // ---- the kubelet ----------------------------------------------------------------------------

  /** Moves {@code pod}'s life on to {@code now}, step by step. */
  private void advance(SimPod pod, Instant now) {
    if (pod.deleteAt != null) {
      if (!now.isBefore(pod.deleteAt)) {
        target(pod, false);
        try {
          k8s.pods().inNamespace(pod.namespace).withName(pod.name).delete();
        } finally {
          stopped(pod, pod.deleteAt);
          pods.remove(pod.namespace + "/" + pod.name);
        }
      }
      return;
    }
    State before;
    do {
      before = pod.state;
      step(pod, now);
    } while (pod.state != before);
  }

  private void step(SimPod pod, Instant now) {
    Instant startAt = pod.since.plus(settings.readyAfter().dividedBy(2));
    switch (pod.state) {
      case PENDING, PULL_FAILED -> {
        if (now.isBefore(startAt)) {
          return;
        }
        if (settings.pullFails(pod.tag)) {
          pod.waiting = pod.state == State.PENDING ? "ErrImagePull" : "ImagePullBackOff";
          pod.state = State.PULL_FAILED;
          return;
        }
        start(pod, pod.state == State.PENDING ? startAt : now);
      }
      case STARTING -> {
        if (!now.isBefore(pod.since.plus(settings.readyAfter()))) {
          pod.state = State.READY;
        }
        shutDownIfOlderThanTheSchema(pod, now);
      }
      case READY -> shutDownIfOlderThanTheSchema(pod, now);
      case CRASHED -> {
        if (pod.restartAt != null && !now.isBefore(pod.restartAt) && !pod.refused) {
          // the kubelet starts the old Connect again, against the newer schema
          pod.restarts++;
          pod.refused = true;
          starts.add(new KubernetesTwin.PodStart(cluster, pod.name, pod.tag, pod.version, pod.restartAt));
          schema.record(new ConnectSchema.ServiceEvent(pod.restartAt, pod.name, ConnectSchema.Kind.REFUSED, pod.version));
        }
      }
      case NEVER_READY -> { }
    }
  }

  private void start(SimPod pod, Instant at) {
    pod.runningAt = at;
    pod.waiting = null;
    starts.add(new KubernetesTwin.PodStart(cluster, pod.name, pod.tag, pod.version, at));
    if (pod.version == null || settings.neverReady(pod.tag)) {
      pod.state = State.NEVER_READY;
      return;
    }
    if (schema.version().isNewerThan(pod.version)) {
      schema.record(new ConnectSchema.ServiceEvent(at, pod.name, ConnectSchema.Kind.REFUSED, pod.version));
      pod.refused = true;
      pod.restarts = 1;
      pod.state = State.CRASHED;
      pod.waiting = "CrashLoopBackOff";
      return;
    }
    schema.record(new ConnectSchema.ServiceEvent(at, pod.name, ConnectSchema.Kind.START, pod.version));
    pod.connectRunning = true;
    pod.state = State.STARTING;
  }

  private void shutDownIfOlderThanTheSchema(SimPod pod, Instant now) {
    if (!pod.connectRunning || !schema.version().isNewerThan(pod.version)) {
      return;
    }
    Instant migrated = schema.lastMigration().map(ConnectSchema.Migration::at).orElse(now);
    Instant down = (pod.runningAt.isAfter(migrated) ? pod.runningAt : migrated).plus(settings.schemaCheckWithin());
    if (now.isBefore(down)) {
      return;
    }
    schema.record(new ConnectSchema.ServiceEvent(down, pod.name, ConnectSchema.Kind.SHUTDOWN, pod.version));
    pod.connectRunning = false;
    pod.state = State.CRASHED;
    pod.waiting = "CrashLoopBackOff";
    pod.restartAt = down.plus(settings.restartBackoff());
  }

  private void stopped(SimPod pod, Instant at) {
    if (pod.connectRunning) {
      schema.record(new ConnectSchema.ServiceEvent(at, pod.name, ConnectSchema.Kind.STOP, pod.version));
      pod.connectRunning = false;
    }
  }

  /** Registers {@code pod}'s IP as a target, or deregisters it, when that changes. */
  private void target(SimPod pod, boolean registered) {
    if (pod.registered != registered) {
      if (registered) {
        targets.register(pod.ip);
      } else {
        targets.deregister(pod.ip);
      }
      pod.registered = registered;
    }
  }

  /** Pods someone else deleted (kubectl delete pod): gone for the simulator too; the controller makes new ones. */
  private void forgetPodsDeletedByOthers() {
    Set<String> present = new HashSet<>();
    k8s.pods().inAnyNamespace().list().getItems()
        .forEach(p -> present.add(p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()));
    for (SimPod pod : List.copyOf(pods.values())) {
      if (!present.contains(pod.namespace + "/" + pod.name)) {
        target(pod, false);
        stopped(pod, Instant.now());
        pods.remove(pod.namespace + "/" + pod.name);
      }
    }
  }

  // ---- what the API shows -----------------------------------------------------------------------

  private void write(SimPod pod, Instant now) {
    if (!pod.live() || !pods.containsKey(pod.namespace + "/" + pod.name)) {
      return;
    }
    boolean running = pod.state != State.PENDING && pod.state != State.PULL_FAILED;
    String fingerprint = pod.state + "|" + pod.waiting + "|" + pod.restarts;
    if (fingerprint.equals(pod.written)) {
      return;
    }
    Container connect = pod.created.getSpec().getContainers().get(0);
    ContainerStatusBuilder container = new ContainerStatusBuilder().withName(connect.getName())
        .withImage(connect.getImage()).withReady(pod.ready()).withRestartCount(pod.restarts).withStarted(running);
    if (pod.waiting != null) {
      container.withNewState().withNewWaiting().withReason(pod.waiting)
          .withMessage(waitingMessage(pod)).endWaiting().endState();
    } else if (running) {
      container.withNewState().withNewRunning().withStartedAt(pod.runningAt.toString()).endRunning().endState();
    } else {
      container.withNewState().withNewWaiting().withReason("ContainerCreating").endWaiting().endState();
    }
    ContainerStatus status = container.build();
    String ready = pod.ready() ? "True" : "False";
    PodStatus podStatus = new PodStatusBuilder()
        .withPhase(running ? "Running" : "Pending")
        .withHostIP(pod.node == null ? null : "10.20.0.1").withPodIP(running ? pod.ip : null)
        .withStartTime(pod.since.toString())
        .withConditions(
            new PodConditionBuilder().withType("PodScheduled").withStatus(pod.node == null ? "False" : "True").build(),
            new PodConditionBuilder().withType("Initialized").withStatus("True").build(),
            new PodConditionBuilder().withType("ContainersReady").withStatus(ready).build(),
            new PodConditionBuilder().withType("Ready").withStatus(ready).withLastTransitionTime(now.toString()).build())
        .withContainerStatuses(status)
        .build();
    k8s.pods().inNamespace(pod.namespace).withName(pod.name).edit(p -> {
      p.setStatus(podStatus);
      return p;
    });
    pod.written = fingerprint;
  }

  private static String waitingMessage(SimPod pod) {
    return switch (pod.waiting) {
      case "ErrImagePull", "ImagePullBackOff" -> "failed to pull image \"" + ConnectChart.IMAGE_REPOSITORY + ":" + pod.tag
          + "\": not found";
      case "CrashLoopBackOff" -> "back-off restarting failed container connect: the database schema is newer than Connect "
          + pod.version;
      default -> null;
    };
  }

  private void writeStatus(String kind, String namespace, String name) {
    String owner = owner(kind, namespace, name);
    List<SimPod> live = liveOf(owner);
    int replicas = live.size();
    int ready = (int) live.stream().filter(SimPod::ready).count();
    String fingerprint = replicas + "/" + ready;
    if (fingerprint.equals(workloadStatus.get(owner))) {
      return;
    }
    if (kind.equals("Deployment")) {
      k8s.apps().deployments().inNamespace(namespace).withName(name).edit(d -> {
        String tag = tagOf(d.getSpec().getTemplate());
        int updated = (int) live.stream().filter(p -> p.tag.equals(tag)).count();
        d.setStatus(new DeploymentStatusBuilder().withReplicas(replicas).withReadyReplicas(ready)
            .withAvailableReplicas(ready).withUpdatedReplicas(updated).withUnavailableReplicas(replicas - ready).build());
        return d;
      });
    } else {
      k8s.apps().statefulSets().inNamespace(namespace).withName(name).edit(s -> {
        String tag = tagOf(s.getSpec().getTemplate());
        int updated = (int) live.stream().filter(p -> p.tag.equals(tag)).count();
        s.setStatus(new StatefulSetStatusBuilder().withReplicas(replicas).withReadyReplicas(ready)
            .withAvailableReplicas(ready).withCurrentReplicas(updated).withUpdatedReplicas(updated).build());
        return s;
      });
    }
    workloadStatus.put(owner, fingerprint);
  }

  // ---- helpers ------------------------------------------------------------------------------------

  private List<SimPod> liveOf(String owner) {
    return pods.values().stream().filter(p -> p.owner.equals(owner) && p.live()).toList();
  }

  private static String owner(String kind, String namespace, String name) {
    return kind + "/" + namespace + "/" + name;
  }

  /** A Deployment's pod name: the workload, a hash of its template (here, of the image tag), and five random characters. */
  private static String podName(Deployment d, String tag) {
    String hash = Integer.toHexString(tag.hashCode() & 0x7fffffff);
    String random = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36 * 36), 36);
    return d.getMetadata().getName() + "-" + hash + "-" + "0".repeat(5 - random.length()) + random;
  }

  /** The image tag of the template's Connect container (named {@code connect}, else its first). */
  static String tagOf(PodTemplateSpec template) {
    List<Container> containers = template.getSpec().getContainers();
    String image = containers.stream().filter(c -> "connect".equals(c.getName())).findFirst()
        .orElse(containers.get(0)).getImage();
    int colon = image.lastIndexOf(':');
    return colon < 0 || image.lastIndexOf('/') > colon ? "latest" : image.substring(colon + 1).replaceAll("@.*", "");
  }

  private static ConnectVersion versionOf(String tag) {
    try {
      return ConnectImageTag.parse(tag).version();
    } catch (RuntimeException e) {
      return null; // not a Connect image: it runs, and never answers /__ping__
    }
  }

  /** The {@code n}th pod's IP, in its node's subnet (EKS' VPC CNI gives pods addresses of the node's subnet). */
  private static String podIp(Node node, int n) {
    String nodeIp = node == null || node.getStatus() == null || node.getStatus().getAddresses() == null ? null
        : node.getStatus().getAddresses().stream().filter(a -> "InternalIP".equals(a.getType()))
            .map(a -> a.getAddress()).findFirst().orElse(null);
    String prefix = nodeIp == null ? "10.20.0." : nodeIp.substring(0, nodeIp.lastIndexOf('.') + 1);
    return prefix + (20 + n % 230);
  }

  private static String zoneOf(Node node) {
    return node.getMetadata().getLabels() == null ? "" : node.getMetadata().getLabels().getOrDefault(ZONE_LABEL, "");
  }

  @Override
  public void close() {
    watches.forEach(Watch::close);
    loop.shutdownNow();
    try {
      loop.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
