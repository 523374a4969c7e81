package dev.connectha.fakes;

import dev.connectha.errors.AwsCallFailedException;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Connect workloads of EKS clusters, in memory, with their ConfigMaps and Helm releases. Pods do not
 * follow the replicas by themselves: a test sets them ({@link Workload#pods}). Errors as the adapter's:
 * an unknown namespace or workload, a workload without the Connect container, and a cluster whose API
 * refuses the role ({@link #deny}).
 */
public final class FakeConnectWorkloads implements ConnectWorkloads {
  /** One workload; {@code connectContainer} false models a workload without the Connect container. */
  public static final class Workload {
    public WorkloadKind kind = WorkloadKind.DEPLOYMENT;
    public int replicas;
    public int readyReplicas;
    public String image;
    public boolean connectContainer = true;
    public List<ConnectPod> pods = new ArrayList<>();
  }

  public final Map<EksWorkload, Workload> workloads = new LinkedHashMap<>();
  /** ConfigMaps and Helm releases by {@code <eks cluster>/<namespace>/<name>}. */
  public final Map<String, Map<String, String>> configMaps = new LinkedHashMap<>();
  public final Map<String, HelmRelease> releases = new LinkedHashMap<>();
  private final Set<String> denied = new HashSet<>();
  private final List<String> calls;

  public FakeConnectWorkloads(List<String> calls) {
    this.calls = calls;
  }

  /** Adds a workload of {@code replicas} (all ready) on {@code image}. */
  public Workload workload(EksWorkload where, WorkloadKind kind, int replicas, String image) {
    Workload w = new Workload();
    w.kind = kind;
    w.replicas = replicas;
    w.readyReplicas = replicas;
    w.image = image;
    workloads.put(where, w);
    return w;
  }

  /** The API of {@code eksCluster} answers 403 from now on (no access entry for the role). */
  public void deny(String eksCluster) {
    denied.add(eksCluster);
  }

  @Override
  public ConnectWorkload read(EksWorkload where) {
    calls.add("read workload " + where);
    Workload w = connect(where);
    return new ConnectWorkload(where, w.kind, w.replicas, w.readyReplicas, w.image, ImageReference.parse(w.image).tag(),
        w.pods);
  }

  @Override
  public void scale(EksWorkload where, int replicas) {
    if (replicas < 0) {
      throw new InvalidInputException("replicas must be 0 or more: " + replicas);
    }
    Workload w = connect(where);
    calls.add("change scale " + where + " to " + replicas);
    w.replicas = replicas;
    w.readyReplicas = Math.min(w.readyReplicas, replicas);
  }

  @Override
  public void setImageTag(EksWorkload where, String tag) {
    ImageReference.requireTag(tag);
    Workload w = connect(where);
    calls.add("change image tag " + where + " to " + tag);
    w.image = ImageReference.parse(w.image).withTag(tag);
  }

  @Override
  public Map<String, String> configMap(EksWorkload where, String name) {
    calls.add("read ConfigMap " + name + " of " + where);
    reachable(where);
    Map<String, String> data = configMaps.get(key(where, name));
    if (data == null) {
      throw new WorkloadNotFoundException("no ConfigMap " + name + " in namespace " + where.namespace());
    }
    return Map.copyOf(data);
  }

  @Override
  public HelmRelease helmRelease(EksWorkload where, String release) {
    calls.add("read Helm release " + release + " of " + where);
    reachable(where);
    HelmRelease found = releases.get(key(where, release));
    if (found == null) {
      throw new WorkloadNotFoundException("no deployed revision of Helm release " + release);
    }
    return found;
  }

  public static String key(EksWorkload where, String name) {
    return where.eksCluster() + "/" + where.namespace() + "/" + name;
  }

  private Workload connect(EksWorkload where) {
    reachable(where);
    Workload w = workloads.get(where);
    if (w == null) {
      boolean namespaceKnown = workloads.keySet().stream().anyMatch(k -> k.eksCluster().equals(where.eksCluster())
          && k.namespace().equals(where.namespace()));
      throw new WorkloadNotFoundException(namespaceKnown
          ? "no StatefulSet or Deployment named " + where.name() + " in namespace " + where.namespace()
          : "no namespace " + where.namespace() + " in EKS cluster " + where.eksCluster());
    }
    if (!w.connectContainer) {
      throw new PreconditionFailedException(where + " has no container named " + where.container());
    }
    return w;
  }

  private void reachable(EksWorkload where) {
    if (denied.contains(where.eksCluster())) {
      throw new AwsCallFailedException("the API of " + where.eksCluster() + ": HTTP 403 Forbidden (injected)");
    }
  }
}
