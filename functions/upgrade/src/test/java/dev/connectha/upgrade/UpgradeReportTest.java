package dev.connectha.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.json.Json;
import org.junit.jupiter.api.Test;

class UpgradeReportTest {
  private static JsonNode state(String json) throws Exception {
    return Json.MAPPER.readTree(json);
  }

  private static final String PLAN = "\"cluster\":\"demo\",\"plan\":{\"targetVersion\":\"2024.10.0\",\"previousVersion\":\"2024.08.0\","
      + "\"firstNode\":\"i-a\",\"restNodes\":[\"i-b\"],\"nodes\":[\"i-a\",\"i-b\"]},\"restorePoint\":{\"setId\":\"bs-1\"}";

  @Test
  void downtimeRunsFromTheFirstStopToTheFirstUpgradedNodeHealthy() throws Exception {
    UpgradeReport.Summary s = UpgradeReport.of(state("{" + PLAN + ",\"downAt\":{\"at\":\"2026-01-01T00:00:10Z\"},"
        + "\"first\":{\"node\":\"i-a\",\"outcome\":\"serving\",\"started\":true,\"healthyAt\":\"2026-01-01T00:00:42.5Z\"},"
        + "\"rest\":[{\"node\":\"i-b\",\"outcome\":\"serving\"}]}"),
        "upgraded", "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z", "locks");

    assertEquals(32.5, s.downtimeSeconds());
    assertEquals(60.0, s.totalSeconds());
    assertTrue(s.subject().contains("UPGRADED 2024.10.0"), s.subject());
    assertTrue(s.text().contains("i-b  upgraded, healthy"), s.text());
    assertTrue(s.text().contains("backup set bs-1"), s.text());
  }

  @Test
  void aHaltNamesTheNodesLeftStoppedAndTheRestorePointAndForbidsTheOldBinary() throws Exception {
    UpgradeReport.Summary s = UpgradeReport.of(state("{" + PLAN + ",\"downAt\":{\"at\":\"2026-01-01T00:00:10Z\"},"
        + "\"first\":{\"node\":\"i-a\",\"outcome\":\"serving\",\"started\":true,\"healthyAt\":\"2026-01-01T00:00:20Z\"},"
        + "\"rest\":[{\"node\":\"i-b\",\"outcome\":\"failed\"}],\"failure\":{\"Error\":\"E\",\"Cause\":\"C\"}}"),
        "halted", "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z", "locks");

    assertTrue(s.text().contains("i-b  NOT upgraded: left stopped"), s.text());
    assertTrue(s.text().contains("Do NOT start 2024.08.0"), s.text());
    assertTrue(s.text().contains("restoring backup set bs-1"), s.text());
    assertTrue(s.text().contains("Error: E"), s.text());
  }

  @Test
  void aRecoveryBeforeAnyNewStartSaysEveryNodeServesTheOldVersion() throws Exception {
    UpgradeReport.Summary s = UpgradeReport.of(state("{" + PLAN + ",\"downAt\":{\"at\":\"2026-01-01T00:00:10Z\"},"
        + "\"recovered\":{\"allSucceeded\":true}}"), "rolled back to the previous version", "2026-01-01T00:00:00Z",
        "2026-01-01T00:01:00Z", "locks");

    assertNull(s.downtimeSeconds());
    assertTrue(s.text().contains("serving on the previous version again"), s.text());
    assertTrue(s.text().contains("No node ever started 2024.10.0"), s.text());
  }

  @Test
  void aRollBackNamesTheFirstNodeLeftStoppedAndTheNodeLostAndSaysTheOthersServe() throws Exception {
    String plan = "\"cluster\":\"demo\",\"plan\":{\"targetVersion\":\"2024.10.0\",\"previousVersion\":\"2024.08.0\","
        + "\"firstNode\":\"i-a\",\"restNodes\":[\"i-b\",\"i-c\"],\"nodes\":[\"i-a\",\"i-b\",\"i-c\"]}";
    UpgradeReport.Summary s = UpgradeReport.of(state("{" + plan + ",\"first\":{\"node\":\"i-a\",\"outcome\":\"failed\","
        + "\"started\":false},\"recoveryFailure\":{\"Error\":\"dev.connectha.errors.PreconditionFailedException\","
        + "\"Cause\":\"nothing sent: i-a is stopped, not running\"},\"leftStopped\":{\"instanceIds\":[\"i-a\"]},"
        + "\"recovered\":{\"allSucceeded\":true,\"results\":[{\"instanceId\":\"i-b\",\"succeeded\":true}]}}"),
        "rolled back to the previous version", "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z", "locks");

    assertTrue(s.subject().contains("ROLLED BACK TO THE PREVIOUS VERSION 2024.10.0; not serving: i-a i-c"), s.subject());
    assertTrue(s.text().contains("i-a  LEFT STOPPED: it could not be put back on 2024.08.0 (nothing sent: i-a is stopped,"
        + " not running)"), s.text());
    assertTrue(s.text().contains("i-b  serving on the previous version again"), s.text());
    assertTrue(s.text().contains("i-c  LOST: its instance was not running"), s.text());
    assertTrue(s.text().contains("The schema was never migrated: 2024.08.0 is safe on i-a, i-c"), s.text());
  }

