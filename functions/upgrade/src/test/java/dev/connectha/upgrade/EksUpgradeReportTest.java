package dev.connectha.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.json.Json;
import org.junit.jupiter.api.Test;

class EksUpgradeReportTest {
  private static final String PLAN = "\"cluster\":\"kube\",\"topology\":\"eks\",\"plan\":{\"targetVersion\":\"2024.10.0\","
      + "\"previousVersion\":\"2024.08.0\",\"eks\":{\"replicas\":2,\"imageTag\":\"ubuntu2204-2024.08.0\",\"waitSeconds\":45,"
      + "\"waitCalls\":20}},\"restorePoint\":{\"setId\":\"bs-1\"},\"done\":{\"lock\":{\"held\":false}}";

  private static UpgradeReport.Summary summarize(String fields, String outcome) throws Exception {
    JsonNode state = Json.MAPPER.readTree("{" + PLAN + fields + "}");
    return new SummarizeUpgradeHandler("ConnectHa", "locks").handle(
        new SummarizeUpgradeHandler.Input(state, outcome, "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z", "e-1"));
  }

  @Test
  void downtimeRunsFromTheScaleToZeroToTheFirstPodReadyOnTheTarget() throws Exception {
    UpgradeReport.Summary s = summarize(",\"downAt\":{\"at\":\"2026-01-01T00:00:10Z\"},\"upAt\":{\"at\":\"2026-01-01T00:00:31.5Z\"},"
        + "\"all\":{\"reached\":true,\"reason\":null,\"replicas\":2,\"readyReplicas\":2,\"started\":2}", null);

    assertEquals(21.5, s.downtimeSeconds());
    assertEquals("upgraded", s.outcome());
    assertTrue(s.subject().startsWith("connect-ha upgrade-eks kube: UPGRADED 2024.10.0"), s.subject());
    assertTrue(s.text().contains("2 of 2 pods ready on 2024.10.0"), s.text());
    assertTrue(s.text().contains("backup set bs-1"), s.text());
  }

  @Test
  void aHaltLeavesTheTargetImageAndForbidsTheOldOne() throws Exception {
    UpgradeReport.Summary s = summarize(",\"downAt\":{\"at\":\"2026-01-01T00:00:10Z\"},"
        + "\"firstPod\":{\"reached\":false,\"reason\":\"pod p is not ready (Running)\",\"replicas\":1,\"readyReplicas\":0,"
        + "\"started\":1},\"failure\":{\"Error\":\"dev.connectha.errors.UnsafeToProceedException\",\"Cause\":\"not ready\"}",
        "halted");

    assertNull(s.downtimeSeconds());
    assertTrue(s.text().contains("left on the 2024.10.0 image (never the old one again), 0 of 1 replicas ready"), s.text());
    assertTrue(s.text().contains("Do NOT put the 2024.08.0 image back"), s.text());
    assertTrue(s.text().contains("restoring backup set bs-1"), s.text());
    assertTrue(s.text().contains("no pod became ready on the target"), s.text());
  }

  @Test
  void aRollBackSaysWhetherThePodsServeTheOldVersionAgain() throws Exception {
    UpgradeReport.Summary back = summarize(",\"downAt\":{\"at\":\"2026-01-01T00:00:10Z\"},\"back\":{\"reached\":true,"
        + "\"reason\":null,\"replicas\":2,\"readyReplicas\":2,\"started\":2},\"failure\":{\"Error\":\"E\",\"Cause\":\"C\"}",
        "rolled back to the previous version");
    assertTrue(back.text().contains("2 pods ready on 2024.08.0 again"), back.text());
    assertTrue(back.text().contains("the schema was never migrated"), back.text());

    UpgradeReport.Summary notBack = summarize(",\"back\":{\"reached\":false,\"reason\":\"1 pods, want 2\",\"replicas\":2,"
        + "\"readyReplicas\":1,\"started\":1},\"failure\":{\"Error\":\"E\",\"Cause\":\"C\"}",
        "rolled back to the previous version");
    assertTrue(notBack.text().contains("NOT serving on 2024.08.0 yet: 1 pods, want 2"), notBack.text());
  }

  @Test
  void aLockLeftHeldIsReportedWithTheCommandThatClearsIt() throws Exception {
    UpgradeReport.Summary s = summarize(",\"done\":{\"lock\":{\"held\":true,\"owner\":\"arn:e\",\"leaseUntil\":\"2026-01-02T00:00:00Z\"}},"
        + "\"undoFailure\":{\"Error\":\"E\",\"Cause\":\"C\"}", "upgraded");
    assertTrue(s.subject().endsWith("; lock still held"), s.subject());
    assertTrue(s.text().contains("aws dynamodb delete-item --table-name locks"), s.text());
  }

  @Test
  void theSampleEventSummarizesAnUpgradeOnEks() throws Exception {
    SummarizeUpgradeHandler.Input input = Json.MAPPER.readValue(
        java.nio.file.Path.of("..", "..", "events", "SummarizeUpgradeFunction.eks.json").toFile(),
        SummarizeUpgradeHandler.Input.class);

    UpgradeReport.Summary s = new SummarizeUpgradeHandler("ConnectHa", "locks").handle(input);

    assertEquals(43.0, s.downtimeSeconds());
    assertTrue(s.text().startsWith("Upgrade on EKS of Connect cluster 'demo-eks': UPGRADED (2024.08.0 -> 2024.10.0)"),
        s.text());
  }

  @Test
  void aStateOfTheWrongShapeIsInvalidInput() {
    assertThrows(InvalidInputException.class, () -> summarize(",\"firstPod\":{\"started\":\"many\"}", null));
  }
}
