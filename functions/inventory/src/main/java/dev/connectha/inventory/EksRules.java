package dev.connectha.inventory;

import static dev.connectha.model.Finding.fail;
import static dev.connectha.model.Finding.pass;
import static dev.connectha.model.Finding.warn;

import dev.connectha.model.ClusterState;
import dev.connectha.model.DatabaseState;
import dev.connectha.model.FileSystemState;
import dev.connectha.model.Finding;
import dev.connectha.model.eks.ConnectConfigFacts;
import dev.connectha.model.eks.ConnectPod;
import dev.connectha.model.eks.EksPreflightFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The rules only the eks topology has, or has in its own form, over the facts RunWorkloadCommand read from
 * the workload ({@link EksPreflightFacts}: pods, node groups, the few gcfg settings). Without those facts
 * (a caller that did not read them) each rule fails as unchecked, as the EC2 rules do without node facts.
 *
 * <p>Worker zones are the zones of the EKS cluster's managed node groups' subnets: where Kubernetes may
 * start a Connect pod tomorrow, not only where one runs today. A cluster without managed node groups
 * (self-managed nodes, Karpenter) has none to list: its pods' zones stand in, and {@code multi-az-nodes} warns.
 */
final class EksRules {
  static final Map<String, String> TITLES = Map.of(
      "same-image-tag", "Every Connect pod runs the same image tag",
      "same-config", "Every Connect pod started on the same configuration",
      "unique-metrics-path", "Metrics.DataPath is unique per pod",
      "off-host-execution", "Content runs off-host, on Kubernetes",
      "multi-az-nodes", "Worker node groups span at least two Availability Zones",
      "replicas-spread", "Connect's replicas run in at least two Availability Zones",
      "efs-mount-targets", "EFS has a mount target in every worker zone",
      "rds-subnet-group", "The database's subnet group covers every worker zone");

  private final EksPreflightFacts facts;

  EksRules(EksPreflightFacts facts) {
    this.facts = facts;
  }

  Finding sameImageTag(ClusterState s) {
    String id = "same-image-tag";
    if (noPods()) {
      return unchecked(id);
    }
    Map<String, String> tags = perPod(p -> p.imageTag() == null ? "no Connect image" : p.imageTag());
    List<String> evidence = new ArrayList<>(evidence(tags));
    evidence.add("the workload's template: " + facts.imageTag());
    Set<String> distinct = new TreeSet<>(tags.values());
    if (distinct.size() > 1) {
      return fail(id, title(id), "pods run different image tags " + distinct, evidence);
    }
    String tag = distinct.iterator().next();
    if (!tag.equals(facts.imageTag())) {
      return fail(id, title(id), "every pod runs " + tag + ", but the workload asks for " + facts.imageTag()
          + " (a rollout not done)", evidence);
    }
    return pass(id, title(id), "one image tag " + tag + " on " + tags.size() + " pod(s)", evidence);
  }

  /**
   * Posit's chart mounts {@code rstudio-connect.gcfg} with a subPath, so a pod keeps the configuration it started
   * with, and it stamps the pod template with the ConfigMap's digest ({@code checksum/config}). Pods from one
   * configuration mount the document's ConfigMap and carry one digest.
   */
  Finding sameConfig(ClusterState s) {
    String id = "same-config";
    if (noPods()) {
      return unchecked(id);
    }
    Map<String, String> identity = perPod(p -> "ConfigMap " + (p.configMaps().isEmpty() ? "(none)" : p.configMaps())
        + ", " + ConnectPod.CONFIG_CHECKSUM + " " + (p.configChecksum() == null ? "(none)" : abbreviate(p.configChecksum())));
    List<String> evidence = new ArrayList<>(evidence(identity));
    evidence.add("Helm release " + facts.helmRelease() + " revision " + facts.helmRevision());
    List<String> foreign = facts.pods().stream().filter(p -> !p.configMaps().contains(facts.configMap()))
        .map(ConnectPod::name).sorted().toList();
    if (!foreign.isEmpty()) {
      return fail(id, title(id), "not from ConfigMap " + facts.configMap() + ": " + foreign, evidence);
    }
    Set<String> checksums = facts.pods().stream().map(p -> String.valueOf(p.configChecksum()))
        .collect(Collectors.toCollection(TreeSet::new));
    if (checksums.size() > 1) {
      return fail(id, title(id), "pods started on different configurations (" + ConnectPod.CONFIG_CHECKSUM + " differs):"
          + " restart the older ones", evidence);
    }
    if (facts.pods().get(0).configChecksum() == null) {
      return warn(id, title(id), "every pod mounts ConfigMap " + facts.configMap() + ", but none carries "
          + ConnectPod.CONFIG_CHECKSUM + ": whether each started on its current content cannot be told", evidence);
    }
    return pass(id, title(id), "every pod from ConfigMap " + facts.configMap() + " ("
        + ConnectPod.CONFIG_CHECKSUM + " " + abbreviate(checksums.iterator().next()) + ")", evidence);
  }

