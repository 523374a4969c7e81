package dev.connectha.aws;

import dev.connectha.ports.Alarms;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.inject.Inject;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;

/** CloudWatch alarms: metric and composite alike (DescribeAlarms lists only metric alarms unless asked). */
public final class CloudWatchAlarms implements Alarms {
  /** DescribeAlarms, DisableAlarmActions and EnableAlarmActions take at most 100 names per call. */
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
}
