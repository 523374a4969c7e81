package dev.connectha.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** upgrade-eks's progress: every state of its ASL belongs to a phase, and the phases come in Posit's order. */
class UpgradeEksPhasesTest {
  @Test
  void everyStateOfUpgradeEksHasAPhase() throws Exception {
    JsonNode asl = Json.MAPPER.readTree(Path.of("..", "statemachines", "upgrade-eks.asl.json").toFile());
    List<String> without = new ArrayList<>();
    asl.path("States").fieldNames().forEachRemaining(name -> {
      if (Progress.phaseOf(Workflow.UPGRADE_EKS, name).isEmpty()) {
        without.add(name);
      }
    });
    assertEquals(List.of(), without);
  }

  @Test
  void theMainPathGoesThroughThePhasesInPositsOrder() {
    List<String> seen = new ArrayList<>();
    for (String state : List.of("ReadWorkload", "AcquireLock", "ScaleToZero", "TakeColdRestorePoint",
        "StartFirstPod", "RecordSchemaVersion", "ScaleOut", "RecordVersion", "ReleaseLock")) {
      Optional<String> phase = Progress.phaseOf(Workflow.UPGRADE_EKS, state);
      assertTrue(phase.isPresent(), state);
      if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(phase.get())) {
        seen.add(phase.get());
      }
    }
    assertEquals(List.of("preflight", "scale to 0", "restore point", "first pod", "scale out", "report"), seen);
    assertTrue(Progress.UPGRADE_EKS_PHASES.containsAll(seen));
  }

  @Test
  void anUpgradeEksExecutionIsKnownByItsName() {
    assertEquals(Optional.of(Workflow.UPGRADE_EKS), Workflow.ofExecutionName("upgrade-eks-prod-20261201T030000Z"));
    assertEquals(Optional.of(Workflow.UPGRADE), Workflow.ofExecutionName("rolling-upgrade-prod-20261201T030000Z"));
  }
}
