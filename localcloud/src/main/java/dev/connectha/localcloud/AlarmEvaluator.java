package dev.connectha.localcloud;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectha.json.Json;
import dev.connectha.localcloud.twin.Twin;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * CloudWatch's alarm evaluation, which moto lacks, for the control plane's remediation alarms: on
 * every tick it reads the metric alarms named {@code connect-ha-<cluster>-remediation-…} from moto,
 * computes each one's metric from the twin, keeps the samples per period, evaluates the alarm and,
 * on a change of state, sets moto's state (SetAlarmState) and puts a "CloudWatch Alarm State Change"
 * event, shaped as CloudWatch's, on the {@link EventBus}. Each tick also looks at EC2's instances for
 * {@link InstanceStateEvents}.
 *
 * <p>Metrics, computed as AWS publishes them:
 * <ul>
 *   <li>{@code AWS/ApplicationELB} (or {@code AWS/NetworkELB}) {@code HealthyHostCount} / {@code UnHealthyHostCount} for the alarm's
 *       TargetGroup ({@code targetgroup/<name>/<id>}): the targets in that state, from the health the
 *       twin answers DescribeTargetHealth with ({@link Twin#targetStates}); with an AvailabilityZone
 *       dimension, the targets whose instance is in that AZ, and no datapoint when the AZ has no
 *       registered target (ALB publishes per-AZ counts for AZs it has targets in). A target that is
 *       neither healthy nor unhealthy (unused: stopped; draining; initial) counts in neither.</li>
 *   <li>{@code AWS/EC2 StatusCheckFailed} (and its _Instance/_System variants) per InstanceId:
 *       {@link Twin#statusCheckFailed}: 1 for a running node in an impaired AZ, or a node the twin
 *       killed while it is stopped; 0 for a running instance; no datapoint for an instance stopped
 *       on purpose (through the API), pending, terminated or unknown.</li>
 * </ul>
 * Each period (the alarm's Period × {@link #periodScale}) takes the statistic (Maximum, Minimum,
 * Average, Sum, SampleCount) of the samples taken in it; the alarm is evaluated on its last
 * EvaluationPeriods complete periods: ALARM when at least DatapointsToAlarm of them breach
 * (ComparisonOperator against Threshold, a period without datapoint as TreatMissingData says),
 * else OK (INSUFFICIENT_DATA when every period is missing and TreatMissingData is missing; the
 * state kept when ignore). An alarm is first evaluated once a whole period has been sampled.
 *
 * <p>Also, when asked ({@link #emittedAlarms}), the alarms on the control plane's own metrics
 * (namespace {@link #EMITTED}, e.g. the preflight drift alarm): their samples are the datapoints the functions emitted as EMF, which {@link EmfAgent}
 * put into moto, read back with GetMetricStatistics per period (the current one and the one before,
 * so that a datapoint that arrives late still lands in its own period).
 *
 * <p>Left alone: every other alarm (another namespace or metric) and the
 * remediation alarm the twin's seeding creates ({@link Twin#remediationAlarmName()}), whose state
 * and actions existing workflows read. On by default, started by {@link LocalCloud}; tests scale the
 * periods down ({@code cloud.alarms().periodScale(0.02)}: a 60 s period lasts 1.2 s).
 */
public final class AlarmEvaluator implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(AlarmEvaluator.class.getName());
  /** Only alarms under this prefix, and with {@link #REMEDIATION} in their name, are evaluated. */
  public static final String PREFIX = "connect-ha-";
  public static final String REMEDIATION = "-remediation-";
  /** The namespace of the metrics the functions emit (EMF), evaluated from moto's datapoints. */
  public static final String EMITTED = "ConnectHa";
  /** The tick when none is set: a sixth of the shortest scaled period, within these bounds. */
  static final Duration MIN_TICK = Duration.ofMillis(100);
  static final Duration MAX_TICK = Duration.ofSeconds(2);
  private static final DateTimeFormatter STATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ", Locale.ROOT)
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter REASON_TIME = DateTimeFormatter.ofPattern("dd/MM/yy HH:mm:ss", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  /** One state change the evaluator made. */
  public record Transition(Instant at, String alarm, String from, String to, String reason) {}

  /** The samples of one alarm: per period index, the values seen in it. */
  private static final class Track {
    final String signature;
    final long firstPeriod;
    final TreeMap<Long, List<Double>> samples = new TreeMap<>();

    Track(String signature, long firstPeriod) {
      this.signature = signature;
      this.firstPeriod = firstPeriod;
    }
  }

  private final AwsClients aws;
  private final Twin twin;
  private final EventBus bus;
  private final InstanceStateEvents instances;
  private final Object ticking = new Object();
  private final Map<String, Track> tracks = new ConcurrentHashMap<>();
  private final List<Transition> transitions = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile double periodScale = 1.0;
  private volatile Duration tick;
  private volatile Instant epoch = Instant.now();
  private volatile Thread thread;
  private volatile boolean enabled = true;
  private volatile boolean emittedAlarms = false;

  /** @param aws clients pointed at moto itself (the evaluator's reads are not the control plane's API calls) */
  public AlarmEvaluator(AwsClients aws, Twin twin, EventBus bus, InstanceStateEvents instances) {
    this.aws = aws;
    this.twin = twin;
    this.bus = bus;
    this.instances = instances;
  }

  /** Periods last {@code scale} × the alarm's Period (default 1: real time); forgets the samples taken so far. */
  public AlarmEvaluator periodScale(double scale) {
    if (!(scale > 0)) {
      throw new IllegalArgumentException("a period scale is positive, not " + scale);
    }
    synchronized (ticking) {
      periodScale = scale;
      restartPeriods();
    }
    return this;
  }

  public double periodScale() {
    return periodScale;
  }

  /** Samples and evaluates every {@code every}; null: a sixth of the shortest scaled period, between 100 ms and 2 s. */
  public AlarmEvaluator tick(Duration every) {
    this.tick = every;
    return this;
  }

  /** Whether the evaluator runs ({@link #enabled(boolean)}). */
  public boolean enabled() {
    return enabled;
  }

  /** Stops (false) or resumes (true) sampling and evaluating the alarms ({@link LocalCloud#detection} also stops EC2's events). */
  public AlarmEvaluator enabled(boolean on) {
    this.enabled = on;
    return this;
  }

  /**
   * Whether the alarms on emitted metrics ({@link #EMITTED}) are evaluated too (default false, and
   * after each {@link #reset}): off, a test that turns detection on for remediation sees only the
   * remediation alarms change (the backup age alarm, with no backup yet, would go to ALARM).
   */
  public AlarmEvaluator emittedAlarms(boolean on) {
    this.emittedAlarms = on;
    return this;
  }

  /** The state changes made since the last {@link #reset}, oldest first. */
  public List<Transition> transitions() {
    return List.copyOf(transitions);
  }

  /** Back to the defaults (enabled, real-time periods, automatic tick) with nothing sampled: for a new cluster. */
  public void reset() {
    synchronized (ticking) {
      periodScale = 1.0;
      tick = null;
      enabled = true;
      emittedAlarms = false;
      transitions.clear();
      restartPeriods();
    }
  }

  private void restartPeriods() {
    tracks.clear();
    epoch = Instant.now();
  }

  /** Runs {@code action} with no tick in progress or starting (e.g. while moto is reset). */
  public void paused(Runnable action) {
    synchronized (ticking) {
      action.run();
    }
  }

  /** Starts ticking in a daemon thread (once). */
  public synchronized void start() {
    if (thread != null) {
      return;
    }
    thread = new Thread(this::loop, "alarm-evaluator");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        if (enabled) {
          evaluateNow();
        } else {
          instances.lookAtAll(); // EC2's states still followed, so that enabling it again notifies only what happens then
        }
      } catch (RuntimeException e) { // moto restarting, a cluster being seeded: the next tick tries again
        LOG.log(System.Logger.Level.DEBUG, "alarm evaluator tick failed", e);
      }
      try {
        Thread.sleep(currentTick().toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private Duration currentTick() {
    Duration set = tick;
    if (set != null) {
      return set;
    }
    long shortest = tracks.values().stream().mapToLong(t -> Long.parseLong(t.signature.split("\\|")[0])).min().orElse(60);
    long millis = (long) (shortest * 1000 * periodScale / 6);
    return Duration.ofMillis(Math.max(MIN_TICK.toMillis(), Math.min(MAX_TICK.toMillis(), millis)));
  }

  /** One tick now: EC2's events, then every remediation alarm and every alarm on an emitted metric sampled and evaluated. */
  public void evaluateNow() {
    synchronized (ticking) {
      Instant now = Instant.now();
      Map<String, Instance> ec2 = instances.lookAtAll();
      List<MetricAlarm> alarms = new ArrayList<>();
      aws.cloudwatch.describeAlarmsPaginator(b -> b.alarmNamePrefix(PREFIX)).metricAlarms().forEach(alarms::add);
      String seeded = seededAlarm();
      Map<String, Map<String, String>> health = new HashMap<>();
      List<TargetGroup> groups = new ArrayList<>();
      List<String> seen = new ArrayList<>();
      for (MetricAlarm alarm : alarms) {
        boolean emitted = emittedAlarms && emitted(alarm);
        if (!emitted && (!alarm.alarmName().contains(REMEDIATION) || alarm.alarmName().equals(seeded) || !computable(alarm))) {
          continue;
        }
        seen.add(alarm.alarmName());
        long periodMillis = Math.max(1, (long) (alarm.period() * 1000 * periodScale));
        long index = Duration.between(epoch, now).toMillis() / periodMillis;
        String signature = alarm.period() + "|" + alarm.metricName() + "|" + alarm.dimensions() + "|" + alarm.statisticAsString();
        Track track = tracks.compute(alarm.alarmName(), (k, t) -> t == null || !t.signature.equals(signature)
            ? new Track(signature, index) : t);
        if (emitted) {
          for (long i = Math.max(track.firstPeriod, index - 1); i <= index; i++) {
            OptionalDouble value = emittedValue(alarm, epoch.plusMillis(i * periodMillis), periodMillis, now);
            if (value.isPresent()) {
              track.samples.put(i, new ArrayList<>(List.of(value.getAsDouble())));
            }
          }
        } else {
          OptionalDouble value = sample(alarm, ec2, health, groups);
          if (value.isPresent()) {
            track.samples.computeIfAbsent(index, i -> new ArrayList<>()).add(value.getAsDouble());
          }
        }
        track.samples.headMap(index - 20).clear();
        evaluate(alarm, track, index, periodMillis);
      }
      tracks.keySet().retainAll(seen);
    }
  }

  private String seededAlarm() {
    try {
      return twin.remediationAlarmName();
    } catch (RuntimeException noClusterYet) {
      return null;
    }
  }

  private static boolean computable(MetricAlarm alarm) {
    if (alarm.metricName() == null || alarm.namespace() == null || alarm.comparisonOperator() == null) {
      return false;
    }
    boolean elb = (alarm.namespace().equals("AWS/ApplicationELB") || alarm.namespace().equals("AWS/NetworkELB"))
        && (alarm.metricName().equals("HealthyHostCount") || alarm.metricName().equals("UnHealthyHostCount"))
        && dimension(alarm, "TargetGroup") != null;
    boolean ec2 = alarm.namespace().equals("AWS/EC2") && alarm.metricName().startsWith("StatusCheckFailed")
        && dimension(alarm, "InstanceId") != null;
    return elb || ec2;
  }

  private static boolean emitted(MetricAlarm alarm) {
    return EMITTED.equals(alarm.namespace()) && alarm.metricName() != null && alarm.comparisonOperator() != null
        && alarm.statistic() != null;
  }

  /**
   * The alarm's statistic of the datapoints emitted from {@code start} for one scaled period (up to
   * {@code now}), as moto holds them; empty when there is none.
   */
  private OptionalDouble emittedValue(MetricAlarm alarm, Instant start, long periodMillis, Instant now) {
    Instant end = start.plusMillis(periodMillis);
    Instant until = end.isAfter(now) ? now.plusSeconds(1) : end;
    if (!until.isAfter(start.plusSeconds(1))) {
      until = start.plusSeconds(1);
    }
    Instant to = until;
    var statistic = alarm.statistic();
    var datapoints = aws.cloudwatch.getMetricStatistics(b -> b.namespace(alarm.namespace()).metricName(alarm.metricName())
        .dimensions(alarm.dimensions()).startTime(start).endTime(to).period(86_400).statistics(statistic)).datapoints();
    // one bucket: the period (a day) covers the whole window
    return datapoints.stream().mapToDouble(d -> switch (statistic) {
      case MAXIMUM -> d.maximum();
      case MINIMUM -> d.minimum();
      case SUM -> d.sum();
      case AVERAGE -> d.average();
      case SAMPLE_COUNT -> d.sampleCount();
      default -> throw new IllegalArgumentException("statistic " + statistic);
    }).findFirst();
  }

  private static String dimension(MetricAlarm alarm, String name) {
    return alarm.dimensions().stream().filter(d -> d.name().equals(name)).map(Dimension::value).findFirst().orElse(null);
  }

  /** The alarm's metric now, or empty when AWS would publish no datapoint. */
  private OptionalDouble sample(MetricAlarm alarm, Map<String, Instance> ec2, Map<String, Map<String, String>> health,
      List<TargetGroup> groups) {
    if (alarm.namespace().equals("AWS/EC2")) {
      String id = dimension(alarm, "InstanceId");
      Instance instance = ec2.get(id);
      return instance == null ? OptionalDouble.empty() : twin.statusCheckFailed(id, instance.state().nameAsString());
    }
    if (groups.isEmpty()) {
      aws.elb.describeTargetGroupsPaginator(b -> b.pageSize(400)).targetGroups().forEach(groups::add);
    }
    String dimension = dimension(alarm, "TargetGroup");
    TargetGroup group = groups.stream().filter(g -> g.targetGroupArn().endsWith(":" + dimension)).findFirst().orElse(null);
    if (group == null) {
      return OptionalDouble.empty();
    }
    Map<String, String> states = health.computeIfAbsent(group.targetGroupArn(), twin::targetStates);
    String az = dimension(alarm, "AvailabilityZone");
    Map<String, String> inScope = states.entrySet().stream()
        .filter(e -> az == null || (ec2.get(e.getKey()) != null && az.equals(ec2.get(e.getKey()).placement().availabilityZone())))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    if (az != null && inScope.isEmpty()) {
      return OptionalDouble.empty();
    }
    String counted = alarm.metricName().equals("HealthyHostCount") ? "healthy" : "unhealthy";
    return OptionalDouble.of(inScope.values().stream().filter(counted::equals).count());
  }

  private void evaluate(MetricAlarm alarm, Track track, long current, long periodMillis) {
    int periods = alarm.evaluationPeriods() == null ? 1 : alarm.evaluationPeriods();
    if (current - 1 < track.firstPeriod) {
      return; // not one whole period sampled yet
    }
    int toAlarm = alarm.datapointsToAlarm() == null ? periods : alarm.datapointsToAlarm();
    String missing = alarm.treatMissingData() == null ? "missing" : alarm.treatMissingData();
    List<Double> values = new ArrayList<>();
    for (long i = current - periods; i < current; i++) {
      List<Double> samples = i < track.firstPeriod ? null : track.samples.get(i);
      values.add(samples == null || samples.isEmpty() ? null : statistic(alarm.statisticAsString(), samples));
    }
    int breaching = breaching(values, alarm.comparisonOperatorAsString(), alarm.threshold(), missing);
    String state = state(values, alarm.comparisonOperatorAsString(), alarm.threshold(), toAlarm, missing);
    if (state == null) {
      return;
    }
    String before = alarm.stateValueAsString();
    if (state.equals(before)) {
      return;
    }
    Instant now = Instant.now();
    String reason = reason(alarm, values, current, periodMillis, breaching, toAlarm, before, state);
    ObjectNode reasonData = Json.MAPPER.createObjectNode().put("version", "1.0").put("queryDate", STATE_TIME.format(now))
        .put("statistic", alarm.statisticAsString()).put("period", alarm.period()).put("threshold", alarm.threshold());
    ArrayNode recent = reasonData.putArray("recentDatapoints");
    values.stream().filter(v -> v != null).forEach(recent::add);
    aws.cloudwatch.setAlarmState(b -> b.alarmName(alarm.alarmName()).stateValue(state).stateReason(reason)
        .stateReasonData(reasonData.toString()));
    transitions.add(new Transition(now, alarm.alarmName(), before, state, reason));
    bus.put(event(alarm, before, state, reason, reasonData.toString(), now));
  }

  /**
   * The state CloudWatch gives an alarm whose evaluated periods had {@code values} (null: no
   * datapoint): ALARM when at least {@code toAlarm} breach, a missing one counting as TreatMissingData
   * ({@code missing}) says; INSUFFICIENT_DATA when all are missing and missing data is missing; null
   * (the state stays) when all are missing and missing data is ignored; otherwise OK.
   */
  static String state(List<Double> values, String operator, double threshold, int toAlarm, String missing) {
    boolean none = values.stream().allMatch(v -> v == null);
    if (breaching(values, operator, threshold, missing) >= toAlarm) {
      return "ALARM";
    }
    if (none && missing.equals("missing")) {
      return "INSUFFICIENT_DATA";
    }
    return none && missing.equals("ignore") ? null : "OK";
  }

  private static int breaching(List<Double> values, String operator, double threshold, String missing) {
    int breaching = 0;
    for (Double v : values) {
      if (v == null ? missing.equals("breaching") : breaches(operator, threshold, v)) {
        breaching++;
      }
    }
    return breaching;
  }

  private static boolean breaches(String operator, double threshold, double value) {
    return switch (operator) {
      case "GreaterThanThreshold" -> value > threshold;
      case "GreaterThanOrEqualToThreshold" -> value >= threshold;
      case "LessThanThreshold" -> value < threshold;
      case "LessThanOrEqualToThreshold" -> value <= threshold;
      default -> false;
    };
  }

  static double statistic(String statistic, List<Double> samples) {
    return switch (statistic == null ? "Average" : statistic) {
      case "Maximum" -> samples.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
      case "Minimum" -> samples.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
      case "Sum" -> samples.stream().mapToDouble(Double::doubleValue).sum();
      case "SampleCount" -> samples.size();
      default -> samples.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    };
  }

  private String reason(MetricAlarm alarm, List<Double> values, long current, long periodMillis, int breaching, int toAlarm,
      String before, String state) {
    List<String> points = new ArrayList<>();
    for (int i = values.size() - 1; i >= 0; i--) {
      Double v = values.get(i);
      if (v != null) {
        Instant start = epoch.plusMillis((current - values.size() + i) * periodMillis);
        points.add(v + " (" + REASON_TIME.format(start) + ")");
      }
    }
    String verb = switch (alarm.comparisonOperatorAsString()) {
      case "GreaterThanThreshold" -> "greater than";
      case "GreaterThanOrEqualToThreshold" -> "greater than or equal to";
      case "LessThanThreshold" -> "less than";
      default -> "less than or equal to";
    };
    if (state.equals("ALARM")) {
      return "Threshold Crossed: " + breaching + " out of the last " + values.size() + " datapoints " + points + " was "
          + verb + " the threshold (" + alarm.threshold() + ") (minimum " + toAlarm + " datapoint" + (toAlarm == 1 ? "" : "s")
          + " for " + before + " -> ALARM transition).";
    }
    if (state.equals("INSUFFICIENT_DATA")) {
      return "Insufficient Data: " + values.size() + " datapoints were unknown.";
    }
    return "Threshold Crossed: " + (values.size() - breaching) + " out of the last " + values.size() + " datapoints " + points
        + " was not " + verb + " the threshold (" + alarm.threshold() + ") (minimum 1 datapoint for " + before
        + " -> OK transition).";
  }

  /**
   * The event CloudWatch sends when alarm {@code alarmName}, on one metric, goes from {@code before}
   * to {@code state}: what the game day, the benchmark and the tests put on the bus themselves.
   */
  public static ObjectNode stateChange(String alarmName, String namespace, String metric, Map<String, String> dimensions,
      String before, String state) {
    MetricAlarm alarm = MetricAlarm.builder().alarmName(alarmName).namespace(namespace).metricName(metric).period(60)
        .statistic("Maximum").dimensions(dimensions.entrySet().stream()
            .map(d -> software.amazon.awssdk.services.cloudwatch.model.Dimension.builder().name(d.getKey()).value(d.getValue())
                .build()).toList()).build();
    return event(alarm, before, state, "Threshold Crossed", "{}", Instant.now());
  }

  /** The event CloudWatch sends to EventBridge when a single-metric alarm changes state. */
  private static ObjectNode event(MetricAlarm alarm, String before, String state, String reason, String reasonData, Instant now) {
    ObjectNode event = EventBus.envelope("CloudWatch Alarm State Change", "aws.cloudwatch", alarm.alarmArn() != null
        ? alarm.alarmArn() : "arn:aws:cloudwatch:" + LocalCloud.REGION + ":" + CloudTemplate.ACCOUNT + ":alarm:" + alarm.alarmName());
    ObjectNode detail = event.putObject("detail");
    detail.put("alarmName", alarm.alarmName());
    detail.putObject("state").put("value", state).put("reason", reason).put("reasonData", reasonData)
        .put("timestamp", STATE_TIME.format(now));
    detail.putObject("previousState").put("value", before)
        .put("reason", alarm.stateReason() == null ? "Unchecked: Initial alarm creation" : alarm.stateReason())
        .put("timestamp", STATE_TIME.format(alarm.stateUpdatedTimestamp() == null ? now : alarm.stateUpdatedTimestamp()));
    ObjectNode configuration = detail.putObject("configuration");
    if (alarm.alarmDescription() != null) {
      configuration.put("description", alarm.alarmDescription());
    }
    ObjectNode metric = configuration.putArray("metrics").addObject().put("id", UUID.nameUUIDFromBytes(alarm.alarmName()
        .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
    ObjectNode stat = metric.putObject("metricStat");
    ObjectNode m = stat.putObject("metric");
    ObjectNode dimensions = m.putObject("dimensions");
    alarm.dimensions().forEach(d -> dimensions.put(d.name(), d.value()));
    m.put("name", alarm.metricName()).put("namespace", alarm.namespace());
    stat.put("period", alarm.period()).put("stat", alarm.statisticAsString());
    metric.put("returnData", true);
    return event;
  }

  @Override
  public synchronized void close() {
    if (thread != null) {
      thread.interrupt();
      thread = null;
    }
  }
}
