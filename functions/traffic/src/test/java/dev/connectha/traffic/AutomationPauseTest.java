package dev.connectha.traffic;

import static dev.connectha.traffic.FakeCloud.CLUSTER;
import static dev.connectha.traffic.FakeCloud.NODE_A;
import static dev.connectha.traffic.FakeCloud.NODE_B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.AwsThrottledException;
import dev.connectha.errors.PreconditionFailedException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PauseAutomation over fakes of the registry, the node directory, Auto Scaling and CloudWatch. */
class AutomationPauseTest {
  static final String GROUP = "prod-connect";
  static final String NODE_DOWN = "connect-ha-prod-remediation-node-down";
  static final String AZ_DOWN = "connect-ha-prod-remediation-az-impaired";
  static final String TAGGED = "connect-down-pager";
  static final Map<String, String> REMEDIATION_TAGS = Map.of("connect-ha:cluster", CLUSTER, "connect-ha:purpose", "remediation");

  final FakeCloud cloud = new FakeCloud();
  final AutomationPause pause = cloud.automationPause();

  @BeforeEach
  void aGroupAndTheRemediationAlarms() {
    cloud.scaling.group(GROUP, Set.of(NODE_A, NODE_B));
    cloud.alarms.alarm(NODE_DOWN, true, Map.of());
    cloud.alarms.alarm(TAGGED, true, REMEDIATION_TAGS);
    cloud.alarms.alarm("connect-ha-staging-remediation-node-down", true, Map.of());
    cloud.alarms.alarm("staging-pager", true, Map.of("connect-ha:cluster", "staging", "connect-ha:purpose", "remediation"));
    cloud.alarms.alarm("prod-cost", true, Map.of("connect-ha:cluster", CLUSTER, "connect-ha:purpose", "cost"));
    cloud.alarms.alarm("connect-ha-prod-backup-age", true, Map.of());
  }

  static PauseAutomationInput suspend() {
    return new PauseAutomationInput(CLUSTER, "suspend", null, "exec-1");
  }

  static PauseAutomationInput resume(PausedAutomation paused) {
    return new PauseAutomationInput(CLUSTER, "resume", paused, "exec-1");
  }

  // ---- suspend --------------------------------------------------------------------------------

  @Test
  void suspendPausesTheProcessesThatReplaceOrLaunchNodesAndTheRemediationAlarmsOfThisClusterOnly() {
    PausedAutomation paused = (PausedAutomation) pause.apply(suspend());

    assertEquals(List.of(new PausedAutomation.Group(GROUP, List.of("HealthCheck", "ReplaceUnhealthy", "AZRebalance", "Launch"))),
        paused.groups());
    assertEquals(List.of(TAGGED, NODE_DOWN), paused.alarmsDisabled());
    assertEquals(Set.of("HealthCheck", "ReplaceUnhealthy", "AZRebalance", "Launch"), cloud.scaling.suspended.get(GROUP));
    assertEquals(List.of(NODE_A, NODE_B), paused.instanceIds(), "the cluster's nodes at suspension");
    assertFalse(cloud.alarms.actionsEnabled.get(NODE_DOWN));
    assertFalse(cloud.alarms.actionsEnabled.get(TAGGED));
    assertTrue(cloud.alarms.actionsEnabled.get("connect-ha-staging-remediation-node-down"));
    assertTrue(cloud.alarms.actionsEnabled.get("staging-pager"));
    assertTrue(cloud.alarms.actionsEnabled.get("prod-cost"));
    assertTrue(cloud.alarms.actionsEnabled.get("connect-ha-prod-backup-age"));
  }

  @Test
  void suspendRecordsOnlyWhatItChanged() {
    cloud.scaling.group(GROUP, Set.of(NODE_A, NODE_B), "AZRebalance", "Launch");
    cloud.alarms.alarm(AZ_DOWN, false, Map.of());

    PausedAutomation paused = (PausedAutomation) pause.apply(suspend());

    assertEquals(List.of("HealthCheck", "ReplaceUnhealthy"), paused.groups().get(0).suspendedProcesses());
    assertFalse(paused.alarmsDisabled().contains(AZ_DOWN), "an alarm already disabled is not recorded");
    assertTrue(cloud.changes().contains("change suspend [HealthCheck, ReplaceUnhealthy] in " + GROUP), cloud.changes().toString());
  }