  @Test
  void theOutcomeFollowsFromTheStateWhenTheWorkflowRecordedNone() throws Exception {
    assertEquals("upgraded", UpgradeReport.outcomeOf(state("{" + PLAN + "}")));
    assertEquals("failed", UpgradeReport.outcomeOf(state("{" + PLAN + ",\"failure\":{\"Error\":\"E\"}}")));
    assertEquals("halted", UpgradeReport.outcomeOf(state("{" + PLAN + ",\"outcome\":\"halted\",\"failure\":{\"Error\":\"E\"}}")));
  }

  @Test
  void aFailureBeforeAnyChangeSaysTheClusterServesAsBeforeAndListsNoNode() throws Exception {
    UpgradeReport.Summary s = UpgradeReport.of(state("{" + PLAN + ",\"failure\":{\"Error\":\"E\",\"Cause\":\"held by backup\"}}"),
        null, "2026-01-01T00:00:00Z", "2026-01-01T00:00:05Z", "locks");

    assertEquals("failed", s.outcome());
    assertTrue(s.subject().contains("FAILED"), s.subject());
    assertTrue(s.text().contains("No node was changed") && s.text().contains("held by backup"), s.text());
    assertTrue(!s.text().contains("Nodes:"), s.text());
  }

  @Test
  void aSummaryWithoutDowntimeStillWritesTheField() throws Exception {
    UpgradeReport.Summary s = UpgradeReport.of(state("{" + PLAN + ",\"failure\":{\"Error\":\"E\"}}"), null, null, null, "locks");

    assertTrue(Json.MAPPER.writeValueAsString(s).contains("\"downtimeSeconds\":null"), "the workflow selects it");
  }

  private static final String SERVING = ",\"downAt\":{\"at\":\"2026-01-01T00:00:10Z\"},"
      + "\"first\":{\"node\":\"i-a\",\"outcome\":\"serving\",\"started\":true,\"healthyAt\":\"2026-01-01T00:00:20Z\"},"
      + "\"rest\":[{\"node\":\"i-b\",\"outcome\":\"serving\"}],\"serving\":{\"allMatch\":true}";
  private static final String OWNER = "arn:aws:states:eu-west-1:123456789012:execution:rolling-upgrade:u-1";

  @Test
  void aLockNotReleasedAfterAGoodUpgradeKeepsTheVerdictAndSaysWhoHoldsItUntilWhenAndHowToClearIt() throws Exception {
    UpgradeReport.Summary s = UpgradeReport.of(state("{" + PLAN + SERVING + ",\"done\":{\"lock\":{\"held\":true,\"owner\":\""
        + OWNER + "\",\"leaseUntil\":\"2026-01-01T06:00:00Z\"},\"automation\":{\"suspended\":false,\"joined\":[]}},"
        + "\"undoFailure\":{\"Error\":\"dev.connectha.errors.AwsUnavailableException\",\"Cause\":\"DynamoDB unavailable\"}}"),
        null, "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z", "connect-ha-locks");

    assertEquals("upgraded", s.outcome());
    assertTrue(s.subject().contains("UPGRADED 2024.10.0; lock still held"), s.subject());
    assertTrue(s.text().contains("the cluster lock is still held by " + OWNER + " until 2026-01-01T06:00:00Z; it expires by"
        + " itself then"), s.text());
    assertTrue(s.text().contains("aws dynamodb delete-item --table-name connect-ha-locks --key '{\"cluster\":{\"S\":\"demo\"}}'"
        + " --condition-expression '#o = :o' --expression-attribute-names '{\"#o\":\"owner\"}'"
        + " --expression-attribute-values '{\":o\":{\"S\":\"" + OWNER + "\"}}'"), s.text());
    assertTrue(s.text().contains("backups and other workflows on this cluster are refused"), s.text());
    assertTrue(s.text().contains("DynamoDB unavailable"), s.text());
    assertTrue(s.text().contains("Every node runs 2024.10.0"), s.text());
    assertTrue(!s.text().contains("HALTED") && !s.text().contains("not upgraded"), s.text());
  }

