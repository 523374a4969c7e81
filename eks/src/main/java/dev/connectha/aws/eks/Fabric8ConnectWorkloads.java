package dev.connectha.aws.eks;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.errors.WorkloadNotFoundException;
import dev.connectha.model.eks.ConnectPod;
import dev.connectha.model.eks.ConnectWorkload;
import dev.connectha.model.eks.EksWorkload;
import dev.connectha.model.eks.HelmRelease;
import dev.connectha.model.eks.ImageReference;
import dev.connectha.model.eks.WorkloadKind;
import dev.connectha.ports.ConnectWorkloads;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;

/**
 * {@link ConnectWorkloads} on the Kubernetes API through fabric8. The workload is the StatefulSet of
 * that name, else the Deployment; its pods are those its selector matches; a pod's AZ is its node's
 * {@code topology.kubernetes.io/zone} label. Changes are JSON patches of the one field they change
 * ({@code spec.replicas}, the Connect container's {@code image}), so a concurrent change to anything
 * else is kept.
 */
public final class Fabric8ConnectWorkloads implements ConnectWorkloads {
  static final String ZONE_LABEL = "topology.kubernetes.io/zone";

  private final KubernetesApis apis;

  @Inject
  public Fabric8ConnectWorkloads(KubernetesApis apis) {
    this.apis = apis;
  }

  @Override
  public ConnectWorkload read(EksWorkload workload) {
    KubernetesClient k8s = apis.of(workload.eksCluster());
    Found found = find(k8s, workload);
    Container connect = connectContainer(workload, found.template());
    String image = connect.getImage();
    List<Pod> pods = KubernetesCalls.call("list the pods of " + workload, () -> k8s.pods()
        .inNamespace(workload.namespace()).withLabelSelector(found.selector()).list().getItems());
    Map<String, String> zones = new HashMap<>();
    List<ConnectPod> connectPods = pods.stream()
        .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
        .map(p -> pod(k8s, workload, p, zones))
        .toList();
    return new ConnectWorkload(workload, found.kind(), found.replicas(), found.readyReplicas(), image,
        ImageReference.parse(image).tag(), connectPods);
  }

  @Override
  public void scale(EksWorkload workload, int replicas) {
    if (replicas < 0) {
      throw new InvalidInputException("replicas must be 0 or more: " + replicas);
    }
    KubernetesClient k8s = apis.of(workload.eksCluster());
    Found found = find(k8s, workload);
    connectContainer(workload, found.template());
    KubernetesCalls.call("scale " + workload + " to " + replicas, () -> switch (found.kind()) {
      case STATEFUL_SET -> statefulSet(k8s, workload).edit(s -> {
        s.getSpec().setReplicas(replicas);
        return s;
      });
      case DEPLOYMENT -> deployment(k8s, workload).edit(d -> {
        d.getSpec().setReplicas(replicas);
        return d;
      });
    });
  }

  @Override
  public void setImageTag(EksWorkload workload, String tag) {
    ImageReference.requireTag(tag);
    KubernetesClient k8s = apis.of(workload.eksCluster());
    Found found = find(k8s, workload);
    String image = ImageReference.parse(connectContainer(workload, found.template()).getImage()).withTag(tag);
    KubernetesCalls.call("set the image of " + workload + " to " + image, () -> switch (found.kind()) {
      case STATEFUL_SET -> statefulSet(k8s, workload).edit(s -> {
        connectContainer(workload, s.getSpec().getTemplate()).setImage(image);
        return s;
      });
      case DEPLOYMENT -> deployment(k8s, workload).edit(d -> {
        connectContainer(workload, d.getSpec().getTemplate()).setImage(image);
        return d;
      });
    });
  }

  @Override
  public Map<String, String> configMap(EksWorkload workload, String name) {
    EksWorkload.requireObjectName("ConfigMap", name);
    KubernetesClient k8s = apis.of(workload.eksCluster());
    ConfigMap map = KubernetesCalls.call("read ConfigMap " + name + " in " + workload.namespace(), () -> k8s
        .configMaps().inNamespace(workload.namespace()).withName(name).get());
    if (map == null) {
      throw notFound(k8s, workload, "no ConfigMap " + name);
    }
    return map.getData() == null ? Map.of() : Map.copyOf(map.getData());
  }

  @Override
  public HelmRelease helmRelease(EksWorkload workload, String release) {
    EksWorkload.requireObjectName("Helm release", release);
    KubernetesClient k8s = apis.of(workload.eksCluster());
    List<Secret> revisions = KubernetesCalls.call("list the revisions of Helm release " + release, () -> k8s
        .secrets().inNamespace(workload.namespace())
        .withLabels(Map.of("owner", "helm", "name", release, "status", "deployed")).list().getItems());
    Secret deployed = revisions.stream()
        .filter(s -> HelmReleases.SECRET_TYPE.equals(s.getType()))
        .filter(s -> s.getData() != null && s.getData().containsKey(HelmReleases.DATA_KEY))
        .max(Comparator.comparingInt(Fabric8ConnectWorkloads::revision))
        .orElseThrow(() -> notFound(k8s, workload, "no deployed revision of Helm release " + release));
    return HelmReleases.decode(deployed.getData().get(HelmReleases.DATA_KEY));
  }

