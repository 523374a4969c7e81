package dev.connectha.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.connectha.config.Config;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.fakes.FakeClusterLocks;
import dev.connectha.fakes.FakeClusterRegistry;
import dev.connectha.fakes.FakeIncidents;
import dev.connectha.fakes.FakeNodeDirectory;
import dev.connectha.fakes.FakeWorkflows;
import dev.connectha.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenIncidentHandlerTest {
  private final List<String> calls = new ArrayList<>();
  private final FakeWorkflows workflows = new FakeWorkflows(calls);
  private final FakeIncidents incidents = new FakeIncidents(calls);
  private final FakeNodeDirectory nodes = new FakeNodeDirectory(calls, List.of());
  private final OpenIncidentHandler handler = new OpenIncidentHandler(new Intake(() -> incidents, () -> workflows,
      new FakeClusterRegistry(calls, IntakeTest.document("demo")), () -> nodes, () -> new FakeClusterLocks(calls),
      () -> { throw new AssertionError("no zonal shift is read for an opened incident"); },
      Config.from(Map.of("AWS_REGION", "us-east-1", "REMEDIATE_STATE_MACHINE_ARN", IntakeTest.REMEDIATE,
          "ENSURE_CAPACITY_STATE_MACHINE_ARN", IntakeTest.ENSURE)), Clock.systemUTC()), "ConnectHa");

  @Test
  void answersTheOpenedIncidentAndItsExecution() throws Exception {
    String out = invoke(Files.readString(Path.of("../../events/OpenIncidentFunction.json")));

    assertEquals(Json.MAPPER.readTree("""
        {"outcome": "opened", "reason": "az-impaired us-east-1a of cluster demo: remediation started",
         "incident": {"cluster": "demo", "kind": "az-impaired", "subject": "us-east-1a", "since": "2025-03-04T10:15:00Z"},
         "execution": "demo-us-east-1a-20250304T101500Z"}"""), Json.MAPPER.readTree(out));
  }

  @Test
  void anIgnoredEventAnswersEveryFieldWithNullsForWhatItDidNotDo() throws Exception {
    String out = invoke(Files.readString(Path.of("../../events/OpenIncidentFunction.ec2.json")));

    assertEquals(Json.MAPPER.readTree("""
        {"outcome": "ignored", "reason": "instance i-0123456789abcdef0 has no connect-ha:cluster tag",
         "incident": null, "execution": null}"""), Json.MAPPER.readTree(out));
    assertEquals(Map.of(), workflows.started);
  }

  @Test
  void aMalformedEventIsInvalidInputWithZeroCalls() {
    for (String input : List.of("not json", "[1]", "null", "{\"detail-type\": \"x\"}")) {
      assertThrows(InvalidInputException.class, () -> invoke(input), input);
    }
    assertEquals(List.of(), calls);
  }

  private String invoke(String input) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, null);
    return out.toString(StandardCharsets.UTF_8);
  }
}
