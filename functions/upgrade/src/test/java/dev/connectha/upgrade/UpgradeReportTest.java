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
        + "\"firstHealthyAt\":{\"at\":\"2026-01-01T00:00:42.5Z\"},\"rest\":[{\"instanceId\":\"i-b\",\"upgraded\":true}]}"),
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
        + "\"firstHealthyAt\":{\"at\":\"2026-01-01T00:00:20Z\"},\"progress\":{\"firstStarted\":true},"
        + "\"rest\":[{\"instanceId\":\"i-b\",\"upgraded\":false}],\"failure\":{\"Error\":\"E\",\"Cause\":\"C\"}}"),
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
}
