package dev.connectha.ports;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** CloudWatch alarms (metric and composite) and whether their actions are enabled. */
public interface Alarms {
  record Alarm(String name, String arn, boolean actionsEnabled) {}

  /**
   * A metric alarm on one metric with a static threshold, as PutMetricAlarm takes it and
   * DescribeAlarms answers it: two equal specs are the same alarm. Fields an alarm does not set
   * (a metric-math alarm has no metric name) are null or 0.
   *
   * @param dimensions        name → value, sorted by name
   * @param comparison        CloudWatch's ComparisonOperator, e.g. {@code GreaterThanThreshold}
   * @param treatMissingData  {@code notBreaching}, {@code breaching}, {@code ignore} or {@code missing}
   */
  record Spec(String name, String description, String namespace, String metricName, Map<String, String> dimensions,
      String statistic, int periodSeconds, int evaluationPeriods, double threshold, String comparison,
      String treatMissingData) {
    public Spec {
      dimensions = Collections.unmodifiableSortedMap(new TreeMap<>(dimensions == null ? Map.of() : dimensions));
    }
  }

  /** Every alarm of the account and region, sorted by name. */
  List<Alarm> all();

  /** The named alarms that exist, sorted by name. */
  List<Alarm> named(Collection<String> names);

  Map<String, String> tags(String alarmArn);

  void disableActions(Collection<String> names);

  void enableActions(Collection<String> names);

  /** Every metric alarm whose name starts with {@code prefix}, sorted by name. */
  List<Spec> withPrefix(String prefix);

  /**
   * Creates the alarm, or replaces the one of that name, with no actions. {@code tags} are set when
   * the alarm is created (CloudWatch ignores them when it replaces one).
   */
  void put(Spec spec, Map<String, String> tags);

  /** Deletes the named alarms (a name that does not exist is no error). */
  void delete(Collection<String> names);
}
