package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CloudWatch's evaluation as the alarm evaluator does it: M of N periods, the comparison, missing data, the statistic. */
class AlarmEvaluatorTest {
  private static List<Double> periods(Double... values) {
    return Arrays.asList(values);
  }

  @Test
  void everyEvaluatedPeriodBreachingIsAlarm() {
    assertEquals("ALARM", AlarmEvaluator.state(periods(1.0, 2.0), "GreaterThanThreshold", 0, 2, "notBreaching"));
  }

  @Test
  void oneBreachingPeriodOfTwoIsNotEnoughWhenTwoAreNeeded() {
    assertEquals("OK", AlarmEvaluator.state(periods(0.0, 1.0), "GreaterThanThreshold", 0, 2, "notBreaching"));
    assertEquals("ALARM", AlarmEvaluator.state(periods(0.0, 1.0), "GreaterThanThreshold", 0, 1, "notBreaching"));
  }

  @Test
  void theComparisonOperatorDecidesWhatBreaches() {
    assertEquals("ALARM", AlarmEvaluator.state(periods(0.0, 0.0), "LessThanThreshold", 1, 2, "notBreaching"));
    assertEquals("OK", AlarmEvaluator.state(periods(1.0, 1.0), "LessThanThreshold", 1, 2, "notBreaching"));
    assertEquals("ALARM", AlarmEvaluator.state(periods(1.0, 1.0), "GreaterThanOrEqualToThreshold", 1, 2, "notBreaching"));
    assertEquals("ALARM", AlarmEvaluator.state(periods(1.0, 1.0), "LessThanOrEqualToThreshold", 1, 2, "notBreaching"));
  }

  @Test
  void missingDataCountsAsTreatMissingDataSays() {
    assertEquals("OK", AlarmEvaluator.state(periods(null, null), "GreaterThanThreshold", 0, 2, "notBreaching"));
    assertEquals("ALARM", AlarmEvaluator.state(periods(null, 1.0), "GreaterThanThreshold", 0, 2, "breaching"));
    assertEquals("INSUFFICIENT_DATA", AlarmEvaluator.state(periods(null, null), "GreaterThanThreshold", 0, 2, "missing"));
    assertNull(AlarmEvaluator.state(periods(null, null), "GreaterThanThreshold", 0, 2, "ignore"));
  }

  @Test
  void aPeriodTakesTheAlarmsStatisticOfItsSamples() {
    List<Double> samples = List.of(0.0, 2.0, 1.0);
    assertEquals(2.0, AlarmEvaluator.statistic("Maximum", samples));
    assertEquals(0.0, AlarmEvaluator.statistic("Minimum", samples));
    assertEquals(1.0, AlarmEvaluator.statistic("Average", samples));
    assertEquals(3.0, AlarmEvaluator.statistic("Sum", samples));
    assertEquals(3.0, AlarmEvaluator.statistic("SampleCount", samples));
  }
}