  @Test
  void aSecondSuspendChangesAndRecordsNothing() {
    pause.apply(suspend());
    cloud.calls.clear();

    PausedAutomation again = (PausedAutomation) pause.apply(suspend());

    assertEquals(List.of(), cloud.changes());
    assertEquals(List.of(new PausedAutomation.Group(GROUP, List.of())), again.groups());
    assertEquals(List.of(), again.alarmsDisabled());
  }

  @Test
  void everyGroupHoldingANodeIsPausedAndGroupsWithoutNodesAreLeftAlone() {
    cloud.scaling.group(GROUP, Set.of(NODE_A));
    cloud.scaling.group("prod-connect-b", Set.of(NODE_B));
    cloud.scaling.group("someone-elses", Set.of("i-0eeeeeeeeeeeeeeee"));

    PausedAutomation paused = (PausedAutomation) pause.apply(suspend());

    assertEquals(List.of(GROUP, "prod-connect-b"), paused.groups().stream().map(PausedAutomation.Group::name).toList());
    assertEquals(Set.of(), cloud.scaling.suspended.get("someone-elses"));
  }

  @Test
  void nodesOutsideAnyGroupLeaveOnlyTheAlarmsToPause() {
    cloud.scaling.instances.clear();

    PausedAutomation paused = (PausedAutomation) pause.apply(suspend());

    assertEquals(List.of(), paused.groups());
    assertEquals(List.of(TAGGED, NODE_DOWN), paused.alarmsDisabled());
    assertTrue(cloud.changes().stream().noneMatch(c -> c.contains("suspend")), cloud.changes().toString());
  }

  @Test
  void tagsAreReadOnlyForAlarmsWhoseNameDoesNotTellAndWhoseActionsAreEnabled() {
    cloud.alarms.alarm("disabled-and-untagged", false, Map.of());

    pause.apply(suspend());

    List<String> tagReads = cloud.calls.stream().filter(c -> c.startsWith("read tags")).toList();
    assertFalse(tagReads.stream().anyMatch(c -> c.endsWith(":" + NODE_DOWN)), tagReads.toString());
    assertFalse(tagReads.stream().anyMatch(c -> c.endsWith(":disabled-and-untagged")), tagReads.toString());
    assertTrue(tagReads.stream().anyMatch(c -> c.endsWith(":" + TAGGED)), tagReads.toString());
  }

  @Test
  void aFailedSuspendUndoesWhatItChangedBeforeItFails() {
    cloud.scaling.group(GROUP, Set.of(NODE_A), "AZRebalance");
    cloud.scaling.group("prod-connect-b", Set.of(NODE_B));
    cloud.alarms.failDisable = true;

    assertThrows(AwsThrottledException.class, () -> pause.apply(suspend()));

    assertEquals(Set.of("AZRebalance"), cloud.scaling.suspended.get(GROUP), "the operator's process stays suspended");
    assertEquals(Set.of(), cloud.scaling.suspended.get("prod-connect-b"));
    assertTrue(cloud.alarms.actionsEnabled.get(NODE_DOWN));
    assertTrue(cloud.alarms.actionsEnabled.get(TAGGED));

    cloud.alarms.failDisable = false;
    PausedAutomation retried = (PausedAutomation) pause.apply(suspend());
    assertEquals(List.of("HealthCheck", "ReplaceUnhealthy", "Launch"), retried.groups().get(0).suspendedProcesses(),
        "the retry records what the first attempt would have");
    assertEquals(List.of(TAGGED, NODE_DOWN), retried.alarmsDisabled());
  }

  @Test
  void aSuspendThatFailsInOneGroupResumesTheOthersItSuspended() {
    cloud.scaling.group(GROUP, Set.of(NODE_A));
    cloud.scaling.group("prod-connect-b", Set.of(NODE_B));
    cloud.scaling.failNextSuspendOf = "prod-connect-b";

    assertThrows(AwsThrottledException.class, () -> pause.apply(suspend()));

    assertEquals(Set.of(), cloud.scaling.suspended.get(GROUP));
    assertEquals(Set.of(), cloud.scaling.suspended.get("prod-connect-b"));
    assertTrue(cloud.alarms.actionsEnabled.get(NODE_DOWN), "the alarms were not reached");
  }

