package dev.connectha.fakes;

import dev.connectha.errors.AwsThrottledException;
import dev.connectha.ports.ScalingGroups;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Groups by name: their instances and suspended processes; a group can be made to fail its next suspend. */
public final class FakeScalingGroups implements ScalingGroups {
  public final Map<String, Set<String>> instances = new LinkedHashMap<>();
  public final Map<String, Set<String>> suspended = new LinkedHashMap<>();
  public String failNextSuspendOf;
  private final List<String> calls;

  public FakeScalingGroups(List<String> calls) {
    this.calls = calls;
  }

  public void group(String name, Set<String> instanceIds, String... suspendedProcesses) {
    instances.put(name, new TreeSet<>(instanceIds));
    suspended.put(name, new TreeSet<>(List.of(suspendedProcesses)));
  }

  @Override
  public List<String> groupsOf(Collection<String> instanceIds) {
    calls.add("read groups of " + instanceIds);
    return instances.entrySet().stream().filter(e -> e.getValue().stream().anyMatch(instanceIds::contains))
        .map(Map.Entry::getKey).sorted().toList();
  }

  @Override
  public Map<String, Set<String>> suspendedProcesses(Collection<String> groupNames) {
    calls.add("read suspended processes " + groupNames);
    Map<String, Set<String>> found = new LinkedHashMap<>();
    groupNames.stream().filter(suspended::containsKey).forEach(g -> found.put(g, new TreeSet<>(suspended.get(g))));
    return found;
  }

  @Override
  public void suspend(String groupName, Collection<String> processes) {
    calls.add("change suspend " + processes + " in " + groupName);
    if (groupName.equals(failNextSuspendOf)) {
      failNextSuspendOf = null;
      throw new AwsThrottledException("suspend " + processes + " in " + groupName + ": Throttling (injected)");
    }
    suspended.get(groupName).addAll(processes);
  }

  @Override
  public void resume(String groupName, Collection<String> processes) {
    calls.add("change resume " + processes + " in " + groupName);
    suspended.get(groupName).removeAll(processes);
  }
}
