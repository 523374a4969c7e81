package dev.connectha.remediation;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dagger.Lazy;
import dev.connectha.config.Config;
import dev.connectha.errors.ClusterNotFoundException;
import dev.connectha.json.Json;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.remediation.Incident;
import dev.connectha.model.remediation.IncidentKind;
import dev.connectha.ports.ClusterLocks;
import dev.connectha.ports.ClusterRegistry;
import dev.connectha.ports.Incidents;
import dev.connectha.ports.NodeDirectory;
import dev.connectha.ports.Workflows;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remediation's intake: turns an event (a remediation alarm's state change, an instance that
 * stopped, an AWS Health EC2 operational issue, an ARC autoshift) into one incident per (cluster, subject) and starts
 * the remediate workflow for it once, however many events report it. Everything else is ignored, logged with the reason, and changes nothing.
 * Every AWS client is built only for the events that need it (dagger.Lazy): an ignored alarm reads the
 * cluster document and nothing else; the EC2 client (node directory) and the lock only for EC2 events.
 */
public final class Intake {
  /** How long an open incident's item lives if no execution ever closes it. */
  static final Duration OPEN_TTL = Duration.ofDays(7);
  /**
   * How old an open incident must be before a new event about it asks whether its execution still
   * runs (a storm within this time costs no call); one whose execution ended without closing it
   * (its CloseIncident failed) is closed as {@value #ABANDONED} and the event opens a new one.
   */
  static final Duration CHECK_OPEN_AFTER = Duration.ofMinutes(5);
  static final String ABANDONED = "abandoned";
  private static final Logger LOG = LoggerFactory.getLogger(Intake.class);
  /** The most instances of one Health event looked up (one DescribeInstances call each). */
  static final int MAX_HEALTH_INSTANCES = 20;
  private static final Pattern ALARM = Pattern.compile("connect-ha-([a-z0-9][a-z0-9-]*?)-remediation-.+");

  private final Lazy<Incidents> incidents;
  private final Lazy<Workflows> workflows;
  private final ClusterRegistry registry;
  private final Lazy<NodeDirectory> nodes;
  private final Lazy<ClusterLocks> locks;
  private final Lazy<TrafficShifter> shifter;
  private final Config config;
  private final Clock clock;

  @Inject
  public Intake(Lazy<Incidents> incidents, Lazy<Workflows> workflows, ClusterRegistry registry, Lazy<NodeDirectory> nodes,
      Lazy<ClusterLocks> locks, Lazy<TrafficShifter> shifter, Config config, Clock clock) {
    this.incidents = incidents;
    this.workflows = workflows;
    this.registry = registry;
    this.nodes = nodes;
    this.locks = locks;
    this.shifter = shifter;
    this.config = config;
    this.clock = clock;
  }

  /** Handles one raw EventBridge event; a malformed one is {@code InvalidInputException} before any call. */
  public IntakeResult take(JsonNode raw) {
    IntakeEvent event = IntakeEvent.parse(raw);
    IntakeResult result = switch (event.detailType()) {
      case AlarmStateChange.DETAIL_TYPE -> alarm(event, AlarmStateChange.of(event.detail()));
      case InstanceStateChange.DETAIL_TYPE -> instance(event, InstanceStateChange.of(event.detail()));
      case HealthEvent.DETAIL_TYPE -> health(event, HealthEvent.of(event.detail()));
      case Autoshift.DETAIL_TYPE -> autoshift(event, Autoshift.of(event.detail()));
      case Autoshift.COMPLETED -> autoshiftCompleted(event, Autoshift.of(event.detail()));
      default -> IntakeResult.ignored("not an event the intake handles: " + event.detailType());
    };
    if (result.outcome().equals("ignored")) {
      LOG.info("event ignored: {}", result.reason(), entry("reason", result.reason()),
          entry("detailType", event.detailType()), entry("eventId", String.valueOf(event.id())));
    } else {
      LOG.info("event {}: {}", result.outcome(), result.reason(), entry("reason", result.reason()),
          entry("execution", result.execution()), entry("eventId", String.valueOf(event.id())));
    }
    return result;
  }

