package dev.connectha.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatabaseStateTest {

  private static DatabaseState db(String engine, String engineVersion) {
    return new DatabaseState("connect-db", engine, engineVersion, true, "available", true, "db.example");
  }

  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource(nullValues = "NULL", value = {
      "15.4,   15",
      "16,     16",
      "9.6.24, 9",
      "17.2.R1, 17",
      "NULL,   0",
      "'',     0",
      ".4,     0",
      "abc,    0",
      "15a.1,  0"})
  void majorVersionIsTheLeadingNumberOrZero(String engineVersion, int expected) {
    assertEquals(expected, db("postgres", engineVersion).majorVersion());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(nullValues = "NULL", value = {
      "postgres,          true",
      "aurora-postgresql, true",
      "mysql,             false",
      "aurora-mysql,      false",
      "Postgres,          false",
      "NULL,              false"})
  void knowsWhichEnginesArePostgres(String engine, boolean expected) {
    assertEquals(expected, db(engine, "15.4").postgres());
  }
}
