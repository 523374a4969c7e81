package dev.connectha.inventory;

import static dev.connectha.inventory.HealthyCluster.AZ_A;
import static dev.connectha.inventory.HealthyCluster.AZ_B;
import static dev.connectha.inventory.HealthyCluster.NODE_A;
import static dev.connectha.inventory.HealthyCluster.NODE_B;
import static dev.connectha.inventory.HealthyCluster.NODE_C;
import static dev.connectha.inventory.HealthyCluster.node;
import static dev.connectha.inventory.HealthyCluster.stopped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.config.Config;
import dev.connectha.config.DocumentKind;
import dev.connectha.errors.ClusterNotFoundException;
import dev.connectha.fakes.FakeClusterRegistry;
import dev.connectha.fakes.FakeDatabase;
import dev.connectha.fakes.FakeFileSystems;
import dev.connectha.fakes.FakeLearnedStates;
import dev.connectha.fakes.FakeNodeCommands;
import dev.connectha.fakes.FakeNodeDirectory;
import dev.connectha.fakes.FakeTargetGroupSettings;
import dev.connectha.json.Json;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ClusterState;
import dev.connectha.model.ClusterVersions;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.EksPlacement;
import dev.connectha.model.Topology;
import dev.connectha.model.LearnedState;
import dev.connectha.model.Node;
import dev.connectha.model.NodeFacts;
import dev.connectha.model.NodeReport;
import dev.connectha.ports.NodeCommands.CommandResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterDescriberTest {
  static final Instant NOW = Instant.parse("2025-06-07T08:09:10Z");
  static final Config CONFIG = Config.from(Map.of(
      "AWS_REGION", "eu-west-1",
      "NODE_DOCUMENT_PREFIX", "test-stack-",
      "COMMAND_TIMEOUT_SECONDS", "45"));

  /** Every adapter call, in order, across all fakes. */
  final List<String> calls = new ArrayList<>();

  final HealthyCluster healthy = HealthyCluster.twoNodes();
  final ClusterState expected = healthy.build();

  final FakeClusterRegistry registry = new FakeClusterRegistry(calls, expected.cluster());
  final FakeLearnedStates learned = new FakeLearnedStates(calls);
  final FakeNodeDirectory nodeDirectory = new FakeNodeDirectory(calls, expected.nodes());
  final FakeTargetGroupSettings targetGroupSettings = new FakeTargetGroupSettings(calls, expected.loadBalancing());
  final FakeDatabase database = new FakeDatabase(calls, expected.database());
  final FakeFileSystems fileSystems = new FakeFileSystems(calls, new ArrayList<>());
  /** Answers each node with its healthy facts as JSON unless a result is scripted for it. */
  final FakeNodeCommands commands = new FakeNodeCommands(calls, (document, parameters, instanceId) -> factsJson(instanceId));

  final ClusterDescriber describer = new ClusterDescriber(registry, learned, nodeDirectory, targetGroupSettings, database,
      fileSystems, commands, CONFIG, Clock.fixed(NOW, ZoneOffset.UTC));

  {
    fileSystems.add(expected.fileSystem());
  }

  static String factsJson(String instanceId) {
    try {
      return Json.MAPPER.writeValueAsString(new HealthyCluster.Facts(instanceId).build());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static CommandResult success(String instanceId, String stdout) {
    return new CommandResult(instanceId, "Success", stdout, "");
  }

  private ClusterState describe() {
    return describer.describe(new DescribeClusterInput(HealthyCluster.NAME, 2, "exec-1"));
  }

  private static NodeReport reportFor(ClusterState state, String instanceId) {
    return state.nodeReports().stream().filter(r -> r.instanceId().equals(instanceId)).findFirst().orElseThrow();
  }

  // ---- tests --------------------------------------------------------------------------------

  @Test
  void describesTheClusterFromEveryAdapter() {
    ClusterState state = describe();

    assertEquals(expected.cluster(), state.cluster());
    assertEquals(NOW, state.describedAt());
    assertEquals(expected.nodes(), state.nodes());
    assertEquals(expected.loadBalancing(), state.loadBalancing());
    assertEquals(expected.database(), state.database());
    assertEquals(expected.fileSystem(), state.fileSystem());
    assertEquals(expected.nodeReports(), state.nodeReports(), "facts parsed back from the command's JSON");
    assertEquals(List.of(
        "registry.load prod",
        "nodes.nodesOf prod",
        "commands.run " + CONFIG.documentName(DocumentKind.NODE_FACTS),
        "learned.find prod",
        "targetGroupSettings.describe " + HealthyCluster.TARGET_GROUP,
        "database.describe " + HealthyCluster.DB_ID,
        "efs.describe " + HealthyCluster.FS_ID), calls);
  }

  @Test
  void reportsTheRegisteredVersionAsBothVersionsWhileNothingIsLearned() {
    ClusterState state = describe();

    assertEquals(new ClusterVersions(expected.cluster().connectVersion(), expected.cluster().connectVersion(), null),
        state.versions());
  }

  @Test
  void reportsTheLearnedSchemaAndNodesVersionsApartFromTheRegisteredOne() {
    LearnedState.Recorded schema = new LearnedState.Recorded(ConnectVersion.parse("2024.10.0"), NOW, "e-halted");
    learned.states.put("prod", new LearnedState("prod", schema, null));

    ClusterState state = describe();

    assertEquals(ConnectVersion.parse("2024.10.0"), state.versions().schemaVersion(), "a node started 2024.10.0");
    assertEquals(expected.cluster().connectVersion(), state.versions().nodesVersion(), "no upgrade finished yet");
    assertEquals(schema, state.versions().learned().schemaVersion(), "when and by which execution");
    assertEquals(expected.cluster(), state.cluster(), "the registered document is reported as it is");
  }

  @Test
  void aDescribedHealthyClusterPassesTheChecklist() {
    assertEquals(List.of(), new HaChecklist().check(describe()).failedRules());
  }

  @Test
  void asksOnlyRunningNodesForFacts() {
    nodeDirectory.nodes = List.of(node(NODE_A, AZ_A), stopped(NODE_B, AZ_B),
        new Node(NODE_C, AZ_A, "subnet-a", "pending", null));

    ClusterState state = describe();

    assertEquals(List.of(List.of(NODE_A)), commands.askedNodes);
    assertEquals(List.of(NODE_A), state.nodeReports().stream().map(NodeReport::instanceId).toList());
    assertEquals(3, state.nodes().size(), "every member is still described");
  }

  @Test
  void asksNoNodeWhenNoneIsRunning() {
    nodeDirectory.nodes = List.of(stopped(NODE_A, AZ_A), stopped(NODE_B, AZ_B));

    ClusterState state = describe();

    assertEquals(List.of(List.of()), commands.askedNodes);
    assertEquals(List.of(), state.nodeReports());
  }

  @Test
  void runsTheConfiguredDocumentWithTheInputsPollAndTheConfiguredTimeout() {
    describe();
    assertEquals(List.of(Duration.ofSeconds(2)), commands.polls);
    assertEquals(List.of(Duration.ofSeconds(45)), commands.timeouts);
  }

  @Test
  void pollsAtLeastEverySecond() {
    describer.describe(new DescribeClusterInput(HealthyCluster.NAME, 0, null));
    assertEquals(List.of(Duration.ofSeconds(1)), commands.polls);
  }

  @Test
  void aFailedCommandBecomesAReportWithTheErrorAndNoFacts() {
    commands.scripted.put(NODE_B, new CommandResult(NODE_B, "Failed", "", "rstudio-connect: command not found\n"));

    ClusterState state = describe();

    NodeReport b = reportFor(state, NODE_B);
    assertEquals("Failed", b.commandStatus());
    assertNull(b.facts());
    assertFalse(b.ok());
    assertEquals("node facts command Failed: rstudio-connect: command not found", b.error());
    assertTrue(reportFor(state, NODE_A).ok(), "the other node still reports");
  }

  @Test
  void aTimedOutCommandWithoutOutputSaysSo() {
    commands.scripted.put(NODE_A, new CommandResult(NODE_A, "TimedOut", null, null));
    assertEquals("node facts command TimedOut: (no output)", reportFor(describe(), NODE_A).error());
  }

  @Test
  void keepsOnlyTheTailOfALongError() {
    String stderr = "x".repeat(1000) + "the real reason";
    commands.scripted.put(NODE_A, new CommandResult(NODE_A, "Failed", "", stderr));

    String error = reportFor(describe(), NODE_A).error();

    assertTrue(error.endsWith("...".concat(stderr.substring(stderr.length() - 300))), error);
    assertTrue(error.length() < 400, "error is bounded: " + error.length());
  }

  @Test
  void invalidJsonOutputBecomesAnErrorReport() {
    commands.scripted.put(NODE_B, success(NODE_B, "connectVersion=2024.08.0\n"));

    NodeReport b = reportFor(describe(), NODE_B);

    assertEquals("Success", b.commandStatus());
    assertNull(b.facts());
    assertTrue(b.error().startsWith("node facts are not valid JSON: "), b.error());
  }

  @Test
  void jsonOfTheWrongShapeBecomesAnErrorReport() {
    commands.scripted.put(NODE_B, success(NODE_B, "{\"runAsUid\":\"rstudio-connect\"}"));
    NodeReport b = reportFor(describe(), NODE_B);
    assertNull(b.facts());
    assertTrue(b.error().startsWith("node facts are not valid JSON: "), b.error());
  }

  @Test
  void emptyOutputBecomesAnErrorReport() {
    commands.scripted.put(NODE_B, success(NODE_B, ""));
    NodeReport b = reportFor(describe(), NODE_B);
    assertNull(b.facts());
    assertTrue(b.error() != null && !b.error().isBlank());
  }

  @Test
  void missingOutputBecomesAnErrorReport() {
    commands.scripted.put(NODE_B, success(NODE_B, null));
    NodeReport b = reportFor(describe(), NODE_B);
    assertNull(b.facts());
    assertTrue(b.error() != null && !b.error().isBlank());
  }

  @Test
  void aJsonNullBecomesAnErrorReport() {
    commands.scripted.put(NODE_B, success(NODE_B, "null"));
    NodeReport b = reportFor(describe(), NODE_B);
    assertFalse(b.ok());
    assertTrue(b.error() != null && !b.error().isBlank(), "a report without facts says why");
  }

  @Test
  void readsTheFactsTheNodeScriptPrints() {
    commands.scripted.put(NODE_A, success(NODE_A, """
        {"connectVersion":"2024.08.0","serviceState":"active","configHash":"abc123",
         "databaseProvider":"postgres","postgresHost":"db.example","serverDataDir":"/mnt/connect/data",
         "databaseDir":"/mnt/connect/data/db","landingDir":"/mnt/connect/data/landing",
         "dataDirFsType":"nfs4","dataDirSource":"fs-0123abcd.efs.eu-west-1.amazonaws.com:/",
         "metricsDataPath":"/var/lib/rstudio-connect-metrics","metricsFsType":"xfs","graphiteEnabled":false,
         "runAsUser":"rstudio-connect","runAsUid":999,"runAsGid":998,
         "appsRunAsUser":"rstudio-connect","appsRunAsUid":999,"appsRunAsGid":998,
         "clockSource":"chrony","clockSynchronized":true,"clockOffsetSeconds":0.000123,
         "kernel":"6.1.0"}
        """));

    NodeFacts facts = reportFor(describe(), NODE_A).facts();

    assertEquals("2024.08.0", facts.connectVersion());
    assertEquals("fs-0123abcd.efs.eu-west-1.amazonaws.com:/", facts.dataDirSource());
    assertEquals(999, facts.runAsUid());
    assertTrue(facts.clockSynchronized());
    assertEquals(0.000123, facts.clockOffsetSeconds());
  }

  @Test
  void aClusterWithoutTargetGroupIsDescribedWithoutReadingOne() {
    ClusterDocument single = HealthyCluster.singleServer().document();
    registry.documents.put(HealthyCluster.NAME, single);

    ClusterState state = describe();

    assertNull(state.loadBalancing());
    assertTrue(calls.stream().noneMatch(c -> c.startsWith("targetGroupSettings.")), calls.toString());
  }

  @Test
  void anUnknownClusterFailsBeforeAnyOtherAdapterIsCalled() {
    ClusterNotFoundException e = assertThrows(ClusterNotFoundException.class,
        () -> describer.describe(new DescribeClusterInput("staging", null, null)));

    assertEquals("no cluster staging", e.getMessage());
    assertEquals(List.of("registry.load staging"), calls);
  }

  @Test
  void adapterErrorsPropagate() {
    RuntimeException boom = new IllegalStateException("boom");
    ClusterDescriber failing = new ClusterDescriber(registry, learned, nodeDirectory, targetGroupSettings, c -> {
      throw boom;
    }, fileSystems, commands, CONFIG, Clock.fixed(NOW, ZoneOffset.UTC));
    assertSame(boom, assertThrows(IllegalStateException.class, () -> failing.describe(
        new DescribeClusterInput(HealthyCluster.NAME, 1, null))));
  }

  @Test
  void anEksClusterIsDescribedWithoutLookingForNodesOrSendingACommand() {
    ClusterDocument d = expected.cluster();
    ClusterDocument eks = new ClusterDocument("prod-eks", d.targetGroupArn(), d.dbInstanceId(), null, d.fileSystemId(),
        null, Map.of(), null, null, null, 2, d.connectVersion(), null, null, null, null, null, null, null, null, null,
        Topology.EKS, new EksPlacement("prod-eks", "connect", "connect-rstudio-connect", null, "connect", null));
    ClusterDescriber onEks = new ClusterDescriber(new FakeClusterRegistry(calls, eks), learned, nodeDirectory,
        targetGroupSettings, database, fileSystems, commands, CONFIG, Clock.fixed(NOW, ZoneOffset.UTC));

    ClusterState state = onEks.describe(new DescribeClusterInput("prod-eks", 1, null));

    assertTrue(state.nodes().isEmpty());
    assertTrue(state.nodeReports().isEmpty());
    assertTrue(calls.stream().noneMatch(c -> c.startsWith("nodes.") || c.startsWith("commands.")), calls::toString);
    assertEquals(expected.database(), state.database());
    assertEquals(expected.fileSystem(), state.fileSystem());
  }
}
