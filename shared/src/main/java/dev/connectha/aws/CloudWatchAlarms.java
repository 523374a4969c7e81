package dev.connectha.aws;

import dev.connectha.ports.Alarms;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.inject.Inject;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.Tag;

/** CloudWatch alarms: metric and composite alike (DescribeAlarms lists only metric alarms unless asked). */
public final class CloudWatchAlarms implements Alarms {
  /** DescribeAlarms, DisableAlarmActions, EnableAlarmActions and DeleteAlarms take at most 100 names per call. */
  private static final int NAMES_PER_CALL = 100;

  private final CloudWatchClient cloudWatch;

  @Inject
  public CloudWatchAlarms(CloudWatchClient cloudWatch) {
    this.cloudWatch = cloudWatch;
  }

  @Override
  public List<Alarm> all() {
    return AwsCalls.call("describe alarms", () -> describe(DescribeAlarmsRequest.builder()
        .alarmTypes(AlarmType.METRIC_ALARM, AlarmType.COMPOSITE_ALARM).build()));
  }

  @Override
  public List<Alarm> named(Collection<String> names) {
    List<Alarm> alarms = new ArrayList<>();
    for (List<String> chunk : AutoScalingGroups.chunks(List.copyOf(names), NAMES_PER_CALL)) {
      alarms.addAll(AwsCalls.call("describe alarms " + chunk, () -> describe(DescribeAlarmsRequest.builder()
          .alarmNames(chunk).alarmTypes(AlarmType.METRIC_ALARM, AlarmType.COMPOSITE_ALARM).build())));
    }
    return alarms.stream().sorted(Comparator.comparing(Alarm::name)).toList();
  }

  private List<Alarm> describe(DescribeAlarmsRequest request) {
    List<Alarm> alarms = new ArrayList<>();
    for (DescribeAlarmsResponse page : cloudWatch.describeAlarmsPaginator(request)) {
      page.metricAlarms().forEach(a -> alarms.add(new Alarm(a.alarmName(), a.alarmArn(), Boolean.TRUE.equals(a.actionsEnabled()))));
      page.compositeAlarms().forEach(a -> alarms.add(new Alarm(a.alarmName(), a.alarmArn(),
          Boolean.TRUE.equals(a.actionsEnabled()))));
    }
    alarms.sort(Comparator.comparing(Alarm::name));
    return alarms;
  }

  @Override
  public Map<String, String> tags(String alarmArn) {
    return AwsCalls.call("list the tags of " + alarmArn, () -> cloudWatch.listTagsForResource(r -> r.resourceARN(alarmArn))
        .tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value(), (a, b) -> b)));
  }

  @Override
  public void disableActions(Collection<String> names) {
    for (List<String> chunk : AutoScalingGroups.chunks(List.copyOf(names), NAMES_PER_CALL)) {
      AwsCalls.call("disable the actions of " + chunk, () -> cloudWatch.disableAlarmActions(r -> r.alarmNames(chunk)));
    }
  }

  @Override
  public void enableActions(Collection<String> names) {
    for (List<String> chunk : AutoScalingGroups.chunks(List.copyOf(names), NAMES_PER_CALL)) {
      AwsCalls.call("enable the actions of " + chunk, () -> cloudWatch.enableAlarmActions(r -> r.alarmNames(chunk)));
    }
  }

  @Override
  public List<Spec> withPrefix(String prefix) {
    return AwsCalls.call("describe the alarms named " + prefix + "*", () -> {
      List<Spec> specs = new ArrayList<>();
      for (DescribeAlarmsResponse page : cloudWatch.describeAlarmsPaginator(DescribeAlarmsRequest.builder()
          .alarmNamePrefix(prefix).alarmTypes(AlarmType.METRIC_ALARM).build())) {
        page.metricAlarms().stream().filter(a -> a.alarmName().startsWith(prefix)).map(CloudWatchAlarms::spec).forEach(specs::add);
      }
      specs.sort(Comparator.comparing(Spec::name));
      return specs;
    });
  }

  private static Spec spec(MetricAlarm alarm) {
    Map<String, String> dimensions = new LinkedHashMap<>();
    alarm.dimensions().forEach(d -> dimensions.put(d.name(), d.value()));
    return new Spec(alarm.alarmName(), alarm.alarmDescription(), alarm.namespace(), alarm.metricName(), dimensions,
        alarm.statisticAsString(), alarm.period() == null ? 0 : alarm.period(),
        alarm.evaluationPeriods() == null ? 0 : alarm.evaluationPeriods(), alarm.threshold() == null ? 0 : alarm.threshold(),
        alarm.comparisonOperatorAsString(), alarm.treatMissingData());
  }

  @Override
  public void put(Spec spec, Map<String, String> tags) {
    AwsCalls.call("put alarm " + spec.name(), () -> cloudWatch.putMetricAlarm(r -> r.alarmName(spec.name())
        .alarmDescription(spec.description()).namespace(spec.namespace()).metricName(spec.metricName())
        .dimensions(spec.dimensions().entrySet().stream().map(d -> Dimension.builder().name(d.getKey()).value(d.getValue()).build()).toList())
        .statistic(spec.statistic()).period(spec.periodSeconds()).evaluationPeriods(spec.evaluationPeriods())
        .threshold(spec.threshold()).comparisonOperator(spec.comparison()).treatMissingData(spec.treatMissingData())
        .tags(tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList())));
  }

  @Override
  public void delete(Collection<String> names) {
    for (List<String> chunk : AutoScalingGroups.chunks(List.copyOf(names), NAMES_PER_CALL)) {
      AwsCalls.call("delete alarms " + chunk, () -> cloudWatch.deleteAlarms(r -> r.alarmNames(chunk)));
    }
  }
}
