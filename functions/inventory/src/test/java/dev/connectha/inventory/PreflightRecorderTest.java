package dev.connectha.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.fakes.FakeLearnedStates;
import dev.connectha.json.Json;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.FindingStatus;
import dev.connectha.model.LearnedState;
import dev.connectha.model.LearnedState.Preflight;
import dev.connectha.model.LearnedState.Recorded;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricResolution;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/** RecordPreflight over the shared learned-records fake: the rules that changed since the previous preflight. */
class PreflightRecorderTest {
  static final Instant BEFORE = Instant.parse("2026-11-29T06:00:00Z");
  static final Instant NOW = Instant.parse("2026-11-30T06:00:00Z");

  final List<String> calls = new ArrayList<>();
  final FakeLearnedStates learned = new FakeLearnedStates(calls);
  final RecordPreflightHandler handler = new RecordPreflightHandler(
      new PreflightRecorder(learned, Clock.fixed(NOW, ZoneOffset.UTC)), "ConnectHaTest");

  private void previously(String... failedRules) {
    learned.states.put("prod", LearnedState.none("prod").withPreflight(new Preflight(List.of(failedRules), BEFORE, "e-0")));
  }

  private JsonNode invoke(String verdict, String... failedRules) throws Exception {
    String input = Json.MAPPER.createObjectNode().put("cluster", "prod").put("verdict", verdict)
        .put("summary", "Preflight of prod: " + verdict).put("executionId", "e-1")
        .set("failedRules", Json.MAPPER.valueToTree(List.of(failedRules))).toString();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, null);
    return Json.MAPPER.readTree(out.toByteArray());
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  @Test
  void namesARuleThatTurnedFromPassToFailInTheSummary() throws Exception {
    previously();

    JsonNode drift = invoke("FAIL", "sticky-sessions");

    assertEquals(List.of("sticky-sessions"), texts(drift.get("turnedFailing")));
    assertEquals(List.of(), texts(drift.get("turnedPassing")));
    String summary = drift.get("summary").asText();
    assertTrue(summary.startsWith("Preflight of prod: FAIL"), summary);
    assertTrue(summary.contains("Drift since the previous preflight (2026-11-29T06:00:00Z):\n- now failing: sticky-sessions"),
        summary);
    assertEquals(new Preflight(List.of("sticky-sessions"), NOW, "e-1"), learned.states.get("prod").lastPreflight());
  }

  @Test
  void aRuleThatFailedAlreadyDidNotTurn() throws Exception {
    previously("sticky-sessions");

    JsonNode drift = invoke("FAIL", "sticky-sessions");

    assertEquals(List.of("sticky-sessions"), texts(drift.get("failedRules")));
    assertEquals(List.of(), texts(drift.get("turnedFailing")));
    assertTrue(drift.get("summary").asText().contains("Drift: no rule changed since the previous preflight"),
        drift.get("summary").asText());
  }

  @Test
  void namesARuleThatTurnedFromFailToPassInTheSummary() throws Exception {
    previously("clock-sync", "sticky-sessions");

    JsonNode drift = invoke("FAIL", "clock-sync");

    assertEquals(List.of(), texts(drift.get("turnedFailing")));
    assertEquals(List.of("sticky-sessions"), texts(drift.get("turnedPassing")));
    String summary = drift.get("summary").asText();
    assertTrue(summary.contains("- now passing: sticky-sessions"), summary);
    assertFalse(summary.contains("now failing"), summary);
  }

  @Test
  void theFirstPreflightOfAClusterHasNothingThatTurned() throws Exception {
    JsonNode drift = invoke("FAIL", "sticky-sessions");

    assertEquals(List.of(), texts(drift.get("turnedFailing")));
    assertNull(drift.get("previousAt"));
    assertTrue(drift.get("summary").asText().contains("first recorded preflight"), drift.get("summary").asText());
    assertEquals(List.of("learned.find prod", "change learned.save prod schema=- nodes=-"), calls);
  }

  @Test
  void keepsTheLearnedVersionsWhenItRecordsAPreflight() throws Exception {
    Recorded schema = new Recorded(ConnectVersion.parse("2024.09.1"), BEFORE, "e-upgrade");
    learned.states.put("prod", new LearnedState("prod", schema, schema));

    invoke("PASS");

    LearnedState after = learned.states.get("prod");
    assertEquals(schema, after.schemaVersion());
    assertEquals(schema, after.nodesVersion());
    assertEquals(new Preflight(List.of(), NOW, "e-1"), after.lastPreflight());
  }

  @Test
  void emitsTheFailedAndTurnedRulesForEveryClusterAndPerCluster() throws Exception {
    previously("clock-sync");
    PreflightDrift drift = new PreflightRecorder(learned, Clock.fixed(NOW, ZoneOffset.UTC)).record(new RecordPreflightInput(
        "prod", FindingStatus.FAIL, List.of("clock-sync", "sticky-sessions", "uid-match"), "Preflight of prod: FAIL", "e-1"));
    RecordedMetrics metrics = new RecordedMetrics();

    handler.addMetrics(metrics, drift);

    assertEquals(List.of("PreflightFailedRules=3.0", "PreflightRulesTurnedFailing=2.0"), metrics.added);
    assertEquals(List.of("ConnectHaTest {Cluster=prod} PreflightFailedRules=3.0",
        "ConnectHaTest {Cluster=prod} PreflightRulesTurnedFailing=2.0"), metrics.flushedSingly);
  }

  @Test
  void aPassingPreflightEmitsZeroes() throws Exception {
    PreflightDrift drift = new PreflightRecorder(learned, Clock.fixed(NOW, ZoneOffset.UTC)).record(
        new RecordPreflightInput("prod", FindingStatus.PASS, List.of(), "Preflight of prod: PASS", "e-1"));
    RecordedMetrics metrics = new RecordedMetrics();

    handler.addMetrics(metrics, drift);

    assertEquals(List.of("PreflightFailedRules=0.0", "PreflightRulesTurnedFailing=0.0"), metrics.added);
  }

  /** The metrics a handler adds to its invocation's EMF document, and those it flushes with their own dimensions. */
  static final class RecordedMetrics implements Metrics {
    final List<String> added = new ArrayList<>();
    final List<String> flushedSingly = new ArrayList<>();

    @Override
    public void addMetric(String name, double value, MetricUnit unit, MetricResolution resolution) {
      added.add(name + "=" + value);
    }

    @Override
    public void flushSingleMetric(String name, double value, MetricUnit unit, String namespace, DimensionSet dimensions) {
      flushedSingly.add(namespace + " " + dimensions.getDimensions() + " " + name + "=" + value);
    }

    @Override
    public void addDimension(DimensionSet dimensionSet) {}

    @Override
    public void setTimestamp(Instant timestamp) {}

    @Override
    public void addMetadata(String key, Object value) {}

    @Override
    public void setDefaultDimensions(DimensionSet dimensionSet) {}

    @Override
    public DimensionSet getDefaultDimensions() {
      return new DimensionSet();
    }

    @Override
    public void setNamespace(String namespace) {}

    @Override
    public void setRaiseOnEmptyMetrics(boolean raiseOnEmptyMetrics) {}

    @Override
    public void clearDefaultDimensions() {}

    @Override
    public void flush() {}

    @Override
    public void captureColdStartMetric(Context context, DimensionSet dimensions) {}

    @Override
    public void captureColdStartMetric(DimensionSet dimensions) {}

    @Override
    public void flushMetrics(Consumer<Metrics> metricsConsumer) {}
  }
}
