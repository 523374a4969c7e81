package dev.connectha.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.connectha.json.Json;
import dev.connectha.model.remediation.Incident;
import dev.connectha.model.remediation.IncidentKind;
import dev.connectha.ports.Incidents;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How {@code connectha status} shows an open incident and a workflow's last run, as text and as JSON. */
class StatusFormatTest {
  private static final Instant SINCE = Instant.parse("2026-11-30T22:01:00Z");
  private static final Instant NOW = Instant.parse("2026-11-30T22:05:10Z");

  private static Incidents.Record open(long events, boolean started) {
    return new Incidents.Record(new Incident("prod", IncidentKind.NODE_DEAD, "i-0123456789abcdef0", SINCE),
        "prod-i-0123456789abcdef0-20261130T220100Z", started, events, "open", null, null);
  }

  @Test
  void anOpenIncidentIsOneLineWithItsAgeEventsAndRemediation() {
    assertEquals("node-dead     i-0123456789abcdef0 since 2026-11-30 22:01:00Z (4m10s)  3 events  remediate"
        + " prod-i-0123456789abcdef0-20261130T220100Z", OpenIncidents.line(open(3, true), NOW));
    assertEquals("node-dead     i-0123456789abcdef0 since 2026-11-30 22:01:00Z (4m10s)  1 event  remediate"
        + " prod-i-0123456789abcdef0-20261130T220100Z (not started yet)", OpenIncidents.line(open(1, false), NOW));
  }

  @Test
  void anOpenIncidentsJsonCarriesTheSameData() {
    assertEquals("{\"kind\":\"node-dead\",\"subject\":\"i-0123456789abcdef0\",\"since\":\"2026-11-30T22:01:00Z\","
        + "\"ageSeconds\":250,\"events\":3,\"execution\":\"prod-i-0123456789abcdef0-20261130T220100Z\",\"started\":true}",
        OpenIncidents.json(open(3, true), NOW).toString());
  }

  @Test
  void aLastRunShowsItsStatusStartDurationAndNameOrThatItRunsOrNeverRan() throws Exception {
    assertEquals("backup           SUCCEEDED  2026-11-30T22:01:00Z  12.5s  backup-prod-20261130T220100Z",
        StatusCommand.lastRun("backup", Json.MAPPER.readTree("{\"name\":\"backup-prod-20261130T220100Z\","
            + "\"status\":\"SUCCEEDED\",\"startedAt\":\"2026-11-30T22:01:00Z\",\"seconds\":12.5}")));
    assertEquals("remediate        RUNNING  2026-11-30T22:01:00Z  running  prod-i-0abc-20261130T220100Z",
        StatusCommand.lastRun("remediate", Json.MAPPER.readTree("{\"name\":\"prod-i-0abc-20261130T220100Z\","
            + "\"status\":\"RUNNING\",\"startedAt\":\"2026-11-30T22:01:00Z\"}")));
    assertEquals("restore          never", StatusCommand.lastRun("restore", Json.MAPPER.nullNode()));
  }
}