  private IntakeResult alarm(IntakeEvent event, AlarmStateChange alarm) {
    Matcher name = ALARM.matcher(alarm.alarmName());
    if (!name.matches()) {
      return IntakeResult.ignored("not a connect-ha remediation alarm: " + alarm.alarmName());
    }
    String cluster = name.group(1);
    Optional<Incident> found = incidentOf(cluster, alarm, event);
    if (found.isEmpty()) {
      return IntakeResult.ignored("alarm " + alarm.alarmName() + " watches no metric remediation acts on: "
          + alarm.metricName() + " " + alarm.dimensions().keySet());
    }
    Incident incident = found.get();
    boolean zonal = alarm.dimensions().containsKey("AvailabilityZone");
    boolean alarming = "ALARM".equals(alarm.state());
    if (!alarming && !("OK".equals(alarm.state()) && zonal)) {
      return IntakeResult.ignored("alarm " + alarm.alarmName() + " is " + alarm.state() + ": nothing to remediate");
    }
    Optional<ClusterDocument> document = registered(cluster);
    if (document.isEmpty()) {
      return IntakeResult.ignored("cluster " + cluster + " is not registered");
    }
    String targetGroup = alarm.dimensions().get("TargetGroup");
    if (targetGroup != null && !targetGroup.equals(targetGroupDimension(document.get().targetGroupArn()))) {
      return IntakeResult.ignored("not the cluster's alarm: " + alarm.alarmName() + " watches " + targetGroup
          + ", cluster " + cluster + " serves from " + document.get().targetGroupArn());
    }
    return alarming ? open(incident, event) : recovered(document.get(), incident.subject(), event);
  }

  /** The incident an alarm's metric reports; empty for a metric remediation does not watch. */
  private static Optional<Incident> incidentOf(String cluster, AlarmStateChange alarm, IntakeEvent event) {
    if (alarm.metricName() == null) {
      return Optional.empty();
    }
    Map<String, String> dims = alarm.dimensions();
    String az = dims.get("AvailabilityZone");
    String instance = dims.get("InstanceId");
    IncidentKind kind;
    String subject;
    if (alarm.metricName().equals("UnHealthyHostCount") && az != null) {
      kind = IncidentKind.NODE_UNHEALTHY;
      subject = az;
    } else if (alarm.metricName().equals("HealthyHostCount")) {
      kind = az != null ? IncidentKind.AZ_IMPAIRED : IncidentKind.CLUSTER_DOWN;
      subject = az != null ? az : Incident.WHOLE_CLUSTER;
    } else if (alarm.metricName().startsWith("StatusCheckFailed") && instance != null) {
      kind = IncidentKind.NODE_DEAD;
      subject = instance;
    } else {
      return Optional.empty();
    }
    return Optional.of(new Incident(cluster, kind, subject, event.time()));
  }

  private IntakeResult instance(IntakeEvent event, InstanceStateChange change) {
    if (!change.down()) {
      return IntakeResult.ignored("instance " + change.instanceId() + " is " + change.state() + ": it still serves");
    }
    Optional<NodeDirectory.Membership> member = nodes.get().clusterOf(change.instanceId());
    if (member.isEmpty()) {
      return IntakeResult.ignored("instance " + change.instanceId() + " has no " + NodeDirectory.CLUSTER_TAG + " tag");
    }
    String cluster = member.get().cluster();
    if (registered(cluster).isEmpty()) {
      return IntakeResult.ignored("cluster " + cluster + " is not registered");
    }
    Optional<ClusterLocks.Lock> holder = locks.get().holder(cluster);
    if (holder.isPresent()) {
      return IntakeResult.ignored("planned: " + holder.get().workflow() + " holds the lock of cluster " + cluster
          + " (instance " + change.instanceId() + " is " + change.state() + ")");
    }
    return open(new Incident(cluster, IncidentKind.NODE_DEAD, change.instanceId(), event.time()), event);
  }

  /**
   * An EC2 operational issue naming instances of registered clusters: each (cluster, AZ) of those
   * instances is an az-impaired incident. The answer names the first; the reason counts them all.
   */
  private IntakeResult health(IntakeEvent event, HealthEvent health) {
    if (!HealthEvent.EC2_OPERATIONAL_ISSUE.equals(health.eventTypeCode())) {
      return IntakeResult.ignored("Health event " + health.eventTypeCode() + " is not an EC2 operational issue");
    }
    if (health.instanceIds().isEmpty()) {
      return IntakeResult.ignored("Health event names no instance: no zone to tell");
    }
    if (health.instanceIds().size() > MAX_HEALTH_INSTANCES) {
      return IntakeResult.ignored("Health event names " + health.instanceIds().size() + " instances, more than the "
          + MAX_HEALTH_INSTANCES + " the intake looks up; the alarms report the zones of the clusters among them");
    }
    if (health.closed()) {
      Map<String, NodeDirectory.Membership> zones = new LinkedHashMap<>();
      for (String instanceId : health.instanceIds()) {
        nodes.get().clusterOf(instanceId).filter(m -> m.availabilityZone() != null)
            .ifPresent(m -> zones.putIfAbsent(m.cluster() + "#" + m.availabilityZone(), m));
      }
      return combine(zones.values().stream().map(m -> registered(m.cluster())
          .map(c -> recovered(c, m.availabilityZone(), event))
          .orElseGet(() -> IntakeResult.ignored("cluster " + m.cluster() + " is not registered"))).toList(),
          "the closed Health event names no instance of a registered cluster");
    }
    Map<String, Incident> impaired = new LinkedHashMap<>();
    for (String instanceId : health.instanceIds()) {
      nodes.get().clusterOf(instanceId).filter(m -> m.availabilityZone() != null)
          .ifPresent(m -> impaired.putIfAbsent(m.cluster() + "#" + m.availabilityZone(),
              new Incident(m.cluster(), IncidentKind.AZ_IMPAIRED, m.availabilityZone(), event.time())));
    }
    return openEach(List.copyOf(impaired.values()), event, "Health event names no instance of a registered cluster");
  }

