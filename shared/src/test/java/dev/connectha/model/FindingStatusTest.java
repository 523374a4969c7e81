package dev.connectha.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FindingStatusTest {

  @ParameterizedTest(name = "{0} worst {1} = {2}")
  @CsvSource({
      "PASS, PASS, PASS",
      "PASS, WARN, WARN",
      "WARN, PASS, WARN",
      "PASS, FAIL, FAIL",
      "FAIL, PASS, FAIL",
      "WARN, FAIL, FAIL",
      "FAIL, WARN, FAIL",
      "WARN, WARN, WARN",
      "FAIL, FAIL, FAIL"})
  void worstIsTheMoreSevereOfTheTwo(FindingStatus a, FindingStatus b, FindingStatus expected) {
    assertEquals(expected, a.worst(b));
  }
}
