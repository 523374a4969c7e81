package dev.connectha.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ClusterNameTest {

  @ParameterizedTest
  @ValueSource(strings = {"prod", "a", "0", "connect-prod-1", "9lives", "a-", "a--b"})
  void acceptsLowercaseLettersDigitsAndDashes(String name) {
    assertEquals(name, ClusterName.require(name));
  }

  @Test
  void acceptsFortyCharacters() {
    String forty = "a".repeat(40);
    assertEquals(forty, ClusterName.require(forty));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"Prod", "a_b", "-prod", "prod cluster", "prod.1", "prod/1", " prod", "prod\n", "ü"})
  void rejectsNamesThatCannotBeTagsOrParameterNames(String name) {
    assertThrows(InvalidInputException.class, () -> ClusterName.require(name));
  }

  @Test
  void rejectsFortyOneCharacters() {
    assertThrows(InvalidInputException.class, () -> ClusterName.require("a".repeat(41)));
  }

  @Test
  void saysWhichNameIsWrong() {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> ClusterName.require("Prod"));
    assertTrue(e.getMessage().contains("'Prod'"), e.getMessage());
    InvalidInputException missing = assertThrows(InvalidInputException.class, () -> ClusterName.require(null));
    assertTrue(missing.getMessage().contains("(missing)"), missing.getMessage());
  }
}