  /**
   * Every pod reads the one ConfigMap, so every pod has the same {@code Metrics.DataPath}: it is unique per pod only
   * where the path is not on the shared storage. Connect's default is {@code <Server.DataDir>/metrics}, and the
   * chart mounts the shared storage at {@code Server.DataDir}: a path under it is shared. Metrics off, or sent to
   * Graphite, write no files.
   */
  Finding uniqueMetricsPath(ClusterState s) {
    String id = "unique-metrics-path";
    ConnectConfigFacts c = facts == null ? null : facts.config();
    if (c == null) {
      return unchecked(id);
    }
    String path = c.effectiveMetricsPath();
    String dataDir = c.effectiveDataDir();
    List<String> evidence = List.of("Metrics.Enabled=" + c.metricsEnabled() + ", Metrics.Graphite=" + c.graphiteEnabled()
        + ", Metrics.DataPath=" + path + (c.metricsDataPath() == null ? " (default)" : ""),
        "Server.DataDir=" + dataDir + (c.serverDataDir() == null ? " (default)" : "") + ": the shared storage",
        "one ConfigMap " + facts.configMap() + " for " + facts.replicas() + " replica(s)");
    if (Boolean.FALSE.equals(c.metricsEnabled())) {
      return pass(id, title(id), "metrics are off: no pod writes metrics files", evidence);
    }
    if (Boolean.TRUE.equals(c.graphiteEnabled())) {
      return pass(id, title(id), "metrics go to Graphite", evidence);
    }
    if (path.equals(dataDir) || path.startsWith(dataDir.endsWith("/") ? dataDir : dataDir + "/")) {
      if (Math.max(facts.replicas(), facts.pods().size()) > 1) {
        return fail(id, title(id), "every pod writes metrics to " + path + ", on the shared storage: set Metrics.DataPath"
            + " outside Server.DataDir (a pod-local volume), or send metrics to Graphite", evidence);
      }
      return warn(id, title(id), "one replica writes metrics to " + path + " on the shared storage; a second would share"
          + " it", evidence);
    }
    return pass(id, title(id), "metrics go to " + path + ", outside the shared storage: each pod writes its own", evidence);
  }

  Finding offHostExecution(ClusterState s) {
    String id = "off-host-execution";
    ConnectConfigFacts c = facts == null ? null : facts.config();
    if (c == null) {
      return unchecked(id);
    }
    List<String> evidence = List.of("ConfigMap " + facts.configMap() + ": Launcher.Enabled=" + c.launcherEnabled()
        + ", Launcher.Kubernetes=" + c.launcherKubernetes() + ", Kubernetes.Enabled=" + c.kubernetesEnabled());
    if (!c.offHostExecution()) {
      return fail(id, title(id), "off-host execution is not configured: content would run inside the Connect pods"
          + " (set [Launcher] Enabled = true and Kubernetes = true)", evidence);
    }
    return pass(id, title(id), Boolean.TRUE.equals(c.kubernetesEnabled()) && !Boolean.TRUE.equals(c.launcherEnabled())
        ? "content runs in Kubernetes jobs (the direct Kubernetes runner)" : "content runs in Kubernetes jobs (Launcher)",
        evidence);
  }

  Finding multiAzNodes(ClusterState s) {
    String id = "multi-az-nodes";
    if (facts == null) {
      return unchecked(id);
    }
    List<String> evidence = facts.nodeGroups().stream()
        .map(g -> "node group " + g.name() + " (" + g.status() + ") in " + g.zones()).toList();
    if (facts.nodeGroups().isEmpty()) {
      return warn(id, title(id), "the EKS cluster has no managed node group: its workers' zones are unknown; the pods"
          + " run in " + podZones(), List.of());
    }
    Set<String> zones = nodeGroupZones();
    if (zones.size() >= 2) {
      return pass(id, title(id), "workers in " + zones, evidence);
    }
    if (s.cluster().desiredNodes() == 1) {
      return warn(id, title(id), "single replica: workers in one zone " + zones + " (not HA)", evidence);
    }
    return fail(id, title(id), "every node group is in " + zones + ": one zone failure stops Connect", evidence);
  }

