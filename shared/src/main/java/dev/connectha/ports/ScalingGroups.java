package dev.connectha.ports;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Auto Scaling groups holding a cluster's nodes, and their suspended processes. */
public interface ScalingGroups {
  /** The names of the groups holding any of the instances, sorted; empty when none is in a group. */
  List<String> groupsOf(Collection<String> instanceIds);

  /** The suspended processes of each named group that exists; a group that does not exist is left out. */
  Map<String, Set<String>> suspendedProcesses(Collection<String> groupNames);

  void suspend(String groupName, Collection<String> processes);

  void resume(String groupName, Collection<String> processes);
}
