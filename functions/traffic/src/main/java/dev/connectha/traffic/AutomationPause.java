package dev.connectha.traffic;

import dev.connectha.ports.Alarms;
import dev.connectha.ports.Alarms.Alarm;
import dev.connectha.ports.ClusterRegistry;
import dev.connectha.ports.NodeDirectory;
import dev.connectha.ports.ScalingGroups;
import dev.connectha.errors.ClusterNotFoundException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pauses the automation that would fight a rolling upgrade, and restores exactly what it paused.
 *
 * <p>Suspend: in every Auto Scaling group holding a node of the cluster, the processes that would
 * replace or move the nodes an upgrade stops on purpose ({@link PausedAutomation#PROCESSES}), and
 * the actions of the cluster's remediation alarms (named {@code connect-ha-<cluster>-remediation*},
 * or tagged {@code connect-ha:cluster=<cluster>} and {@code connect-ha:purpose=remediation}). Only
 * what is not already suspended or disabled is changed, and only that is recorded: what an operator
 * suspended before stays suspended after the resume. Everything is read before anything changes; if
 * a change fails, the changes this call made are undone before the error is raised, so that a
 * retried suspend starts from the operator's state again and records the same.
 *
 * <p>Resume: undoes what a suspend's output lists, and nothing else. Its alarms must still be the
 * cluster's remediation alarms ({@code PreconditionFailedException} before any change otherwise);
 * groups and alarms that no longer exist are skipped and reported, and so are the cluster's nodes
 * that were not at suspension (they joined during the upgrade). Idempotent.
 */
public final class AutomationPause {
  private static final Logger LOG = LoggerFactory.getLogger(AutomationPause.class);
  public static final String CLUSTER_TAG = NodeDirectory.CLUSTER_TAG;
  public static final String PURPOSE_TAG = "connect-ha:purpose";
  public static final String REMEDIATION = "remediation";

  private final ClusterRegistry registry;
  private final NodeDirectory nodes;
  private final ScalingGroups scaling;
  private final Alarms alarms;

  @Inject
  public AutomationPause(ClusterRegistry registry, NodeDirectory nodes, ScalingGroups scaling, Alarms alarms) {
    this.registry = registry;
    this.nodes = nodes;
    this.scaling = scaling;
    this.alarms = alarms;
  }

  public AutomationReport apply(PauseAutomationInput input) {
    return input.suspend() ? suspend(input.cluster()) : resume(input.cluster(), input.paused());
  }

  /** The name every remediation alarm of {@code cluster} starts with. */
  public static String alarmPrefix(String cluster) {
    return "connect-ha-" + cluster + "-remediation";
  }

  PausedAutomation suspend(String name) {
    ClusterDocument cluster = registry.load(name);
    List<String> instanceIds = nodes.nodesOf(cluster.name()).stream().map(Node::instanceId).toList();
    List<String> groupNames = instanceIds.isEmpty() ? List.of() : scaling.groupsOf(instanceIds);
    Map<String, Set<String>> suspended = groupNames.isEmpty() ? Map.of() : scaling.suspendedProcesses(groupNames);
    List<PausedAutomation.Group> plan = new ArrayList<>();
    for (String group : groupNames) {
      Set<String> already = suspended.get(group);
      if (already != null) {
        plan.add(new PausedAutomation.Group(group,
            PausedAutomation.PROCESSES.stream().filter(p -> !already.contains(p)).toList()));
      }
    }
    List<String> toDisable = alarms.all().stream()
        .filter(Alarm::actionsEnabled)
        .filter(a -> remediationAlarmOf(cluster.name(), a))
        .map(Alarm::name).toList();

    // Every change below restores an operator's state when undone (each process was running, each
    // alarm's actions enabled), so a change that was attempted, even one that failed, is undone.
    List<PausedAutomation.Group> attempted = new ArrayList<>();
    boolean alarmsAttempted = false;
    try {
      for (PausedAutomation.Group group : plan) {
        if (!group.suspendedProcesses().isEmpty()) {
          attempted.add(group);
          scaling.suspend(group.name(), group.suspendedProcesses());
        }
      }
      if (!toDisable.isEmpty()) {
        alarmsAttempted = true;
        alarms.disableActions(toDisable);
      }
    } catch (RuntimeException e) {
      undo(cluster.name(), attempted, alarmsAttempted ? toDisable : List.of(), e);
      throw e;
    }
    return new PausedAutomation(cluster.name(), plan, toDisable, instanceIds);
  }

  /** Best effort: what cannot be undone is logged and added to {@code failure} as suppressed. */
  private void undo(String cluster, List<PausedAutomation.Group> groups, List<String> alarmNames, RuntimeException failure) {
    for (PausedAutomation.Group group : groups) {
      try {
        scaling.resume(group.name(), group.suspendedProcesses());
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
        LOG.error("suspend of {} failed, and resuming {} in {} failed too: resume them by hand", cluster,
            group.suspendedProcesses(), group.name());
      }
    }
    if (!alarmNames.isEmpty()) {
      try {
        alarms.enableActions(alarmNames);
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
        LOG.error("suspend of {} failed, and enabling the actions of {} failed too: enable them by hand", cluster, alarmNames);
      }
    }
  }

  ResumedAutomation resume(String name, PausedAutomation paused) {
    ClusterDocument cluster = registry.load(name);
    List<String> groupNames = paused.groups().stream().map(PausedAutomation.Group::name).toList();
    Map<String, Set<String>> suspended = groupNames.isEmpty() ? Map.of() : scaling.suspendedProcesses(groupNames);
    List<Alarm> existing = paused.alarmsDisabled().isEmpty() ? List.of() : alarms.named(paused.alarmsDisabled());
    List<String> foreign = existing.stream().filter(a -> !remediationAlarmOf(cluster.name(), a)).map(Alarm::name).toList();
    if (!foreign.isEmpty()) {
      throw new PreconditionFailedException("nothing resumed: " + String.join(", ", foreign) + " "
          + (foreign.size() == 1 ? "is not a remediation alarm" : "are not remediation alarms") + " of cluster "
          + cluster.name() + " (named " + alarmPrefix(cluster.name()) + "*, or tagged " + CLUSTER_TAG + "="
          + cluster.name() + " and " + PURPOSE_TAG + "=" + REMEDIATION + ")");
    }
    List<String> skipped = new ArrayList<>();
    List<ResumedAutomation.Group> plan = new ArrayList<>();
    for (PausedAutomation.Group group : paused.groups()) {
      Set<String> now = suspended.get(group.name());
      if (now == null) {
        skipped.add("Auto Scaling group " + group.name() + " no longer exists");
      } else {
        plan.add(new ResumedAutomation.Group(group.name(), group.suspendedProcesses().stream().filter(now::contains).toList()));
      }
    }
    List<String> existingNames = existing.stream().map(Alarm::name).toList();
    paused.alarmsDisabled().stream().filter(a -> !existingNames.contains(a))
        .forEach(a -> skipped.add("alarm " + a + " no longer exists"));
    List<String> toEnable = existing.stream().filter(a -> !a.actionsEnabled()).map(Alarm::name).toList();

    for (ResumedAutomation.Group group : plan) {
      if (!group.resumedProcesses().isEmpty()) {
        scaling.resume(group.name(), group.resumedProcesses());
      }
    }
    if (!toEnable.isEmpty()) {
      alarms.enableActions(toEnable);
    }
    List<String> joined = nodes.nodesOf(cluster.name()).stream().map(Node::instanceId)
        .filter(id -> !paused.instanceIds().contains(id)).toList();
    return new ResumedAutomation(cluster.name(), plan, toEnable, skipped, joined);
  }

  /** Named as the cluster's remediation alarms are, or tagged as one (the tags are read only when the name does not tell). */
  private boolean remediationAlarmOf(String cluster, Alarm alarm) {
    if (alarm.name().startsWith(alarmPrefix(cluster))) {
      return true;
    }
    Map<String, String> tags = alarms.tags(alarm.arn());
    return cluster.equals(tags.get(CLUSTER_TAG)) && REMEDIATION.equals(tags.get(PURPOSE_TAG));
  }

  /** SnapStart priming: one harmless read (a cluster that cannot exist) through the SDK. */
  void prime() {
    try {
      registry.load("connect-ha-snapstart-priming");
    } catch (ClusterNotFoundException expected) {
      // the point was to load the client, not to find a cluster
    }
  }
}
