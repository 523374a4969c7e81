package dev.connectha.fakes;

import dev.connectha.errors.AwsThrottledException;
import dev.connectha.ports.Alarms;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alarms by name with their actions switch and tags, and the metric alarms' definitions; disabling
 * can be made to fail. A put alarm is a metric alarm with its actions enabled; tags are set only when
 * it is created, as in CloudWatch.
 */
public final class FakeAlarms implements Alarms {
  public final Map<String, Boolean> actionsEnabled = new LinkedHashMap<>();
  /** The metric alarms' definitions by name. */
  public final Map<String, Spec> specs = new LinkedHashMap<>();
  public final Map<String, Map<String, String>> tags = new HashMap<>();
  public boolean failDisable;
  private final List<String> calls;

  public FakeAlarms(List<String> calls) {
    this.calls = calls;
  }

  public void alarm(String name, boolean enabled, Map<String, String> alarmTags) {
    actionsEnabled.put(name, enabled);
    tags.put(arn(name), alarmTags);
  }

  /** An existing metric alarm (as an operator or an earlier run left it). */
  public void metricAlarm(Spec spec, Map<String, String> alarmTags) {
    alarm(spec.name(), true, alarmTags);
    specs.put(spec.name(), spec);
  }

  public static String arn(String name) {
    return "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:" + name;
  }

  @Override
  public List<Alarm> all() {
    calls.add("read alarms");
    return actionsEnabled.entrySet().stream().map(e -> new Alarm(e.getKey(), arn(e.getKey()), e.getValue()))
        .sorted(Comparator.comparing(Alarm::name)).toList();
  }

  @Override
  public List<Alarm> named(Collection<String> names) {
    calls.add("read alarms " + names);
    return all().stream().filter(a -> names.contains(a.name())).toList();
  }

  @Override
  public Map<String, String> tags(String alarmArn) {
    calls.add("read tags " + alarmArn);
    return tags.getOrDefault(alarmArn, Map.of());
  }

  @Override
  public void disableActions(Collection<String> names) {
    calls.add("change disable " + names);
    if (failDisable) {
      throw new AwsThrottledException("disable the actions of " + names + ": Throttling (injected)");
    }
    names.forEach(n -> actionsEnabled.put(n, false));
  }

  @Override
  public void enableActions(Collection<String> names) {
    calls.add("change enable " + names);
    names.forEach(n -> actionsEnabled.put(n, true));
  }

  @Override
  public List<Spec> withPrefix(String prefix) {
    calls.add("read alarms " + prefix + "*");
    return specs.values().stream().filter(s -> s.name().startsWith(prefix)).sorted(Comparator.comparing(Spec::name)).toList();
  }

  @Override
  public void put(Spec spec, Map<String, String> alarmTags) {
    calls.add("change put " + spec.name());
    if (!actionsEnabled.containsKey(spec.name())) {
      tags.put(arn(spec.name()), Map.copyOf(alarmTags));
    }
    actionsEnabled.put(spec.name(), true);
    specs.put(spec.name(), spec);
  }

  @Override
  public void delete(Collection<String> names) {
    calls.add("change delete " + names);
    for (String name : names) {
      actionsEnabled.remove(name);
      specs.remove(name);
      tags.remove(arn(name));
    }
  }
}
