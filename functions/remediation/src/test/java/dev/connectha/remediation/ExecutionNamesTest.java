package dev.connectha.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.model.remediation.Incident;
import dev.connectha.model.remediation.IncidentKind;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExecutionNamesTest {
  private static final Instant SINCE = Instant.parse("2025-03-04T10:15:00.789Z");

  @Test
  void theNameIsTheClusterTheSubjectAndTheSecondTheIncidentStarted() {
    Incident incident = new Incident("demo", IncidentKind.NODE_DEAD, "i-0123456789abcdef0", SINCE);

    assertEquals("demo-i-0123456789abcdef0-20250304T101500Z", ExecutionNames.remediate(incident));
  }

  @Test
  void theNameIsDeterministicWhateverEventReportedTheIncident() {
    Incident fromAlarm = new Incident("demo", IncidentKind.NODE_DEAD, "i-0123456789abcdef0", SINCE);
    Incident fromEc2 = new Incident("demo", IncidentKind.NODE_DEAD, "i-0123456789abcdef0", SINCE);

    assertEquals(ExecutionNames.remediate(fromAlarm), ExecutionNames.remediate(fromEc2));
  }

  @Test
  void aLongClusterAndSubjectKeepTheNameAtEightyCharactersWithItsTime() {
    Incident incident = new Incident("c".repeat(40), IncidentKind.AZ_IMPAIRED, "z".repeat(64), SINCE);

    String name = ExecutionNames.remediate(incident);

    assertEquals(80, name.length());
    assertTrue(name.endsWith("-20250304T101500Z"), name);
    assertEquals(name, ExecutionNames.remediate(incident));
  }

  @Test
  void charactersStepFunctionsRefusesBecomeDashes() {
    Incident incident = new Incident("demo", IncidentKind.AZ_IMPAIRED, "us east/1a:x", SINCE);

    assertEquals("demo-us-east-1a-x-20250304T101500Z", ExecutionNames.remediate(incident));
    assertTrue(ExecutionNames.remediate(incident).matches("[A-Za-z0-9_-]{1,80}"));
  }

  @Test
  void aRebalanceIsNamedAfterTheZoneAndTheEventTime() {
    assertEquals("demo-rebalance-us-east-1a-20250304T101500Z",
        ExecutionNames.rebalance("demo", "us-east-1a", SINCE));
  }
}