  /**
   * A watch of the pods the workload's selector matches: every event (a pod added, changed, deleted)
   * wakes the waiting reader. A watch the API refuses or closes leaves the reader polling.
   */
  @Override
  public PodChanges watchPods(EksWorkload workload) {
    KubernetesClient k8s = apis.of(workload.eksCluster());
    LabelSelector selector = find(k8s, workload).selector();
    Semaphore changed = new Semaphore(0);
    Watch watch;
    try {
      watch = k8s.pods().inNamespace(workload.namespace()).withLabelSelector(selector).watch(new Watcher<>() {
        @Override
        public void eventReceived(Action action, Pod pod) {
          changed.release();
        }

        @Override
        public void onClose(WatcherException cause) {
          changed.release();
        }
      });
    } catch (KubernetesClientException e) {
      return null;
    }
    return new PodChanges() {
      @Override
      public void await(java.time.Duration atMost) throws InterruptedException {
        if (changed.tryAcquire(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
          changed.drainPermits();
        }
      }

      @Override
      public void close() {
        watch.close();
      }
    };
  }

  private static int revision(Secret secret) {
    String version = secret.getMetadata().getLabels() == null ? null : secret.getMetadata().getLabels().get("version");
    try {
      return version == null ? -1 : Integer.parseInt(version);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private record Found(WorkloadKind kind, int replicas, int readyReplicas, LabelSelector selector,
      PodTemplateSpec template) {}

  private static Found find(KubernetesClient k8s, EksWorkload workload) {
    StatefulSet set = KubernetesCalls.call("read StatefulSet " + workload, () -> statefulSet(k8s, workload).get());
    if (set != null) {
      return new Found(WorkloadKind.STATEFUL_SET, orZero(set.getSpec().getReplicas()),
          set.getStatus() == null ? 0 : orZero(set.getStatus().getReadyReplicas()), set.getSpec().getSelector(),
          set.getSpec().getTemplate());
    }
    Deployment deployment = KubernetesCalls.call("read Deployment " + workload, () -> deployment(k8s, workload).get());
    if (deployment != null) {
      return new Found(WorkloadKind.DEPLOYMENT, orZero(deployment.getSpec().getReplicas()),
          deployment.getStatus() == null ? 0 : orZero(deployment.getStatus().getReadyReplicas()),
          deployment.getSpec().getSelector(), deployment.getSpec().getTemplate());
    }
    throw notFound(k8s, workload, "no StatefulSet or Deployment named " + workload.name());
  }

  /** Says whether the namespace itself is missing, when the API lets the role read namespaces. */
  private static WorkloadNotFoundException notFound(KubernetesClient k8s, EksWorkload workload, String what) {
    String where = " in namespace " + workload.namespace() + " of EKS cluster " + workload.eksCluster();
    try {
      if (k8s.namespaces().withName(workload.namespace()).get() == null) {
        return new WorkloadNotFoundException("no namespace " + workload.namespace() + " in EKS cluster "
            + workload.eksCluster() + " (looking for the workload " + workload.name() + ")");
      }
    } catch (KubernetesClientException e) {
      // the role may not read namespaces: the message stays the one about the object
    }
    return new WorkloadNotFoundException(what + where);
  }

  private static Container connectContainer(EksWorkload workload, PodTemplateSpec template) {
    PodSpec spec = template == null ? null : template.getSpec();
    return (spec == null ? List.<Container>of() : spec.getContainers()).stream()
        .filter(c -> workload.container().equals(c.getName()))
        .findFirst()
        .orElseThrow(() -> new PreconditionFailedException(workload + " has no container named "
            + workload.container() + " (the Connect container); it has " + (spec == null ? List.of()
                : spec.getContainers().stream().map(Container::getName).toList())));
  }

  private static ConnectPod pod(KubernetesClient k8s, EksWorkload workload, Pod pod, Map<String, String> zones) {
    String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    String zone = node == null ? null : zones.computeIfAbsent(node, n -> zoneOf(k8s, n));
    boolean ready = pod.getStatus() != null && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    String image = pod.getSpec() == null ? null : pod.getSpec().getContainers().stream()
        .filter(c -> workload.container().equals(c.getName())).map(Container::getImage)
        .filter(Objects::nonNull).findFirst().orElse(null);
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    List<String> configMaps = pod.getSpec() == null || pod.getSpec().getVolumes() == null ? List.of()
        : pod.getSpec().getVolumes().stream().filter(v -> v.getConfigMap() != null)
            .map(v -> v.getConfigMap().getName()).filter(Objects::nonNull).distinct().sorted().toList();
    return new ConnectPod(pod.getMetadata().getName(), pod.getStatus() == null ? null : pod.getStatus().getPhase(),
        ready, image == null ? null : ImageReference.parse(image).tag(), node, zone,
        annotations == null ? null : annotations.get(ConnectPod.CONFIG_CHECKSUM), configMaps);
  }

  private static String zoneOf(KubernetesClient k8s, String nodeName) {
    Node node = KubernetesCalls.call("read node " + nodeName, () -> k8s.nodes().withName(nodeName).get());
    return node == null || node.getMetadata().getLabels() == null ? null
        : node.getMetadata().getLabels().get(ZONE_LABEL);
  }

  private static RollableScalableResource<StatefulSet> statefulSet(KubernetesClient k8s, EksWorkload w) {
    return k8s.apps().statefulSets().inNamespace(w.namespace()).withName(w.name());
  }

  private static RollableScalableResource<Deployment> deployment(KubernetesClient k8s, EksWorkload w) {
    return k8s.apps().deployments().inNamespace(w.namespace()).withName(w.name());
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
