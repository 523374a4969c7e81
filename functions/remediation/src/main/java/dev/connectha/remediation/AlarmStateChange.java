package dev.connectha.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.errors.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The detail of a {@code CloudWatch Alarm State Change} event: the alarm, its new state and its
 * metric (name and dimensions; null for an alarm without one, e.g. a composite alarm).
 */
record AlarmStateChange(String alarmName, String state, String metricName, Map<String, String> dimensions) {
  static final String DETAIL_TYPE = "CloudWatch Alarm State Change";

  /** The detail's fields as CloudWatch documents them (metric alarms; a composite alarm has no metrics). */
  record Shape(String alarmName, State state, State previousState, Configuration configuration) {
    record State(String value, String reason, String reasonData, String timestamp) {}

    record Configuration(String description, List<Metric> metrics) {}

    record Metric(String id, MetricStat metricStat, String expression, String label, Boolean returnData) {}

    record MetricStat(MetricName metric, Integer period, String stat, String unit) {}

    record MetricName(String namespace, String name, Map<String, String> dimensions) {}
  }

  static AlarmStateChange of(JsonNode detail) {
    IntakeEvent.shaped(detail, Shape.class, "the alarm state change");
    String alarmName = IntakeEvent.text(detail, "alarmName", true);
    JsonNode state = detail.get("state");
    if (state == null || !state.isObject()) {
      throw new InvalidInputException("an alarm state change has a state object");
    }
    String value = IntakeEvent.text(state, "value", true);
    JsonNode metrics = detail.path("configuration").path("metrics");
    if (!metrics.isMissingNode() && !metrics.isArray()) {
      throw new InvalidInputException("an alarm's configuration.metrics is a list");
    }
    for (JsonNode metric : metrics) {
      JsonNode stat = metric.path("metricStat").path("metric");
      if (stat.isObject() && stat.has("name")) {
        return new AlarmStateChange(alarmName, value, IntakeEvent.text(stat, "name", true), dimensions(stat.get("dimensions")));
      }
    }
    return new AlarmStateChange(alarmName, value, null, Map.of());
  }

  private static Map<String, String> dimensions(JsonNode dimensions) {
    if (dimensions == null || dimensions.isNull()) {
      return Map.of();
    }
    if (!dimensions.isObject()) {
      throw new InvalidInputException("an alarm metric's dimensions are an object");
    }
    Map<String, String> found = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> d : dimensions.properties()) {
      found.put(d.getKey(), IntakeEvent.text(dimensions, d.getKey(), true));
    }
    return found;
  }
}
