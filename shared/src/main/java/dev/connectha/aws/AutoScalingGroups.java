package dev.connectha.aws;

import dev.connectha.ports.ScalingGroups;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.inject.Inject;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingInstanceDetails;
import software.amazon.awssdk.services.autoscaling.model.SuspendedProcess;

/** Amazon EC2 Auto Scaling: groups by instance, and suspending and resuming their processes. */
public final class AutoScalingGroups implements ScalingGroups {
  /** DescribeAutoScalingInstances takes at most 50 instance ids per call. */
  private static final int INSTANCES_PER_CALL = 50;
  /** DescribeAutoScalingGroups takes at most 100 names per call. */
  private static final int GROUPS_PER_CALL = 100;

  private final AutoScalingClient autoScaling;

  @Inject
  public AutoScalingGroups(AutoScalingClient autoScaling) {
    this.autoScaling = autoScaling;
  }

  @Override
  public List<String> groupsOf(Collection<String> instanceIds) {
    Set<String> groups = new TreeSet<>();
    for (List<String> chunk : chunks(List.copyOf(instanceIds), INSTANCES_PER_CALL)) {
      AwsCalls.call("find the Auto Scaling groups of " + chunk, () -> autoScaling
          .describeAutoScalingInstancesPaginator(r -> r.instanceIds(chunk)).autoScalingInstances().stream()
          .map(AutoScalingInstanceDetails::autoScalingGroupName)
          .collect(Collectors.toCollection(() -> groups)));
    }
    return List.copyOf(groups);
  }

  @Override
  public Map<String, Set<String>> suspendedProcesses(Collection<String> groupNames) {
    Map<String, Set<String>> suspended = new LinkedHashMap<>();
    for (List<String> chunk : chunks(List.copyOf(groupNames), GROUPS_PER_CALL)) {
      AwsCalls.call("describe Auto Scaling groups " + chunk, () -> {
        for (AutoScalingGroup group : autoScaling.describeAutoScalingGroupsPaginator(r -> r.autoScalingGroupNames(chunk))
            .autoScalingGroups()) {
          suspended.put(group.autoScalingGroupName(), group.suspendedProcesses().stream()
              .map(SuspendedProcess::processName).collect(Collectors.toCollection(TreeSet::new)));
        }
        return null;
      });
    }
    return suspended;
  }

  @Override
  public void suspend(String groupName, Collection<String> processes) {
    AwsCalls.call("suspend " + processes + " in " + groupName, () -> autoScaling.suspendProcesses(r -> r
        .autoScalingGroupName(groupName).scalingProcesses(processes)));
  }

  @Override
  public void resume(String groupName, Collection<String> processes) {
    AwsCalls.call("resume " + processes + " in " + groupName, () -> autoScaling.resumeProcesses(r -> r
        .autoScalingGroupName(groupName).scalingProcesses(processes)));
  }

  static <T> List<List<T>> chunks(List<T> items, int size) {
    List<List<T>> chunks = new ArrayList<>();
    for (int i = 0; i < items.size(); i += size) {
      chunks.add(items.subList(i, Math.min(items.size(), i + size)));
    }
    return chunks;
  }
}