  @Test
  void automationNotResumedNamesWhatIsStillSuspendedAndHowToResumeIt() throws Exception {
    UpgradeReport.Summary s = UpgradeReport.of(state("{" + PLAN + SERVING + ",\"done\":{\"lock\":{\"held\":false},"
        + "\"automation\":{\"suspended\":true,\"groups\":[{\"name\":\"demo-connect\",\"suspendedProcesses\":"
        + "[\"HealthCheck\",\"Launch\"]},{\"name\":\"untouched\",\"suspendedProcesses\":[]}],"
        + "\"alarmsDisabled\":[\"connect-ha-demo-remediation-node-down\"]}},\"undoFailure\":{\"Error\":\"E\",\"Cause\":\"C\"}}"),
        null, null, null, "connect-ha-locks");

    assertEquals("upgraded", s.outcome());
    assertTrue(s.subject().endsWith("; automation not resumed"), s.subject());
    assertTrue(s.text().contains("aws autoscaling resume-processes --auto-scaling-group-name demo-connect --scaling-processes"
        + " HealthCheck Launch"), s.text());
    assertTrue(!s.text().contains("untouched"), s.text());
    assertTrue(s.text().contains("aws cloudwatch enable-alarm-actions --alarm-names connect-ha-demo-remediation-node-down"),
        s.text());
    assertTrue(!s.text().contains("Cluster lock:"), "the lock was released: " + s.text());
  }

  @Test
  void aGoodUpgradeWithEverythingUndoneSaysNothingLeftOver() throws Exception {
    UpgradeReport.Summary s = UpgradeReport.of(state("{" + PLAN + SERVING + ",\"done\":{\"lock\":{\"held\":false},"
        + "\"automation\":{\"suspended\":false,\"joined\":[]}}}"), null, null, null, "connect-ha-locks");

    assertTrue(s.subject().endsWith("UPGRADED 2024.10.0"), s.subject());
    assertTrue(!s.text().contains("Cluster lock:") && !s.text().contains("Automation:") && !s.text().contains("Joined"), s.text());
  }

  @Test
  void theReportNamesEveryNodeThatJoinedTheClusterDuringTheUpgradeAndIsNotInThePlan() throws Exception {
    UpgradeReport.Summary s = UpgradeReport.of(state("{" + PLAN + SERVING + ",\"done\":{\"lock\":{\"held\":false},"
        + "\"automation\":{\"suspended\":false,\"joined\":[\"i-b\",\"i-new\"]}}}"), null, null, null, "connect-ha-locks");

    assertTrue(s.text().contains("Joined the cluster during the upgrade (not in the plan; Auto Scaling's Launch was suspended,"
        + " so launched by hand or by another group): i-new. Check the version"), s.text());
  }

  @Test
  void aMaintenancePageThatCouldNotBeTurnedOffIsReportedWithHowToTurnItOff() throws Exception {
    UpgradeReport.Summary s = UpgradeReport.of(state("{" + PLAN + SERVING + ",\"done\":{\"page\":{\"on\":true},"
        + "\"lock\":{\"held\":false},\"automation\":{\"suspended\":false}},\"undoFailure\":{\"Error\":\"E\",\"Cause\":\"C\"}}"),
        null, null, null, "connect-ha-locks");

    assertEquals("upgraded", s.outcome());
    assertTrue(s.subject().endsWith("UPGRADED 2024.10.0; maintenance page on"), s.subject());
    assertTrue(s.text().contains("Maintenance page: still ON") && s.text().contains("{\"cluster\": \"demo\", \"action\": \"off\"}"),
        s.text());
  }

  @Test
  void aStateFieldOfAnotherTypeThanTheWorkflowWritesIsInvalidInput() throws Exception {
    for (String wrong : new String[] {"\"cluster\":5", "\"downAt\":{\"at\":17}", "\"done\":{\"lock\":{\"held\":\"true\"}}",
        "\"first\":{\"node\":\"i-a\",\"attempts\":\"1\"}", "\"recovered\":{\"results\":[{\"instanceId\":true}]}"}) {
      JsonNode state = state("{" + PLAN + "," + wrong + "}");

      assertThrows(InvalidInputException.class, () -> UpgradeReport.of(state, null, null, null, "connect-ha-locks"), wrong);
    }
  }
}