  /** ARC shifts traffic away from a zone (by its id): every registered cluster with nodes there has it impaired. */
  private IntakeResult autoshift(IntakeEvent event, Autoshift shift) {
    Optional<String> zone = nodes.get().zoneName(shift.awayFrom());
    if (zone.isEmpty()) {
      return IntakeResult.ignored("autoshift away from " + shift.awayFrom() + ": no such zone in this region");
    }
    List<Incident> impaired = nodes.get().clustersIn(zone.get()).stream()
        .map(m -> new Incident(m.cluster(), IncidentKind.AZ_IMPAIRED, zone.get(), event.time())).toList();
    return openEach(impaired, event, "autoshift away from " + zone.get() + " (" + shift.awayFrom()
        + "): no registered cluster has nodes there");
  }

  /**
   * AWS ended an autoshift away from a zone: it has recovered for every registered cluster that had
   * an incident there (its nodes there may all be gone, so the incidents say who was there).
   */
  private IntakeResult autoshiftCompleted(IntakeEvent event, Autoshift shift) {
    Optional<String> zone = nodes.get().zoneName(shift.awayFrom());
    if (zone.isEmpty()) {
      return IntakeResult.ignored("autoshift away from " + shift.awayFrom() + " completed: no such zone in this region");
    }
    List<IntakeResult> results = registry.names().stream()
        .filter(cluster -> incidents.get().find(cluster + "#" + zone.get()).isPresent())
        .flatMap(cluster -> registered(cluster).stream())
        .map(cluster -> recovered(cluster, zone.get(), event))
        .toList();
    return combine(results, "autoshift away from " + zone.get() + " completed: no registered cluster had an incident there");
  }

  /** Opens each incident of a registered cluster; the answer names the first, the reason counts the rest. */
  private IntakeResult openEach(List<Incident> incidentsFound, IntakeEvent event, String noneReason) {
    return combine(incidentsFound.stream()
        .filter(incident -> registered(incident.cluster()).isPresent())
        .map(incident -> open(incident, event))
        .toList(), noneReason);
  }

  /** One answer for several: the first that acted (else the first), the reason counting the rest; none: ignored. */
  private static IntakeResult combine(List<IntakeResult> found, String noneReason) {
    if (found.isEmpty()) {
      return IntakeResult.ignored(noneReason);
    }
    List<IntakeResult> results = new ArrayList<>(found);
    results.sort(Comparator.comparing(r -> r.outcome().equals("ignored")));
    IntakeResult first = results.get(0);
    return results.size() == 1 ? first : new IntakeResult(first.outcome(), first.reason() + " (and "
        + (results.size() - 1) + " more: " + results.stream().skip(1)
        .map(r -> (r.incident() == null ? r.execution() : r.incident().key()) + " " + r.outcome()).toList() + ")",
        first.incident(), first.execution());
  }

