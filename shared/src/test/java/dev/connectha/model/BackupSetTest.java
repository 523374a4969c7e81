package dev.connectha.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.json.Json;
import dev.connectha.model.BackupSet.CopyStatus;
import dev.connectha.model.BackupSet.DrCopy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class BackupSetTest {
  private static final Instant T = Instant.parse("2025-03-04T10:15:00Z");

  @Test
  void aStartedSetIsInProgressWithNothingTakenYet() {
    BackupSet set = BackupSet.started("s1", "prod", BackupMode.COLD, T, ConnectVersion.parse("2024.08.0"));

    assertEquals(new BackupSet("s1", "prod", BackupMode.COLD, T, null, ConnectVersion.parse("2024.08.0"), null, null,
        null, BackupStatus.IN_PROGRESS, null, List.of(), null), set);
  }

  @Test
  void buildsUpToACompleteSetWithDrCopiesOnePerRegion() {
    BackupSet set = BackupSet.started("s1", "prod", BackupMode.ONLINE, T, null)
        .withDbSnapshot("snap-1", "arn:snap-1")
        .withEfsRecoveryPoint("arn:rp-1")
        .withCompletedAt(T.plusSeconds(60))
        .withStatus(BackupStatus.COMPLETE, null)
        .withDrCopy(new DrCopy("us-west-2", null, null, CopyStatus.IN_PROGRESS, null))
        .withDrCopy(new DrCopy("eu-west-1", "arn:eu-snap", null, CopyStatus.IN_PROGRESS, null))
        .withDrCopy(new DrCopy("us-west-2", "arn:west-snap", "arn:west-rp", CopyStatus.COMPLETE, null));

    assertEquals("snap-1", set.dbSnapshotId());
    assertEquals("arn:rp-1", set.efsRecoveryPointArn());
    assertTrue(set.complete());
    assertEquals(List.of(new DrCopy("eu-west-1", "arn:eu-snap", null, CopyStatus.IN_PROGRESS, null),
        new DrCopy("us-west-2", "arn:west-snap", "arn:west-rp", CopyStatus.COMPLETE, null)), set.drCopies());
  }

  @Test
  void roundTripsThroughJsonWithVersionAndTimesAsText() throws Exception {
    BackupSet set = BackupSet.started("s1", "prod", BackupMode.COLD, T, ConnectVersion.parse("2024.08.0"))
        .withStatus(BackupStatus.FAILED, "snapshot quota exceeded").withCompletedAt(T.plusSeconds(5))
        .withDrCopy(new DrCopy("us-west-2", null, null, CopyStatus.FAILED, null));

    String json = Json.MAPPER.writeValueAsString(set);

    assertTrue(json.contains("\"connectVersion\":\"2024.08.0\""), json);
    assertTrue(json.contains("\"startedAt\":\"2025-03-04T10:15:00Z\""), json);
    assertEquals(set, Json.MAPPER.readValue(json, BackupSet.class));
  }

  @Test
  void newestFirstOrdersByStartThenById() {
    BackupSet older = BackupSet.started("z", "prod", BackupMode.COLD, T, null);
    BackupSet sameTimeA = BackupSet.started("a", "prod", BackupMode.COLD, T.plusSeconds(1), null);
    BackupSet sameTimeB = BackupSet.started("b", "prod", BackupMode.COLD, T.plusSeconds(1), null);
    List<BackupSet> sets = new ArrayList<>(List.of(older, sameTimeA, sameTimeB));

    sets.sort(BackupSet.NEWEST_FIRST);

    assertEquals(List.of(sameTimeB, sameTimeA, older), sets);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"-s1", "s 1", "s/1", "s1#"})
  void rejectsASetIdThatCannotBeAKey(String setId) {
    assertThrows(InvalidInputException.class, () -> BackupSet.started(setId, "prod", BackupMode.COLD, T, null));
  }

  @Test
  void acceptsExecutionNameLikeIdsOfUpToAHundredCharacters() {
    assertEquals("backup-prod-2025.03.04_10-15", BackupSet.requireSetId("backup-prod-2025.03.04_10-15"));
    assertEquals("a".repeat(100), BackupSet.requireSetId("a".repeat(100)));
    assertThrows(InvalidInputException.class, () -> BackupSet.requireSetId("a".repeat(101)));
  }

  @Test
  void rejectsASetWithoutModeStartOrStatusOrWithABadCluster() {
    assertThrows(InvalidInputException.class, () -> new BackupSet("s1", "prod", null, T, null, null, null, null, null,
        BackupStatus.COMPLETE, null, List.of(), null));
    assertThrows(InvalidInputException.class, () -> new BackupSet("s1", "prod", BackupMode.COLD, null, null, null, null,
        null, null, BackupStatus.COMPLETE, null, List.of(), null));
    assertThrows(InvalidInputException.class, () -> new BackupSet("s1", "prod", BackupMode.COLD, T, null, null, null,
        null, null, null, null, List.of(), null));
    assertThrows(InvalidInputException.class, () -> BackupSet.started("s1", "Prod!", BackupMode.COLD, T, null));
  }

  @Test
  void rejectsACompletionBeforeTheStart() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> BackupSet.started("s1", "prod", BackupMode.COLD, T, null).withCompletedAt(T.minusSeconds(1)));

    assertTrue(e.getMessage().contains("before startedAt"), e.getMessage());
  }

  @Test
  void rejectsTwoDrCopiesInOneRegionAndACopyWithoutRegionOrStatus() {
    List<DrCopy> twice = List.of(new DrCopy("us-west-2", null, null, CopyStatus.FAILED, null),
        new DrCopy("us-west-2", null, null, CopyStatus.COMPLETE, null));

    assertThrows(InvalidInputException.class, () -> new BackupSet("s1", "prod", BackupMode.COLD, T, null, null, null,
        null, null, BackupStatus.COMPLETE, null, twice, null));
    assertThrows(InvalidInputException.class, () -> new DrCopy(" ", null, null, CopyStatus.FAILED, null));
    assertThrows(InvalidInputException.class, () -> new DrCopy("us-west-2", null, null, null, null));
  }

  @Test
  void missingDrCopiesAreNoCopies() {
    assertEquals(List.of(), new BackupSet("s1", "prod", BackupMode.COLD, T, null, null, null, null, null,
        BackupStatus.IN_PROGRESS, null, null, null).drCopies());
  }
}
