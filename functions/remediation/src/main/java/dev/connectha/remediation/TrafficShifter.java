package dev.connectha.remediation;

import dev.connectha.model.ClusterDocument;
import dev.connectha.ports.ClusterRegistry;
import dev.connectha.ports.NodeDirectory;
import dev.connectha.ports.TargetRegistrations;
import dev.connectha.ports.ZonalShifts;
import dev.connectha.ports.ZonalShifts.Shift;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional ARC zonal shift of a cluster's load balancer away from an impaired Availability Zone
 * (the cluster document's {@code zonalShift}), and its end once the zone recovers. Only shifts this
 * control plane started are ever cancelled: their comment starts with {@code connect-ha <cluster> }.
 * A shift already active away from the zone (an operator's, another incident's) is kept as it is.
 */
public final class TrafficShifter {
  private static final Logger LOG = LoggerFactory.getLogger(TrafficShifter.class);
  /** ARC's longest comment. */
  private static final int MAX_COMMENT = 128;

  private final ClusterRegistry registry;
  private final TargetRegistrations targets;
  private final NodeDirectory nodes;
  private final ZonalShifts shifts;

  @Inject
  public TrafficShifter(ClusterRegistry registry, TargetRegistrations targets, NodeDirectory nodes, ZonalShifts shifts) {
    this.registry = registry;
    this.targets = targets;
    this.nodes = nodes;
    this.shifts = shifts;
  }

  /** What every shift this control plane starts for {@code cluster} says first. */
  static String commentPrefix(String cluster) {
    return "connect-ha " + cluster + " ";
  }

  /**
   * Shifts the cluster's load balancer away from the zone, when its document enables it.
   *
   * @throws dev.connectha.errors.ClusterNotFoundException when the cluster is not registered
   */
  public ShiftReport shiftAway(ShiftTrafficInput input) {
    ClusterDocument cluster = registry.load(input.cluster());
    String az = input.az();
    if (!cluster.zonalShift().enabled()) {
      return ShiftReport.notShifted(az, null, "zonal shift is not enabled in cluster " + cluster.name()
          + "'s document: traffic stays as the load balancer's health checks route it");
    }
    Optional<String> loadBalancer = loadBalancerOf(cluster);
    if (loadBalancer.isEmpty()) {
      return ShiftReport.notShifted(az, null, "target group " + cluster.targetGroupArn() + " serves no load balancer to shift");
    }
    Optional<String> zoneId = nodes.zoneId(az);
    if (zoneId.isEmpty()) {
      return ShiftReport.notShifted(az, null, "zone " + az + " has no zone id in this region: nothing to shift away from");
    }
    Optional<Shift> existing = shifts.active(loadBalancer.get()).stream()
        .filter(s -> zoneId.get().equals(s.awayFrom())).findFirst();
    if (existing.isPresent()) {
      Shift s = existing.get();
      return new ShiftReport(true, az, zoneId.get(), s.id(), String.valueOf(s.expiresAt()), "zonal shift " + s.id()
          + " already moves traffic away from " + az + " (" + zoneId.get() + ") until " + s.expiresAt());
    }
    String comment = commentPrefix(cluster.name()) + "remediation " + (input.executionId() == null ? "" : input.executionId());
    Shift s = shifts.start(loadBalancer.get(), zoneId.get(), cluster.zonalShift().expiresIn(),
        comment.length() > MAX_COMMENT ? comment.substring(0, MAX_COMMENT) : comment.strip());
    LOG.info("cluster {}: zonal shift {} moves traffic away from {} ({}) until {}", cluster.name(), s.id(), az, zoneId.get(),
        s.expiresAt());
    return new ShiftReport(true, az, zoneId.get(), s.id(), String.valueOf(s.expiresAt()), "zonal shift " + s.id()
        + " moves traffic away from " + az + " (" + zoneId.get() + ") until " + s.expiresAt());
  }

  /**
   * Cancels the zonal shifts this control plane started for the cluster away from the zone, which
   * has recovered; others' shifts stay. Answers the ids cancelled.
   */
  public List<String> endShifts(ClusterDocument cluster, String az) {
    if (cluster.targetGroupArn() == null) {
      return List.of();
    }
    Optional<String> loadBalancer = loadBalancerOf(cluster);
    Optional<String> zoneId = loadBalancer.isEmpty() ? Optional.empty() : nodes.zoneId(az);
    if (zoneId.isEmpty()) {
      return List.of();
    }
    List<String> ours = shifts.active(loadBalancer.get()).stream()
        .filter(s -> zoneId.get().equals(s.awayFrom()) && s.comment() != null
            && s.comment().startsWith(commentPrefix(cluster.name())))
        .map(Shift::id).toList();
    ours.forEach(shifts::cancel);
    if (!ours.isEmpty()) {
      LOG.info("cluster {}: zone {} recovered; zonal shift(s) {} cancelled", cluster.name(), az, ours);
    }
    return ours;
  }

  private Optional<String> loadBalancerOf(ClusterDocument cluster) {
    return Optional.ofNullable(ClusterMonitoring.loadBalancerOf(targets, cluster.name(), cluster.targetGroupArn()));
  }
}
