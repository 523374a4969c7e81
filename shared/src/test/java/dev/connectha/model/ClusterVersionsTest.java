package dev.connectha.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.json.Json;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterVersionsTest {
  static final ConnectVersion REGISTERED = ConnectVersion.parse("2024.08.0");
  static final ConnectVersion NEW = ConnectVersion.parse("2024.10.0");
  static final ClusterDocument PROD = new ClusterDocument("prod", null, "prod-db", null, "fs-1", null, Map.of(),
      "Default", null, "https://cdn.posit.co/connect", 2, REGISTERED);
  static final LearnedState.Recorded SCHEMA = new LearnedState.Recorded(NEW, Instant.parse("2026-11-30T10:00:00Z"), "e-1");

  @Test
  void withNothingLearnedBothVersionsAreTheRegisteredOne() {
    assertEquals(new ClusterVersions(REGISTERED, REGISTERED, null), ClusterVersions.of(PROD, Optional.empty()));
  }

  @Test
  void eachVersionFallsBackToTheRegisteredOneOnItsOwn() {
    LearnedState halted = new LearnedState("prod", SCHEMA, null);

    assertEquals(new ClusterVersions(NEW, REGISTERED, halted), ClusterVersions.of(PROD, Optional.of(halted)));
  }

  @Test
  void aLearnedRecordReadsBackFromItsJson() throws Exception {
    LearnedState upgraded = new LearnedState("prod", SCHEMA, SCHEMA);

    String json = Json.MAPPER.writeValueAsString(upgraded);

    assertEquals(upgraded, Json.MAPPER.readValue(json, LearnedState.class));
    assertEquals(new LearnedState("prod", null, null), Json.MAPPER.readValue("{\"cluster\":\"prod\"}", LearnedState.class));
  }

  @Test
  void aRecordedVersionNeedsItsVersionAndTime() {
    assertThrows(InvalidInputException.class, () -> new LearnedState.Recorded(null, Instant.EPOCH, "e-1"));
    assertThrows(InvalidInputException.class, () -> new LearnedState.Recorded(NEW, null, "e-1"));
    assertThrows(InvalidInputException.class, () -> new LearnedState("Not A Name", null, null));
  }
}
