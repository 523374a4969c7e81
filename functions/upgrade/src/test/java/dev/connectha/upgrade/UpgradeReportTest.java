package dev.connectha.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
        "upgraded", "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z");

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
        "halted", "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z");

    assertTrue(s.text().contains("i-b  NOT upgraded: left stopped"), s.text());
    assertTrue(s.text().contains("Do NOT start 2024.08.0"), s.text());
    assertTrue(s.text().contains("restoring backup set bs-1"), s.text());
    assertTrue(s.text().contains("Error: E"), s.text());
  }

  @Test
  void aRecoveryBeforeAnyNewStartSaysEveryNodeServesTheOldVersion() throws Exception {
    UpgradeReport.Summary s = UpgradeReport.of(state("{" + PLAN + ",\"downAt\":{\"at\":\"2026-01-01T00:00:10Z\"},"
        + "\"recovered\":{\"allSucceeded\":true}}"), "rolled back to the previous version", "2026-01-01T00:00:00Z",
        "2026-01-01T00:01:00Z");

    assertNull(s.downtimeSeconds());
    assertTrue(s.text().contains("serving on the previous version again"), s.text());
    assertTrue(s.text().contains("No node ever started 2024.10.0"), s.text());
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
        null, "2026-01-01T00:00:00Z", "2026-01-01T00:00:05Z");

    assertEquals("failed", s.outcome());
    assertTrue(s.subject().contains("FAILED"), s.subject());
    assertTrue(s.text().contains("No node was changed") && s.text().contains("held by backup"), s.text());
    assertTrue(!s.text().contains("Nodes:"), s.text());
  }

  @Test
  void aSummaryWithoutDowntimeStillWritesTheField() throws Exception {
    UpgradeReport.Summary s = UpgradeReport.of(state("{" + PLAN + ",\"failure\":{\"Error\":\"E\"}}"), null, null, null);

    assertTrue(Json.MAPPER.writeValueAsString(s).contains("\"downtimeSeconds\":null"), "the workflow selects it");
  }
}