  Finding replicasSpread(ClusterState s) {
    String id = "replicas-spread";
    if (noPods()) {
      return unchecked(id);
    }
    Map<String, String> zones = perPod(p -> p.zone() == null ? "(not scheduled)" : p.zone());
    Set<String> distinct = podZones();
    if (distinct.size() >= 2) {
      return pass(id, title(id), facts.pods().size() + " pods in " + distinct, evidence(zones));
    }
    if (facts.pods().size() == 1 && s.cluster().desiredNodes() == 1) {
      return warn(id, title(id), "single replica in " + distinct + " (not HA)", evidence(zones));
    }
    return fail(id, title(id), "all " + facts.pods().size() + " pods are in " + distinct
        + ": one zone failure stops Connect (spread them: topologySpreadConstraints)", evidence(zones));
  }

  Finding efsMountTargets(ClusterState s) {
    String id = "efs-mount-targets";
    if (facts == null) {
      return unchecked(id);
    }
    FileSystemState fs = s.fileSystem();
    Set<String> zones = workerZones();
    List<String> evidence = List.of(fs.id() + " mount targets in " + fs.mountTargetAzs(), "worker zones " + zones);
    Set<String> missing = workerZonesNotIn(fs.mountTargetAzs());
    if (!missing.isEmpty()) {
      return fail(id, title(id), "no mount target in " + missing + ": a pod started there cannot mount the data", evidence);
    }
    return pass(id, title(id), "a mount target in each of " + zones, evidence);
  }

  Finding rdsSubnetGroup(ClusterState s) {
    String id = "rds-subnet-group";
    if (facts == null) {
      return unchecked(id);
    }
    DatabaseState db = s.database();
    Set<String> zones = workerZones();
    List<String> evidence = List.of(db.id() + " subnet group in " + db.subnetGroupAzs(), "worker zones " + zones);
    if (db.subnetGroupAzs().isEmpty()) {
      return warn(id, title(id), "the database's DB subnet group was not described: its zones are unknown", evidence);
    }
    Set<String> missing = workerZonesNotIn(db.subnetGroupAzs());
    if (!missing.isEmpty()) {
      return fail(id, title(id), "the DB subnet group has no subnet in " + missing
          + ": a Multi-AZ failover cannot follow the workers there", evidence);
    }
    return pass(id, title(id), "the DB subnet group covers every worker zone " + zones, evidence);
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** The node groups' zones, or where none is listed, the pods' zones. */
  private Set<String> workerZones() {
    Set<String> zones = nodeGroupZones();
    return zones.isEmpty() ? podZones() : zones;
  }

  private Set<String> workerZonesNotIn(List<String> covered) {
    Set<String> missing = new TreeSet<>(workerZones());
    missing.removeAll(covered);
    return missing;
  }

  private Set<String> nodeGroupZones() {
    return facts.nodeGroups().stream().flatMap(g -> g.zones().stream()).collect(Collectors.toCollection(TreeSet::new));
  }

  private Set<String> podZones() {
    return facts.pods().stream().map(ConnectPod::zone).filter(Objects::nonNull)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private boolean noPods() {
    return facts == null || facts.pods().isEmpty();
  }

  private Map<String, String> perPod(Function<ConnectPod, String> value) {
    Map<String, String> values = new TreeMap<>();
    facts.pods().forEach(p -> values.put(p.name(), value.apply(p)));
    return values;
  }

  private Finding unchecked(String id) {
    return fail(id, title(id), facts == null ? "the workload's facts were not read: unchecked"
        : "no Connect pod (the workload asks for " + facts.replicas() + "): unchecked", List.of());
  }

  private static String title(String id) {
    return TITLES.getOrDefault(id, id);
  }

  private static String abbreviate(String checksum) {
    return checksum.length() > 12 ? checksum.substring(0, 12) : checksum;
  }

  private static List<String> evidence(Map<String, String> perPod) {
    return perPod.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList();
  }
}
