package dev.connectha.provision;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ConnectPackages;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.Node;
import dev.connectha.ports.ClusterLocks;
import dev.connectha.ports.ClusterRegistry;
import dev.connectha.ports.FileSystems;
import dev.connectha.ports.LearnedStates;
import dev.connectha.ports.NodeDirectory;
import dev.connectha.ports.PackageCatalog;
import dev.connectha.ports.ProvisioningSources;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.inject.Inject;

/**
 * Checks everything a new node needs before one is launched, and chooses its zone: the one with the
 * fewest pending and running nodes among the cluster's zones that are not avoided and have a mount
 * target of its file system. Read-only: a
 * refusal (a named error) leaves AWS as it was.
 */
public final class ProvisionPlanner {
  private static final List<String> COUNTED = List.of("pending", "running");

  private final ClusterRegistry registry;
  private final LearnedStates learned;
  private final NodeDirectory nodes;
  private final PackageCatalog catalog;
  private final ProvisioningSources sources;
  private final FileSystems fileSystems;

  private final ClusterLocks locks;

  @Inject
  public ProvisionPlanner(ClusterRegistry registry, LearnedStates learned, NodeDirectory nodes, PackageCatalog catalog,
      ProvisioningSources sources, FileSystems fileSystems, ClusterLocks locks) {
    this.registry = registry;
    this.learned = learned;
    this.nodes = nodes;
    this.catalog = catalog;
    this.sources = sources;
    this.fileSystems = fileSystems;
    this.locks = locks;
  }

  /**
   * The plan for one new node of {@code input.cluster()}.
   *
   * @throws dev.connectha.errors.ClusterNotFoundException when the cluster is not registered
   * @throws InvalidInputException       when {@code az} is not one of the cluster's zones
   * @throws PreconditionFailedException when the cluster document lacks a provisioning field, its launch
   *                                     template, config parameter or a secret does not exist, its schema's
   *                                     version is not published at its package source, the zone has no mount
   *                                     target of the cluster's file system, or every zone is avoided or has none
   */
  public ProvisionPlan plan(PlanProvisionInput input) {
    ClusterDocument cluster = registry.load(input.cluster());
    List<String> lacking = cluster.missingForProvisioning();
    if (!lacking.isEmpty()) {
      throw new PreconditionFailedException("cluster " + cluster.name() + " cannot provision a node: its cluster document"
          + " has no " + String.join(", ", lacking) + " (see docs/cluster-document.md); nothing was launched");
    }
    CallersLock.require(locks, cluster.name(), input.lockHeldBy());
    if (cluster.targetGroupArn() == null || cluster.targetGroupArn().isBlank()) {
      throw new PreconditionFailedException("cluster " + cluster.name() + " has no targetGroupArn: provision-node registers the"
          + " new node and waits until it is healthy there, so a cluster without a load balancer cannot be provisioned yet;"
          + " nothing was launched");
    }
    Map<String, String> subnets = new TreeMap<>(cluster.subnetsByAz());
    if (input.az() != null && !subnets.containsKey(input.az())) {
      throw new InvalidInputException("az " + input.az() + " is not a zone of cluster " + cluster.name() + " (its subnetsByAz: "
          + String.join(", ", subnets.keySet()) + "); nothing was launched");
    }
    List<String> absent = sources.missing(cluster);
    if (!absent.isEmpty()) {
      throw new PreconditionFailedException("cluster " + cluster.name() + " cannot provision a node: "
          + String.join("; ", absent) + "; nothing was launched");
    }
    ConnectVersion version = learned.versionsOf(cluster).schemaVersion();
    if (!ConnectPackages.validSource(cluster.packageSource())) {
      throw new PreconditionFailedException("cluster " + cluster.name() + " has no usable packageSource to install Connect "
          + version + " from; nothing was launched");
    }
    if (!catalog.available(cluster.packageSource(), version)) {
      throw new PreconditionFailedException("cluster " + cluster.name() + "'s schema is at Connect " + version + ", which "
          + cluster.packageSource() + " does not publish: a new node must run it; nothing was launched");
    }
    // a node mounts EFS through its own zone's mount target: a zone without one cannot take a node (Posit's checklist)
    List<String> mountable = fileSystems.describe(cluster.fileSystemId()).mountTargetAzs();
    if (input.az() != null && !mountable.contains(input.az())) {
      throw new PreconditionFailedException("file system " + cluster.fileSystemId() + " has no mount target in " + input.az()
          + " (it has them in " + String.join(", ", mountable) + "): create one before launching a node there; nothing was launched");
    }
    Map<String, Integer> counts = new TreeMap<>();
    subnets.keySet().forEach(z -> counts.put(z, 0));
    for (Node node : nodes.nodesOf(cluster.name())) {
      if (COUNTED.contains(node.state()) && counts.containsKey(node.availabilityZone())) {
        counts.merge(node.availabilityZone(), 1, Integer::sum);
      }
    }
    String az = input.az() != null ? input.az() : counts.keySet().stream()
        .filter(z -> !input.avoidAzs().contains(z) && mountable.contains(z))
        .min(Comparator.<String, Integer>comparing(counts::get).thenComparing(Comparator.naturalOrder()))
        .orElseThrow(() -> new PreconditionFailedException("no zone of cluster " + cluster.name() + " to launch into: "
            + String.join(", ", subnets.keySet()) + " minus the avoided (" + String.join(", ", input.avoidAzs())
            + ") and those without a mount target of " + cluster.fileSystemId() + "; nothing was launched"));
    return new ProvisionPlan(cluster.name(), az, subnets.get(az), cluster.launchTemplateId(), version.toString(),
        cluster.licenseKeySecretId() != null, counts);
  }
}
