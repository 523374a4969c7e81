package dev.connectha.localcloud.twin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.localcloud.twin.ConnectSchema.Kind;
import dev.connectha.localcloud.twin.ConnectSchema.ServiceEvent;
import dev.connectha.model.ConnectVersion;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The schema and the upgrade rule's checks over a log of starts and stops, with times given. */
class ConnectSchemaTest {
  private static final ConnectVersion OLD = ConnectVersion.parse("2024.08.0");
  private static final ConnectVersion NEW = ConnectVersion.parse("2024.10.0");
  private static final Instant T0 = Instant.parse("2024-10-01T10:00:00Z");
  private static final String A = "i-0aaaaaaaaaaaaaaaa";
  private static final String B = "i-0bbbbbbbbbbbbbbbb";

  private final ConnectSchema schema = new ConnectSchema(OLD);

  private static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  private void log(int seconds, String node, Kind kind, ConnectVersion version) {
    schema.record(new ServiceEvent(at(seconds), node, kind, version));
  }

  @BeforeEach
  void bothNodesServeTheOldVersion() {
    log(0, A, Kind.START, OLD);
    log(0, B, Kind.START, OLD);
  }

  @Test
  void theFirstStartOfANewerConnectMigratesTheSchema() {
    log(10, A, Kind.STOP, OLD);
    log(10, B, Kind.STOP, OLD);
    log(20, A, Kind.START, NEW);

    assertEquals(NEW, schema.version());
    assertEquals(List.of(new ConnectSchema.Migration(at(20), A, OLD, NEW)), schema.migrations());
    log(30, B, Kind.START, NEW);
    assertEquals(1, schema.migrations().size(), "the second node on the new version migrates nothing");
  }

  @Test
  void positsUpgradeOrderKeepsTheRule() {
    log(10, A, Kind.STOP, OLD);
    log(10, B, Kind.STOP, OLD);
    log(20, A, Kind.START, NEW);
    log(30, B, Kind.START, NEW);

    assertEquals(List.of(), schema.violations(at(3600)));
  }

  @Test
  void anOldStartAfterTheMigrationIsAViolationEvenThoughConnectRefusedIt() {
    log(10, A, Kind.STOP, OLD);
    log(10, B, Kind.STOP, OLD);
    log(20, A, Kind.START, NEW);
    log(25, B, Kind.REFUSED, OLD);

    List<String> violations = schema.violations(at(26));

    assertEquals(1, violations.size(), violations.toString());
    assertEquals(B + " started Connect 2024.08.0 at " + at(25) + " after the schema migrated to 2024.10.0 at " + at(20)
        + " (by " + A + "); Connect refused to run against the newer schema", violations.get(0));
  }

  @Test
  void anOldNodeRunningAtTheMigrationMayRunUpToThirtySeconds() {
    log(10, A, Kind.STOP, OLD);
    log(20, A, Kind.START, NEW);
    log(50, B, Kind.SHUTDOWN, OLD);

    assertEquals(List.of(), schema.violations(at(3600)));
  }

  @Test
  void anOldNodeThatRanLongerIsAViolation() {
    log(10, A, Kind.STOP, OLD);
    log(20, A, Kind.START, NEW);
    log(65, B, Kind.STOP, OLD);

    List<String> violations = schema.violations(at(3600));

    assertEquals(List.of(B + " ran Connect 2024.08.0 until " + at(65) + ", 45 s after the schema migrated to 2024.10.0 at "
        + at(20) + " (by " + A + ") (at most 30 s)"), violations);
  }

  @Test
  void anOldNodeStillRunningIsAViolationOnlyOnceThirtySecondsHavePassed() {
    log(10, A, Kind.STOP, OLD);
    log(20, A, Kind.START, NEW);

    assertEquals(List.of(), schema.violations(at(50)));
    List<String> late = schema.violations(at(51));
    assertEquals(1, late.size());
    assertTrue(late.get(0).startsWith(B + " still runs Connect 2024.08.0, more than 30 s after the schema migrated"), late.get(0));
  }

  @Test
  void theLogSaysWhatRunsOnANode() {
    log(10, A, Kind.STOP, OLD);

    assertTrue(schema.running(A).isEmpty());
    assertEquals(at(0), schema.running(B).orElseThrow().at());
    assertEquals(List.of(at(0), at(0), at(10)), schema.events().stream().map(ServiceEvent::at).toList());
  }

  @Test
  void aResetForgetsTheHistory() {
    log(20, A, Kind.START, NEW);

    schema.reset(OLD);

    assertEquals(OLD, schema.version());
    assertEquals(List.of(), schema.events());
    assertEquals(List.of(), schema.migrations());
  }
}
