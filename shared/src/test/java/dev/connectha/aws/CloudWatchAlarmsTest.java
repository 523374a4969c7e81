package dev.connectha.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.ports.Alarms.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.DeleteAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DeleteAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmResponse;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/** What CloudWatchAlarms asks of CloudWatch for the remediation alarms: the prefix and its pages, the alarm's shape, batches. */
class CloudWatchAlarmsTest {
  private static final Spec SPEC = new Spec("connect-ha-demo-remediation-az-us-east-1a-unhealthy", "a node fails",
      "AWS/ApplicationELB", "UnHealthyHostCount", Map.of("TargetGroup", "targetgroup/demo/0123", "LoadBalancer", "app/demo/4567",
      "AvailabilityZone", "us-east-1a"), "Maximum", 60, 2, 0, "GreaterThanThreshold", "notBreaching");

  /** Answers DescribeAlarms in two pages and records every request. */
  private static final class RecordingCloudWatch implements CloudWatchClient {
    final List<DescribeAlarmsRequest> described = new ArrayList<>();
    final List<PutMetricAlarmRequest> put = new ArrayList<>();
    final List<DeleteAlarmsRequest> deleted = new ArrayList<>();

    @Override
    public DescribeAlarmsResponse describeAlarms(DescribeAlarmsRequest request) {
      described.add(request);
      MetricAlarm alarm = MetricAlarm.builder().alarmName(SPEC.name()).alarmDescription(SPEC.description())
          .namespace(SPEC.namespace()).metricName(SPEC.metricName())
          .dimensions(d -> d.name("AvailabilityZone").value("us-east-1a"), d -> d.name("LoadBalancer").value("app/demo/4567"),
              d -> d.name("TargetGroup").value("targetgroup/demo/0123"))
          .statistic(Statistic.MAXIMUM).period(60).evaluationPeriods(2).threshold(0.0)
          .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).treatMissingData("notBreaching").build();
      if (request.nextToken() == null) {
        return DescribeAlarmsResponse.builder().metricAlarms(alarm).nextToken("page-2").build();
      }
      return DescribeAlarmsResponse.builder().metricAlarms(alarm.toBuilder().alarmName(SPEC.name().replace("1a", "1b")).build())
          .build();
    }

    @Override
    public PutMetricAlarmResponse putMetricAlarm(PutMetricAlarmRequest request) {
      put.add(request);
      return PutMetricAlarmResponse.builder().build();
    }

    @Override
    public DeleteAlarmsResponse deleteAlarms(DeleteAlarmsRequest request) {
      deleted.add(request);
      return DeleteAlarmsResponse.builder().build();
    }

    @Override
    public String serviceName() {
      return "monitoring";
    }

    @Override
    public void close() {}
  }

  private final RecordingCloudWatch cloudWatch = new RecordingCloudWatch();
  private final CloudWatchAlarms alarms = new CloudWatchAlarms(cloudWatch);

  @Test
  void readsEveryPageOfTheMetricAlarmsUnderThePrefixAsSpecsEqualToWhatWasPut() {
    List<Spec> specs = alarms.withPrefix("connect-ha-demo-remediation-");

    assertEquals(2, cloudWatch.described.size());
    assertEquals("connect-ha-demo-remediation-", cloudWatch.described.get(0).alarmNamePrefix());
    assertEquals(List.of(AlarmType.METRIC_ALARM), cloudWatch.described.get(0).alarmTypes());
    assertEquals("page-2", cloudWatch.described.get(1).nextToken());
    assertEquals(List.of(SPEC.name(), SPEC.name().replace("1a", "1b")), specs.stream().map(Spec::name).toList());
    assertEquals(SPEC, specs.get(0));
  }

  @Test
  void putsTheAlarmWithItsTagsDimensionsAndMissingDataAndNoActions() {
    alarms.put(SPEC, Map.of("connect-ha:cluster", "demo", "connect-ha:purpose", "remediation"));

    PutMetricAlarmRequest request = cloudWatch.put.get(0);
    assertEquals(SPEC.name(), request.alarmName());
    assertEquals("AWS/ApplicationELB", request.namespace());
    assertEquals("UnHealthyHostCount", request.metricName());
    assertEquals(List.of("AvailabilityZone=us-east-1a", "LoadBalancer=app/demo/4567", "TargetGroup=targetgroup/demo/0123"),
        request.dimensions().stream().map(d -> d.name() + "=" + d.value()).toList());
    assertEquals(Statistic.MAXIMUM, request.statistic());
    assertEquals(60, request.period());
    assertEquals(2, request.evaluationPeriods());
    assertEquals(0.0, request.threshold());
    assertEquals(ComparisonOperator.GREATER_THAN_THRESHOLD, request.comparisonOperator());
    assertEquals("notBreaching", request.treatMissingData());
    assertEquals(Map.of("connect-ha:cluster", "demo", "connect-ha:purpose", "remediation"),
        request.tags().stream().collect(java.util.stream.Collectors.toMap(t -> t.key(), t -> t.value())));
    assertFalse(request.hasAlarmActions() && !request.alarmActions().isEmpty(), request.toString());
    assertFalse(request.hasOkActions() && !request.okActions().isEmpty(), request.toString());
  }

  @Test
  void deletesInBatchesOfAHundredNames() {
    List<String> names = IntStream.range(0, 250).mapToObj(i -> "connect-ha-demo-remediation-node-i-" + i + "-status").toList();

    alarms.delete(names);

    assertEquals(List.of(100, 100, 50), cloudWatch.deleted.stream().map(r -> r.alarmNames().size()).toList());
    assertTrue(cloudWatch.deleted.stream().flatMap(r -> r.alarmNames().stream()).toList().equals(names));
  }
}