  // ---- resume ---------------------------------------------------------------------------------

  @Test
  void resumeUndoesExactlyWhatSuspendRecordedAndLeavesTheOperatorsPauses() {
    cloud.scaling.group(GROUP, Set.of(NODE_A, NODE_B), "Launch", "AZRebalance");
    cloud.alarms.alarm(AZ_DOWN, false, Map.of());
    PausedAutomation paused = (PausedAutomation) pause.apply(suspend());

    ResumedAutomation resumed = (ResumedAutomation) pause.apply(resume(paused));

    assertEquals(Set.of("AZRebalance", "Launch"), cloud.scaling.suspended.get(GROUP));
    assertEquals(List.of(new ResumedAutomation.Group(GROUP, List.of("HealthCheck", "ReplaceUnhealthy"))), resumed.groups());
    assertEquals(List.of(TAGGED, NODE_DOWN), resumed.alarmsEnabled());
    assertTrue(cloud.alarms.actionsEnabled.get(NODE_DOWN));
    assertFalse(cloud.alarms.actionsEnabled.get(AZ_DOWN), "disabled before the suspend, disabled after the resume");
    assertEquals(List.of(), resumed.skipped());
  }

  @Test
  void aSecondResumeChangesNothing() {
    PausedAutomation paused = (PausedAutomation) pause.apply(suspend());
    pause.apply(resume(paused));
    cloud.calls.clear();

    ResumedAutomation again = (ResumedAutomation) pause.apply(resume(paused));

    assertEquals(List.of(), cloud.changes());
    assertEquals(List.of(), again.alarmsEnabled());
    assertEquals(List.of(new ResumedAutomation.Group(GROUP, List.of())), again.groups());
  }

  @Test
  void resumeRefusesAnAlarmThatIsNotARemediationAlarmOfTheClusterBeforeAnyChange() {
    pause.apply(suspend());
    cloud.alarms.alarm("prod-cost", false, Map.of("connect-ha:cluster", CLUSTER, "connect-ha:purpose", "cost"));
    PausedAutomation forged = new PausedAutomation(CLUSTER,
        List.of(new PausedAutomation.Group(GROUP, List.of("HealthCheck"))), List.of(NODE_DOWN, "prod-cost"), List.of());
    cloud.calls.clear();

    PreconditionFailedException e = assertThrows(PreconditionFailedException.class, () -> pause.apply(resume(forged)));

    assertTrue(e.getMessage().contains("prod-cost is not a remediation alarm of cluster prod"), e.getMessage());
    assertEquals(List.of(), cloud.changes());
    assertTrue(cloud.scaling.suspended.get(GROUP).contains("HealthCheck"));
  }

  @Test
  void groupsAndAlarmsThatNoLongerExistAreSkippedAndReported() {
    PausedAutomation paused = new PausedAutomation(CLUSTER,
        List.of(new PausedAutomation.Group("gone-group", List.of("HealthCheck")), new PausedAutomation.Group(GROUP, List.of())),
        List.of("connect-ha-prod-remediation-gone", NODE_DOWN), List.of());

    ResumedAutomation resumed = (ResumedAutomation) pause.apply(resume(paused));

    assertEquals(List.of("Auto Scaling group gone-group no longer exists", "alarm connect-ha-prod-remediation-gone no longer exists"),
        resumed.skipped());
    assertEquals(List.of(new ResumedAutomation.Group(GROUP, List.of())), resumed.groups());
  }

  @Test
  void resumeNamesTheNodesThatJoinedTheClusterSinceTheSuspend() {
    PausedAutomation paused = (PausedAutomation) pause.apply(suspend());
    String joined = "i-0cccccccccccccccc";
    cloud.directory.nodes.add(FakeCloud.node(joined, "running"));

    ResumedAutomation resumed = (ResumedAutomation) pause.apply(resume(paused));

    assertEquals(List.of(joined), resumed.joined());
    assertEquals(Set.of(), cloud.scaling.suspended.get(GROUP), "Launch resumed with the rest");
  }
}
