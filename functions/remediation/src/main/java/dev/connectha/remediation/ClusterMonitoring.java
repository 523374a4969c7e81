package dev.connectha.remediation;

import dev.connectha.config.Config;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.Node;
import dev.connectha.ports.Alarms;
import dev.connectha.ports.Alarms.Spec;
import dev.connectha.ports.ClusterRegistry;
import dev.connectha.ports.Dashboards;
import dev.connectha.ports.NodeDirectory;
import dev.connectha.ports.TargetRegistrations;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each cluster's remediation alarms ({@link RemediationAlarms}) as its nodes and load balancer
 * need them: puts the alarms that are missing or differ, then deletes the ones under the cluster's
 * prefix that are no longer wanted (a retired node's, an AZ's that has no node left), and leaves the
 * rest alone. Everything is read before anything changes; a second run changes nothing. It also puts
 * the dashboard of each cluster registered after the deploy ({@link ClusterDashboard}), unless it is as wanted.
 */
public final class ClusterMonitoring {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterMonitoring.class);

  private final ClusterRegistry registry;
  private final NodeDirectory nodes;
  private final TargetRegistrations targets;
  private final Alarms alarms;
  private final Dashboards dashboards;
  private final Config config;

  @Inject
  public ClusterMonitoring(ClusterRegistry registry, NodeDirectory nodes, TargetRegistrations targets, Alarms alarms,
      Dashboards dashboards, Config config) {
    this.registry = registry;
    this.nodes = nodes;
    this.targets = targets;
    this.alarms = alarms;
    this.dashboards = dashboards;
    this.config = config;
  }

  /**
   * The named cluster, or every registered one. With every cluster, each is done even when another
   * fails; then the first failure is raised (the others suppressed in it).
   *
   * @throws dev.connectha.errors.ClusterNotFoundException when the named cluster is not registered
   */
  public MonitoringReport ensure(EnsureClusterMonitoringInput input) {
    if (input.cluster() != null) {
      return new MonitoringReport(List.of(ensure(registry.load(input.cluster()))));
    }
    return new MonitoringReport(registry.forEveryCluster(name -> ensure(registry.load(name)), (name, e) ->
        LOG.error("the remediation alarms of cluster {} could not be ensured: {}", name, e.getMessage())));
  }

  private MonitoringReport.ClusterAlarms ensure(ClusterDocument cluster) {
    String name = cluster.name();
    List<Node> members = nodes.nodesOf(name);
    String loadBalancer = cluster.targetGroupArn() == null ? null : loadBalancerOf(targets, name, cluster.targetGroupArn());
    Map<String, Spec> wanted = RemediationAlarms.wanted(name, cluster.targetGroupArn(), loadBalancer, members).stream()
        .collect(Collectors.toMap(Spec::name, Function.identity()));
    Map<String, Spec> existing = alarms.withPrefix(RemediationAlarms.prefix(name)).stream()
        .filter(a -> !RemediationAlarms.anotherClusters(name, a.name()))
        .collect(Collectors.toMap(Spec::name, Function.identity()));

    List<String> created = new ArrayList<>();
    int kept = 0;
    for (Spec spec : wanted.values().stream().sorted(Comparator.comparing(Spec::name)).toList()) {
      if (spec.equals(existing.get(spec.name()))) {
        kept++;
      } else {
        alarms.put(spec, RemediationAlarms.tags(name));
        created.add(spec.name());
      }
    }
    List<String> deleted = existing.keySet().stream().filter(n -> !wanted.containsKey(n)).sorted().toList();
    if (!deleted.isEmpty()) {
      alarms.delete(deleted);
    }
    String dashboard = ensureDashboard(cluster);
    LOG.info("cluster {}: {} remediation alarm(s) put {}, {} deleted {}, {} kept; dashboard {}", name, created.size(),
        created, deleted.size(), deleted, kept, dashboard);
    return new MonitoringReport.ClusterAlarms(name, created, deleted, kept, dashboard);
  }

  /** The cluster's dashboard, for a cluster registered after the deploy (the template's own is the stack's). */
  private String ensureDashboard(ClusterDocument cluster) {
    if (config.dashboards().isEmpty()) {
      return "none";
    }
    Config.DashboardSettings settings = config.dashboards().get();
    if (cluster.name().equals(settings.templateCluster())) {
      return "template";
    }
    String name = ClusterDashboard.name(settings.stack(), cluster.name());
    String body = ClusterDashboard.body(settings.stack(), config.region(), cluster.name(), cluster.targetGroupArn(),
        settings.backupAgeAlarmHours());
    if (dashboards.body(name).filter(existing -> ClusterDashboard.same(existing, body)).isPresent()) {
      return "kept";
    }
    dashboards.put(name, body);
    return "put";
  }

  /** The load balancer the target group serves (the first by ARN if several), or null when it serves none. */
  static String loadBalancerOf(TargetRegistrations targets, String cluster, String targetGroupArn) {
    List<String> loadBalancers = targets.describe(targetGroupArn).loadBalancerArns().stream().sorted().toList();
    if (loadBalancers.isEmpty()) {
      LOG.warn("cluster {}: target group {} serves no load balancer: it has no host-count metrics, so no alarm watches them",
          cluster, targetGroupArn);
      return null;
    }
    if (loadBalancers.size() > 1) {
      LOG.warn("cluster {}: target group {} serves {} load balancers; its alarms watch {}", cluster, targetGroupArn,
          loadBalancers.size(), loadBalancers.get(0));
    }
    return loadBalancers.get(0);
  }
}
