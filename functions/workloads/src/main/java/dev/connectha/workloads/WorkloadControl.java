package dev.connectha.workloads;

import dev.connectha.config.Polling;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.EksPlacement;
import dev.connectha.model.eks.ConnectImageTag;
import dev.connectha.model.eks.ConnectPod;
import dev.connectha.model.eks.ConnectWorkload;
import dev.connectha.model.eks.EksPreflightFacts;
import dev.connectha.model.eks.EksWorkload;
import dev.connectha.model.eks.HelmRelease;
import dev.connectha.model.eks.WorkloadKind;
import dev.connectha.ports.ClusterRegistry;
import dev.connectha.ports.ConnectWorkloads;
import dev.connectha.ports.WorkerNodeGroups;
import dev.connectha.ports.LearnedStates;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;

/**
 * Reads, scales and re-versions an eks-topology cluster's Connect workload, and waits (within one
 * call, {@link Polling}) for its pods to reach a goal: that many pods, every one ready, on the
 * expected version. Everything is checked before a change: the input, the registration
 * ({@code ClusterNotFoundException}), the topology (an ec2 cluster is a {@link PreconditionFailedException}:
 * its nodes are RunNodeCommand's), and, for {@code setVersion}, that the workload's image tag carries a
 * Connect version (Posit's tags do) so that the target's tag keeps its form, and that the version is not
 * older than the version the database schema is at (learned, else registered): whichever workflow asks,
 * an old image never starts against a migrated schema (a {@link PreconditionFailedException}, nothing
 * changed), as RunNodeCommand refuses to start an old binary. {@code preflightFacts} reads what the
 * EKS preflight checks ({@link PreflightFactsReader}). A goal not met in time is
 * a report ({@code reached: false} with why), not an error: the workflow decides whether to wait on.
 */
public final class WorkloadControl {
  private final ClusterRegistry registry;
  private final ConnectWorkloads workloads;
  private final LearnedStates learned;
  private final Polling.Sleeper sleeper;
  private final PreflightFactsReader preflightFacts;

  @Inject
  public WorkloadControl(ClusterRegistry registry, ConnectWorkloads workloads, LearnedStates learned,
      Polling.Sleeper sleeper, WorkerNodeGroups nodeGroups) {
    this.registry = registry;
    this.workloads = workloads;
    this.learned = learned;
    this.sleeper = sleeper;
    this.preflightFacts = new PreflightFactsReader(workloads, nodeGroups);
  }

  public WorkloadReport run(RunWorkloadCommandInput input) {
    ClusterDocument document = registry.load(input.cluster());
    EksPlacement eks = placement(document);
    EksWorkload where = eks.eksWorkload();
    switch (input.action()) {
      case "scale" -> workloads.scale(where, input.replicas());
      case "setVersion" -> {
        ConnectVersion version = ConnectVersion.parse(input.version());
        ConnectVersion schema = learned.versionsOf(document).schemaVersion();
        if (schema.isNewerThan(version)) {
          throw new PreconditionFailedException("the database schema of cluster " + document.name() + " is at " + schema
              + ": Connect " + version + " must never start against it (going back is a restore from a backup set)");
        }
        ConnectWorkload now = workloads.read(where);
        workloads.setImageTag(where, ConnectImageTag.parse(now.imageTag()).withVersion(version));
        if (input.replicas() != null) {
          workloads.scale(where, input.replicas()); // the pods start on the new image only
        }
      }
      case "configuration" -> {
        ConnectWorkload now = workloads.read(where);
        Map<String, String> data = workloads.configMap(where, eks.configMap());
        HelmRelease release = workloads.helmRelease(where, eks.helmRelease());
        return report(input, now, null, Configuration.of(eks.configMap(), data, release), null);
      }
      case "preflightFacts" -> {
        ConnectWorkload now = workloads.read(where);
        return report(input, now, null, null, preflightFacts.read(eks, now));
      }
      default -> { }
    }
    if (!input.hasGoal()) {
      return report(input, workloads.read(where), null, null, null);
    }
    String onVersion = input.action().equals("setVersion") ? input.version() : input.expectVersion();
    Goal goal = new Goal(input.replicas(), onVersion == null ? null : ConnectVersion.parse(onVersion));
    ConnectWorkload last;
    try (ConnectWorkloads.PodChanges changes = workloads.watchPods(where)) {
      // with a watch, a pod's change ends the pause at once: the goal is seen when Kubernetes reaches it
      last = Polling.readUntil(() -> workloads.read(where), w -> goal.unmet(w) == null,
          Duration.ofSeconds(input.timeoutSeconds()), Polling.readInterval(input.pollSeconds()),
          changes == null ? sleeper : changes::await);
    }
    return report(input, last, goal.unmet(last), null, null);
  }