  /**
   * Opens the incident and starts its execution; when one is open already, starts that one's
   * execution only if its intake did not get to (Step Functions starts a name once).
   */
  private IntakeResult open(Incident incident, IntakeEvent event) {
    String name = ExecutionNames.remediate(incident);
    if (incidents.get().open(incident, name, clock.instant().plus(OPEN_TTL))) {
      workflows.get().start(config.remediateStateMachine(), name, remediateInput(incident, event.detailType()));
      incidents.get().markStarted(incident.key());
      return new IntakeResult("opened", incident.kind().id() + " " + incident.subject() + " of cluster "
          + incident.cluster() + ": remediation started", incident, name);
    }
    Optional<Incidents.Record> current = incidents.get().find(incident.key()).filter(Incidents.Record::open);
    if (current.isEmpty()) {
      return new IntakeResult("duplicate", "an incident about " + incident.subject() + " of cluster "
          + incident.cluster() + " was open and has closed meanwhile", incident, name);
    }
    Incidents.Record record = current.get();
    if (record.started() && incident.since().isAfter(record.incident().since().plus(CHECK_OPEN_AFTER))) {
      Optional<Workflows.Run> run = workflows.get().run(config.remediateStateMachine(), record.execution());
      if (run.isPresent() && !run.get().running()) {
        Instant ended = run.get().stoppedAt() == null ? record.incident().since() : run.get().stoppedAt();
        incidents.get().close(incident.key(), record.execution(), ABANDONED, ended,
            clock.instant().plus(IncidentCloser.CLOSED_TTL));
        LOG.warn("incident {} was left open by {}, which ended {} at {}: closed as {}", incident.key(), record.execution(),
            run.get().status(), ended, ABANDONED);
        if (incident.since().isAfter(ended)) {
          return open(incident, event);
        }
        return new IntakeResult("duplicate", "incident " + incident.key() + " was left open by " + record.execution()
            + ", which ended " + run.get().status() + ": closed as " + ABANDONED + "; this event is from before its end",
            record.incident(), record.execution());
      }
    }
    if (!record.started()) {
      workflows.get().start(config.remediateStateMachine(), record.execution(),
          remediateInput(record.incident(), event.detailType()));
      incidents.get().markStarted(incident.key());
      return new IntakeResult("duplicate", "incident " + incident.key() + " was open but not started: started it",
          record.incident(), record.execution());
    }
    return new IntakeResult("duplicate", "incident " + incident.key() + " is open already (" + record.events()
        + " events)", record.incident(), record.execution());
  }

  /**
   * A zone recovered (its AZ alarm back to OK, a closed Health issue, a completed autoshift): the
   * zonal shifts this control plane started away from it end, and the cluster gets its capacity
   * rebalanced when remediation moved nodes out of that zone (its last incident closed as
   * {@code replaced}); not while that incident is open, and not after a restart (nothing moved: the
   * OK only says the restart worked).
   */
  private IntakeResult recovered(ClusterDocument document, String az, IntakeEvent event) {
    String cluster = document.name();
    Optional<Incidents.Record> last = incidents.get().find(cluster + "#" + az);
    if (last.isPresent() && last.get().open()) {
      return IntakeResult.ignored("zone " + az + " of cluster " + cluster + " recovers but its incident is open ("
          + last.get().execution() + " handles it)");
    }
    // only an incident of this zone may have started a shift away from it: without one, the OK costs no call
    List<String> ended = last.isEmpty() || document.targetGroupArn() == null ? List.of()
        : shifter.get().endShifts(document, az);
    String shifts = ended.isEmpty() ? "" : "; zonal shift " + String.join(", ", ended) + " cancelled";
    if (last.isEmpty() || !"replaced".equals(last.get().outcome())) {
      String reason = "zone " + az + " of cluster " + cluster + " is back; no node was moved out of it (its last incident: "
          + last.map(r -> r.outcome()).orElse("none") + "), so there is nothing to rebalance" + shifts;
      return ended.isEmpty() ? IntakeResult.ignored(reason) : new IntakeResult("recovered", reason, null, null);
    }
    String name = ExecutionNames.rebalance(cluster, az, event.time());
    workflows.get().start(config.ensureCapacityStateMachine(), name,
        json(Map.of("cluster", cluster, "rebalance", true)));
    return new IntakeResult("rebalance", "zone " + az + " of cluster " + cluster + " recovered: ensure-capacity "
        + "rebalances the cluster" + shifts, null, name);
  }

  private Optional<ClusterDocument> registered(String cluster) {
    try {
      return Optional.of(registry.load(cluster));
    } catch (ClusterNotFoundException e) {
      return Optional.empty();
    }
  }

  /** CloudWatch's TargetGroup dimension for a target group ARN: its resource part, {@code targetgroup/<name>/<id>}. */
  static String targetGroupDimension(String targetGroupArn) {
    if (targetGroupArn == null) {
      return null;
    }
    int colon = targetGroupArn.lastIndexOf(':');
    return targetGroupArn.substring(colon + 1);
  }

  static String remediateInput(Incident incident, String source) {
    return json(new RemediateInput(incident.cluster(), incident, source));
  }

  private static String json(Object value) {
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
