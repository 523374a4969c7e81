package dev.connectha.ports;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** CloudWatch alarms (metric and composite) and whether their actions are enabled. */
public interface Alarms {
  record Alarm(String name, String arn, boolean actionsEnabled) {}

  /** Every alarm of the account and region, sorted by name. */
  List<Alarm> all();

  /** The named alarms that exist, sorted by name. */
  List<Alarm> named(Collection<String> names);

  Map<String, String> tags(String alarmArn);

  void disableActions(Collection<String> names);

  void enableActions(Collection<String> names);
}