  /** Loads the SSM client and its marshallers with a read of a cluster that does not exist. */
  public void prime() {
    try {
      registry.load("connect-ha-prime");
    } catch (RuntimeException expected) {
      // the cluster does not exist: the clients are loaded
    }
  }

  /** The cluster's placement on EKS, after checking it is registered with topology eks. */
  EksPlacement placement(String cluster) {
    return placement(registry.load(cluster));
  }

  private static EksPlacement placement(ClusterDocument document) {
    if (!document.onEks()) {
      throw new PreconditionFailedException("cluster " + document.name() + " has topology ec2: its nodes are RunNodeCommand's,"
          + " there is no Kubernetes workload to act on");
    }
    return document.eks();
  }

  /** What a wait is for: {@code replicas} pods (null: the workload's own count), all ready, on {@code version} (null: any). */
  private record Goal(Integer replicas, ConnectVersion version) {
    /** Why {@code w} does not meet the goal, or null when it does. */
    String unmet(ConnectWorkload w) {
      int want = replicas == null ? w.replicas() : replicas;
      if (w.pods().size() != want) {
        return w.pods().size() + " pods, want " + want;
      }
      for (ConnectPod pod : w.pods()) {
        if (!pod.ready()) {
          return "pod " + pod.name() + " is not ready (" + pod.phase() + ")";
        }
        if (version != null && !version.equals(versionOf(pod.imageTag()))) {
          return "pod " + pod.name() + " runs " + pod.imageTag() + ", want " + version;
        }
      }
      return null;
    }
  }

  static WorkloadReport report(RunWorkloadCommandInput input, ConnectWorkload w, String unmet,
      Configuration configuration, EksPreflightFacts preflight) {
    List<WorkloadReport.Pod> pods = w.pods().stream()
        .map(p -> new WorkloadReport.Pod(p.name(), p.phase(), p.ready(), p.imageTag(), text(versionOf(p.imageTag())),
            p.zone()))
        .toList();
    return new WorkloadReport(input.cluster(), input.action(), w.workload().toString(),
        w.kind() == WorkloadKind.STATEFUL_SET ? "StatefulSet" : "Deployment", w.replicas(), w.readyReplicas(),
        w.imageTag(), text(versionOf(w.imageTag())), pods, started(w.pods()), unmet == null, unmet, configuration,
        preflight);
  }

  /**
   * The pods whose Connect container has started: past {@code Pending} (a pod whose image is still
   * being pulled, or cannot be, never ran Connect). A started Connect newer than the schema may have
   * migrated it.
   */
  static int started(List<ConnectPod> pods) {
    return (int) pods.stream().filter(p -> p.phase() != null && !p.phase().equals("Pending")).count();
  }

  private static ConnectVersion versionOf(String tag) {
    try {
      return tag == null ? null : ConnectImageTag.parse(tag).version();
    } catch (PreconditionFailedException notAVersion) {
      return null;
    }
  }

  private static String text(ConnectVersion version) {
    return version == null ? null : version.toString();
  }
}
