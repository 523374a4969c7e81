package dev.connectha.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectVersionTest {

  @Test
  void parsesYearMonthPatch() {
    assertEquals(new ConnectVersion(2024, 8, 0), ConnectVersion.parse("2024.08.0"));
    assertEquals(new ConnectVersion(2025, 12, 123), ConnectVersion.parse("2025.12.123"));
  }

  @Test
  void ignoresSurroundingWhitespace() {
    assertEquals(new ConnectVersion(2024, 8, 1), ConnectVersion.parse("  2024.08.1\n"));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "2024.8.0", "2024.08", "24.08.0", "2024.08.0-1", "v2024.08.0", "2024.13.0",
      "2024.00.0", "1999.01.0", "2024.08.1234", "2024-08-0", "latest"})
  void rejectsAnythingButYearMonthPatch(String text) {
    assertThrows(InvalidInputException.class, () -> ConnectVersion.parse(text));
  }

  @Test
  void rejectsImpossibleComponentsInTheConstructor() {
    assertThrows(InvalidInputException.class, () -> new ConnectVersion(2024, 0, 0));
    assertThrows(InvalidInputException.class, () -> new ConnectVersion(2024, 13, 0));
    assertThrows(InvalidInputException.class, () -> new ConnectVersion(2024, 1, -1));
    assertThrows(InvalidInputException.class, () -> new ConnectVersion(1999, 1, 0));
  }

  @Test
  void printsTheMonthWithTwoDigits() {
    assertEquals("2024.08.0", new ConnectVersion(2024, 8, 0).toString());
    assertEquals("2023.12.15", new ConnectVersion(2023, 12, 15).toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"2024.08.0", "2023.12.15", "2025.01.100"})
  void roundTripsThroughText(String text) {
    assertEquals(text, ConnectVersion.parse(text).toString());
  }

  @Test
  void ordersByYearThenMonthThenPatchNumerically() {
    List<ConnectVersion> versions = new ArrayList<>(List.of(
        ConnectVersion.parse("2024.08.10"),
        ConnectVersion.parse("2025.01.0"),
        ConnectVersion.parse("2024.08.2"),
        ConnectVersion.parse("2023.12.99"),
        ConnectVersion.parse("2024.10.0")));
    versions.sort(null);
    assertEquals(List.of("2023.12.99", "2024.08.2", "2024.08.10", "2024.10.0", "2025.01.0"),
        versions.stream().map(ConnectVersion::toString).toList());
  }

  @Test
  void knowsWhichVersionIsNewer() {
    ConnectVersion older = ConnectVersion.parse("2024.08.2");
    ConnectVersion newer = ConnectVersion.parse("2024.08.10");
    assertTrue(newer.isNewerThan(older));
    assertFalse(older.isNewerThan(newer));
    assertFalse(older.isNewerThan(ConnectVersion.parse("2024.08.2")));
    assertEquals(0, older.compareTo(ConnectVersion.parse("2024.08.2")));
  }

  @Test
  void isAJsonString() throws Exception {
    assertEquals("\"2024.08.0\"", Json.MAPPER.writeValueAsString(ConnectVersion.parse("2024.08.0")));
    assertEquals(ConnectVersion.parse("2024.08.0"), Json.MAPPER.readValue("\"2024.08.0\"", ConnectVersion.class));
  }
}
