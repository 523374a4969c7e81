package dev.connectha.nodes;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.config.Config;
import dev.connectha.config.DocumentKind;
import dev.connectha.errors.ClusterNotFoundException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.errors.UnsafeToProceedException;
import dev.connectha.fakes.FakeClusterRegistry;
import dev.connectha.fakes.FakeLearnedStates;
import dev.connectha.fakes.FakeNodeCommands;
import dev.connectha.fakes.FakeNodeDirectory;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.LearnedState;
import dev.connectha.model.Node;
import dev.connectha.model.RunAsAccount;
import dev.connectha.ports.NodeCommands.CommandResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** NodeControl with the shared fakes of the cluster registry, the node directory and SSM. */
class NodeControlTest {
  static final String CLUSTER = "prod";
  static final String NODE_A = "i-0aaaaaaaaaaaaaaaa";
  static final String NODE_B = "i-0bbbbbbbbbbbbbbbb";
  static final String NODE_C = "i-0cccccccccccccccc";
  static final String OUTSIDER = "i-0ddddddddddddddd0";
  /** A function of the stack {@code test-stack}: its documents are {@code test-stack-<kind>} ({@link #doc}). */
  static final Config CONFIG = Config.from(Map.of("AWS_REGION", "eu-west-1", "NODE_DOCUMENT_PREFIX", "test-stack-"));

  /** The name of the test stack's document of {@code kind}. */
  static String doc(DocumentKind kind) {
    return CONFIG.documentName(kind);
  }
  static final String STOPPED = "{\"serviceState\":\"inactive\",\"connectVersion\":\"2024.08.0\",\"elapsedSeconds\":3}";
  static final String STARTED = "{\"serviceState\":\"active\",\"ping\":true,\"connectVersion\":\"2024.08.0\",\"elapsedSeconds\":9}";
  static final String STATUS_UP = "{\"connectVersion\":\"2024.08.0\",\"serviceState\":\"active\",\"ping\":true}";

  /** Every adapter call, in order, across all fakes. */
  final List<String> calls = new ArrayList<>();
  final FakeClusterRegistry registry = new FakeClusterRegistry(calls, document("https://cdn.posit.co/connect"));
  final FakeNodeDirectory directory = new FakeNodeDirectory(calls,
      List.of(running(NODE_A, "eu-west-1a"), running(NODE_B, "eu-west-1b")));
  /** What a node's status prints on success, when it differs from {@link #STATUS_UP}. */
  final Map<String, String> statusOf = new HashMap<>();
  /** Answers each node with the document's success output unless a result is scripted for it. */
  final FakeNodeCommands commands = new FakeNodeCommands(calls, (document, parameters, instanceId) -> switch (DocumentKind.ofName(document).orElseThrow()) {
    case STOP_CONNECT -> STOPPED;
    case START_CONNECT -> STARTED;
    case STAGE_CONNECT -> "{\"staged\":\"/var/cache/connect-ha/packages/rstudio-connect_"
        + parameters.get("version").get(0) + "~ubuntu22_amd64.deb\",\"version\":\"" + parameters.get("version").get(0) + "\"}";
    case INSTALL_CONNECT -> "{\"connectVersion\":\"" + parameters.get("version").get(0) + "\"}";
    default -> statusOf.getOrDefault(instanceId, STATUS_UP);
  });
  /** The learned versions; their reads are logged apart, so that {@link #calls} shows what reaches SSM and EC2. */
  final List<String> learnedCalls = new ArrayList<>();
  final FakeLearnedStates learned = new FakeLearnedStates(learnedCalls);
  final NodeControl control = new NodeControl(registry, directory, commands, learned, CONFIG);

  static ClusterDocument document(String packageSource) {
    return new ClusterDocument(CLUSTER, "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/connect/0123",
        "connect-db", null, "fs-0123abcd", "lt-0123", Map.of("eu-west-1a", "subnet-a", "eu-west-1b", "subnet-b"),
        "Default", null, packageSource, 2, ConnectVersion.parse("2024.08.0"));
  }

  static Node running(String id, String az) {
    return new Node(id, az, "subnet-" + az.charAt(az.length() - 1), "running", "10.0.0.1");
  }

  static Node inState(String id, String state) {
    return new Node(id, "eu-west-1c", "subnet-c", state, null);
  }

  static RunNodeCommandInput input(String document, List<String> instanceIds) {
    return new RunNodeCommandInput(CLUSTER, document, instanceIds, 2, 45, "exec-1");
  }

  private List<String> sends() {
    return calls.stream().filter(c -> c.startsWith("commands.run")).toList();
  }

  // ---- checks before anything is sent ---------------------------------------------------------

  @Test
  void rejectsAnInstanceOutsideTheClusterBeforeSendingAnything() {
    PreconditionFailedException e = assertThrows(PreconditionFailedException.class,
        () -> control.run(input("stop", List.of(NODE_A, OUTSIDER))));

    assertTrue(e.getMessage().contains(OUTSIDER + " is not a node of cluster prod"), e.getMessage());
    assertEquals(List.of(), sends());
  }

  @ParameterizedTest
  @ValueSource(strings = {"stopped", "stopping", "pending"})
  void rejectsANamedNodeThatIsNotRunningBeforeSendingAnything(String state) {
    directory.nodes = List.of(running(NODE_A, "eu-west-1a"), inState(NODE_C, state));

    PreconditionFailedException e = assertThrows(PreconditionFailedException.class,
        () -> control.run(input("start", List.of(NODE_A, NODE_C))));

    assertTrue(e.getMessage().contains(NODE_C + " is " + state), e.getMessage());
    assertEquals(List.of(), sends());
  }

  @Test
  void aClusterWithoutARunningNodeIsAPreconditionFailureAndNothingIsSent() {
    directory.nodes = List.of(inState(NODE_A, "stopped"), inState(NODE_B, "stopped"));

    PreconditionFailedException e = assertThrows(PreconditionFailedException.class,
        () -> control.run(input("status", null)));

    assertTrue(e.getMessage().contains("cluster prod has no running node to status"), e.getMessage());
    assertTrue(e.getMessage().contains(NODE_A + " stopped"), e.getMessage());
    assertEquals(List.of(), sends());
  }

  @Test
  void aClusterWithoutAnyInstanceNamesTheTagItLookedFor() {
    directory.nodes = List.of();

    PreconditionFailedException e = assertThrows(PreconditionFailedException.class,
        () -> control.run(input("stop", null)));

    assertTrue(e.getMessage().contains("connect-ha:cluster=prod"), e.getMessage());
    assertEquals(List.of(), sends());
  }

  @Test
  void anUnregisteredClusterIsNotFoundBeforeItsNodesAreLookedUp() {
    assertThrows(ClusterNotFoundException.class,
        () -> control.run(new RunNodeCommandInput("staging", "stop", null, null, null, null)));

    assertEquals(List.of("registry.load staging"), calls);
  }

  // ---- what is sent ---------------------------------------------------------------------------

  @Test
  void withoutInstanceIdsEveryRunningNodeOfTheClusterIsTargeted() {
    directory.nodes = List.of(running(NODE_A, "eu-west-1a"), inState(NODE_B, "stopped"), running(NODE_C, "eu-west-1c"));

    NodeCommandReport report = control.run(input("status", null));

    assertEquals(List.of(List.of(NODE_A, NODE_C)), commands.askedNodes);
    assertEquals(List.of(NODE_A, NODE_C), report.results().stream().map(NodeResult::instanceId).toList());
  }

  @Test
  void everyRunningNodeButTheExceptedIsTargeted() {
    directory.nodes = List.of(running(NODE_A, "eu-west-1a"), inState(NODE_B, "stopped"), running(NODE_C, "eu-west-1c"));

    NodeCommandReport report = control.run(new RunNodeCommandInput(CLUSTER, "start", null, 1, 60, "exec-1", null, null,
        null, List.of(NODE_A), null));

    assertEquals(List.of(List.of(NODE_C)), commands.askedNodes);
    assertEquals(List.of(NODE_C), report.results().stream().map(NodeResult::instanceId).toList());
  }

  @Test
  void whenTheExceptedAreTheOnlyRunningNodesNothingIsSentAndTheErrorSaysSo() {
    directory.nodes = List.of(running(NODE_A, "eu-west-1a"), inState(NODE_B, "stopped"));

    PreconditionFailedException e = assertThrows(PreconditionFailedException.class, () -> control.run(
        new RunNodeCommandInput(CLUSTER, "start", null, 1, 60, "exec-1", null, null, null, List.of(NODE_A), null)));

    assertTrue(e.getMessage().contains("has no running node to start but " + NODE_A), e.getMessage());
    assertEquals(List.of(), sends());
  }

  @Test
  void namedNodesAreTargetedInTheOrderGiven() {
    control.run(input("stop", List.of(NODE_B, NODE_A)));

    assertEquals(List.of(List.of(NODE_B, NODE_A)), commands.askedNodes);
  }

  @ParameterizedTest
  @CsvSource({"stop, STOP_CONNECT", "start, START_CONNECT", "status, CONNECT_STATUS"})
  void sendsTheDocumentTheEnvironmentNamesOnce(String document, DocumentKind kind) {
    String documentName = doc(kind);
    NodeCommandReport report = control.run(input(document, null));

    assertEquals(List.of(Map.of()), commands.parameters, "stop, start and status take no parameters");
    assertEquals(List.of("registry.load prod", "nodes.nodesOf prod", "commands.run " + documentName), calls);
    assertEquals(document, report.document());
    assertEquals(documentName, report.documentName());
  }

  @Test
  void ssmIsReadFourTimesPerWorkflowPollAndTheTimeoutComesFromTheInput() {
    control.run(new RunNodeCommandInput(CLUSTER, "start", null, 8, 200, null));

    assertEquals(Duration.ofSeconds(2), commands.polls.getLast());
    assertEquals(Duration.ofSeconds(200), commands.timeouts.getLast());
  }

  @Test
  void pollSecondsZeroStillWaitsAQuarterSecondBetweenReads() {
    control.run(new RunNodeCommandInput(CLUSTER, "status", null, 0, null, null));

    assertEquals(Duration.ofMillis(250), commands.polls.getLast());
    assertEquals(Duration.ofSeconds(300), commands.timeouts.getLast());
  }

  // ---- results --------------------------------------------------------------------------------

  @Test
  void stoppedNodesReportTheirStateAndVersion() {
    NodeCommandReport report = control.run(input("stop", null));

    assertTrue(report.allSucceeded());
    assertEquals(CLUSTER, report.cluster());
    for (NodeResult r : report.results()) {
      assertAll(
          () -> assertEquals("Success", r.status()),
          () -> assertEquals("inactive", r.serviceState()),
          () -> assertNull(r.ping(), "the stop document does not ping"),
          () -> assertEquals("2024.08.0", r.connectVersion()),
          () -> assertNull(r.error()),
          () -> assertTrue(r.succeeded()));
    }
  }

  @Test
  void startedNodesReportActiveAndAnsweringPing() {
    NodeResult r = control.run(input("start", List.of(NODE_A))).results().get(0);

    assertEquals("active", r.serviceState());
    assertEquals(Boolean.TRUE, r.ping());
    assertTrue(r.succeeded());
  }

  @Test
  void aFailedNodeIsReportedWithItsStderrWhileTheOthersSucceed() {
    commands.scripted.put(NODE_B, new CommandResult(NODE_B, "Failed", "",
        "ConnectHa-StopConnect: rstudio-connect is still active 60s after 'systemctl stop'\n"));

    NodeCommandReport report = control.run(input("stop", null));

    assertFalse(report.allSucceeded());
    assertEquals(1, report.failed());
    assertTrue(report.results().get(0).succeeded());
    NodeResult failed = report.results().get(1);
    assertEquals("Failed", failed.status());
    assertFalse(failed.succeeded());
    assertNull(failed.serviceState());
    assertEquals("stop Failed: ConnectHa-StopConnect: rstudio-connect is still active 60s after 'systemctl stop'",
        failed.error());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"serviceState\":", "not json", "[1, 2]", "{\"ping\":\"maybe\"}"})
  void malformedOutputIsAnErrorInThatNodesResult(String stdout) {
    commands.scripted.put(NODE_A, new CommandResult(NODE_A, "Success", stdout, ""));

    NodeCommandReport report = control.run(input("status", null));

    NodeResult r = report.results().get(0);
    assertEquals("Success", r.status());
    assertFalse(r.succeeded());
    assertTrue(r.error().startsWith("status printed no valid JSON: "), r.error());
    assertTrue(report.results().get(1).succeeded());
    assertFalse(report.allSucceeded());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  \n", "null"})
  void emptyOutputIsAnErrorInThatNodesResult(String stdout) {
    commands.scripted.put(NODE_A, new CommandResult(NODE_A, "Success", stdout, ""));

    NodeResult r = control.run(input("stop", List.of(NODE_A))).results().get(0);

    assertFalse(r.succeeded());
    assertEquals("stop printed nothing", r.error());
  }

  @Test
  void outputMissingFromSsmIsAnErrorToo() {
    commands.scripted.put(NODE_A, new CommandResult(NODE_A, "Success", null, null));

    assertEquals("stop printed nothing", control.run(input("stop", List.of(NODE_A))).results().get(0).error());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "stop   | {\"serviceState\":\"active\"}                          | the stop ended but the service is active",
      "stop   | {\"serviceState\":\"deactivating\"}                    | the stop ended but the service is deactivating",
      "start  | {\"serviceState\":\"active\",\"ping\":false}             | the start ended but the service is active and /__ping__ does not answer",
      "start  | {\"serviceState\":\"failed\",\"ping\":true}              | the start ended but the service is failed and /__ping__ answers",
      "status | {\"connectVersion\":\"2024.08.0\"}                     | the status lacks serviceState or ping"})
  void aSuccessWhoseOutputMissesTheDocumentsGoalIsNotASuccess(String document, String stdout, String error) {
    commands.scripted.put(NODE_A, new CommandResult(NODE_A, "Success", stdout, ""));

    NodeResult r = control.run(input(document, List.of(NODE_A))).results().get(0);

    assertFalse(r.succeeded());
    assertEquals(error, r.error());
  }

  @Test
  void aStoppedConnectIsASuccessfulStatus() {
    commands.scripted.put(NODE_A, new CommandResult(NODE_A, "Success",
        "{\"connectVersion\":\"2024.08.0\",\"serviceState\":\"inactive\",\"ping\":false}", ""));

    NodeCommandReport report = control.run(input("status", null));

    assertTrue(report.allSucceeded(), "a status reports the state; it does not want Connect up");
    assertEquals("inactive", report.results().get(0).serviceState());
    assertEquals(Boolean.FALSE, report.results().get(0).ping());
  }

  @ParameterizedTest
  @CsvSource({"Failed, Undeliverable", "Failed, Terminated", "TimedOut, DeliveryTimedOut"})
  void aNodeLostUnderTheCommandIsReportedAsSuchWhileTheOthersSucceed(String status, String details) {
    commands.scripted.put(NODE_B, new CommandResult(NODE_B, status, details, "",
        "instance " + NODE_B + " went away during the command"));

    NodeCommandReport report = control.run(upgrade("install", "2024.10.0", null, null));

    assertFalse(report.allSucceeded());
    assertTrue(report.results().get(0).succeeded());
    NodeResult lost = report.results().get(1);
    assertEquals(status, lost.status());
    assertFalse(lost.succeeded());
    assertEquals("install " + status + " (" + details + "): instance stopped or terminated during the command"
        + " (instance " + NODE_B + " went away during the command)", lost.error());
  }

  @Test
  void aScriptThatFailsOnARunningNodeIsNotReportedAsALostNode() {
    commands.scripted.put(NODE_B, new CommandResult(NODE_B, "Failed", "Failed", "", "exit status 1"));

    NodeResult failed = control.run(input("stop", null)).results().get(1);

    assertEquals("stop Failed: exit status 1", failed.error());
  }

  @Test
  void aCommandStillRunningWhenTheWaitEndsIsReportedAsNotDone() {
    commands.scripted.put(NODE_B, new CommandResult(NODE_B, "InProgress", "", ""));

    NodeResult r = control.run(input("start", null)).results().get(1);

    assertEquals("InProgress", r.status());
    assertFalse(r.succeeded());
    assertEquals("start still InProgress after 45 s", r.error());
  }

  @Test
  void aLongStderrKeepsItsEnd() {
    commands.scripted.put(NODE_A, new CommandResult(NODE_A, "Failed", "", "x".repeat(2000) + " the reason"));

    String error = control.run(input("start", List.of(NODE_A))).results().get(0).error();

    assertTrue(error.endsWith(" the reason"), error);
    assertTrue(error.length() < 600, error);
  }

  // ---- stage, install and the expected version ------------------------------------------------

  static RunNodeCommandInput upgrade(String document, String version, String packageSource, String expectVersion) {
    return new RunNodeCommandInput(CLUSTER, document, null, 1, 60, "exec-1", version, packageSource, expectVersion, null, null);
  }

  @Test
  void aStageSendsTheVersionAndTheClusterDocumentsPackageSource() {
    NodeCommandReport report = control.run(upgrade("stage", "2024.10.0", null, null));

    assertEquals(List.of("registry.load prod", "nodes.nodesOf prod", "commands.run " + doc(DocumentKind.STAGE_CONNECT)), calls);
    assertEquals(List.of(Map.of("version", List.of("2024.10.0"), "packageSource", List.of("https://cdn.posit.co/connect"))),
        commands.parameters);
    assertTrue(report.allSucceeded(), report.toString());
    NodeResult r = report.results().get(0);
    assertEquals("/var/cache/connect-ha/packages/rstudio-connect_2024.10.0~ubuntu22_amd64.deb", r.staged());
    assertNull(r.connectVersion(), "a stage installs nothing");
    assertEquals("stage", report.document());
  }

  @Test
  void aStagesOwnPackageSourceWinsOverTheClusterDocuments() {
    control.run(upgrade("stage", "2024.10.0", "https://mirror.example.com/connect/", null));

    assertEquals(List.of("https://mirror.example.com/connect"), commands.parameters.get(0).get("packageSource"));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"s3://bucket/connect", "https://cdn.posit.co/connect'; reboot"})
  void aClusterWithoutAUsablePackageSourceCannotStageAndNothingIsSent(String packageSource) {
    registry.documents.put(CLUSTER, document(packageSource));

    PreconditionFailedException e = assertThrows(PreconditionFailedException.class,
        () -> control.run(upgrade("stage", "2024.10.0", null, null)));

    assertTrue(e.getMessage().contains("cluster prod has no usable packageSource"), e.getMessage());
    assertEquals(List.of(), sends());
  }

  @Test
  void anInstallSendsOnlyTheVersionAndReportsWhatIsInstalledNow() {
    NodeCommandReport report = control.run(upgrade("install", "2024.10.0", null, null));

    assertEquals(List.of(Map.of("version", List.of("2024.10.0"))), commands.parameters);
    assertTrue(report.allSucceeded());
    assertEquals("2024.10.0", report.results().get(1).connectVersion());
    assertEquals(doc(DocumentKind.INSTALL_CONNECT), report.documentName());
  }

  @Test
  void anInstallThatLeftAnotherVersionIsNotASuccess() {
    commands.scripted.put(NODE_A, new CommandResult(NODE_A, "Success", "{\"connectVersion\":\"2024.08.0\"}", ""));

    NodeResult r = control.run(upgrade("install", "2024.10.0", null, null)).results().get(0);

    assertFalse(r.succeeded());
    assertEquals("the install ended with Connect 2024.08.0 installed, not 2024.10.0", r.error());
  }

  @Test
  void aStageThatNamesNoPackageOrAnotherVersionIsNotASuccess() {
    commands.scripted.put(NODE_A, new CommandResult(NODE_A, "Success", "{\"version\":\"2024.10.0\"}", ""));
    commands.scripted.put(NODE_B, new CommandResult(NODE_B, "Success", "{\"staged\":\"/x.deb\",\"version\":\"2024.09.1\"}", ""));

    NodeCommandReport report = control.run(upgrade("stage", "2024.10.0", null, null));

    assertEquals("the stage ended without naming the staged package", report.results().get(0).error());
    assertEquals("the stage ended with 2024.09.1 staged, not 2024.10.0", report.results().get(1).error());
  }

  @Test
  void aMissingPackageIsTheNodesFailureWithTheScriptsReason() {
    commands.scripted.put(NODE_B, new CommandResult(NODE_B, "Failed", "",
        "ConnectHa-StageConnect: no package for Connect 2024.11.0 at https://cdn.posit.co/connect/2024.11/x.deb (HTTP 404)"));

    NodeCommandReport report = control.run(upgrade("stage", "2024.11.0", null, null));

    assertFalse(report.allSucceeded());
    assertTrue(report.results().get(1).error().startsWith("stage Failed: ConnectHa-StageConnect: no package for Connect 2024.11.0"));
  }

  @ParameterizedTest
  @CsvSource({"start, START_CONNECT", "status, CONNECT_STATUS"})
  void aNodeOnAnotherVersionThanExpectedIsNotASuccessAndTheErrorNamesBoth(String document, DocumentKind kind) {
    String documentName = doc(kind);
    NodeCommandReport report = control.run(upgrade(document, null, null, "2024.10.0"));

    assertEquals(List.of("commands.run " + documentName), sends());
    assertFalse(report.allSucceeded());
    for (NodeResult r : report.results()) {
      assertEquals("2024.08.0", r.connectVersion());
      assertEquals("Connect 2024.08.0 is installed, expected Connect 2024.10.0", r.error());
    }
  }

  @Test
  void aNodeOnTheExpectedVersionSucceeds() {
    assertTrue(control.run(upgrade("start", null, null, "2024.08.0")).allSucceeded());
  }

  @Test
  void aNodeWithoutConnectIsNotOnTheExpectedVersion() {
    commands.scripted.put(NODE_A, new CommandResult(NODE_A, "Success",
        "{\"connectVersion\":null,\"serviceState\":\"inactive\",\"ping\":false}", ""));

    assertEquals("no Connect is installed, expected Connect 2024.10.0",
        control.run(upgrade("status", null, null, "2024.10.0")).results().get(0).error());
  }

  @Test
  void aFailedStartKeepsTheScriptsReasonRatherThanTheVersion() {
    commands.scripted.put(NODE_A, new CommandResult(NODE_A, "Failed", "", "ConnectHa-StartConnect: rstudio-connect is failed"));

    assertEquals("start Failed: ConnectHa-StartConnect: rstudio-connect is failed",
        control.run(upgrade("start", null, null, "2024.10.0")).results().get(0).error());
  }

  // ---- a start never starts an old binary against a migrated schema ---------------------------

  /** A halted upgrade: the schema was migrated to 2024.10.0 while the nodes were last seen on 2024.08.0. */
  void schemaMigratedTo(String schema) {
    learned.states.put(CLUSTER, new LearnedState(CLUSTER,
        new LearnedState.Recorded(ConnectVersion.parse(schema), Instant.parse("2026-11-30T10:00:00Z"), "upgrade-1"), null));
  }

  void installed(String instanceId, String version) {
    statusOf.put(instanceId, "{\"connectVersion\":\"" + version + "\",\"serviceState\":\"inactive\",\"ping\":false}");
  }

  @Test
  void aStartSendsNothingToANodeOlderThanTheMigratedSchemaAndReportsWhy() {
    schemaMigratedTo("2024.10.0");
    installed(NODE_B, "2024.10.0");

    NodeCommandReport report = control.run(input("start", List.of(NODE_A, NODE_B)));

    assertEquals(List.of("commands.run " + doc(DocumentKind.CONNECT_STATUS), "commands.run " + doc(DocumentKind.START_CONNECT)), sends());
    assertEquals(List.of(List.of(NODE_A, NODE_B), List.of(NODE_B)), commands.askedNodes, "no start was sent to NODE_A");
    NodeResult old = report.results().get(0);
    assertEquals(NODE_A, old.instanceId());
    assertEquals("Refused", old.status());
    assertEquals("2024.08.0", old.connectVersion());
    assertEquals("installed 2024.08.0 is older than the schema's 2024.10.0: never start an old binary against a migrated schema",
        old.error());
    assertFalse(old.succeeded());
    assertTrue(report.results().get(1).succeeded());
    assertFalse(report.allSucceeded());
    assertTrue(report.sentSucceeded(), "the one start that was sent succeeded");
    assertEquals(List.of(NODE_A + ": " + old.error()), report.refused());
  }

  @Test
  void aStartWhereEveryNodeIsOldSendsNoStartAtAll() {
    schemaMigratedTo("2024.10.0");

    NodeCommandReport report = control.run(input("start", null));

    assertEquals(List.of("commands.run " + doc(DocumentKind.CONNECT_STATUS)), sends());
    assertEquals(2, report.refused().size());
    assertFalse(report.allSucceeded());
  }

  @Test
  void aNodeWhoseVersionCannotBeReadIsNotStartedWhileTheSchemaIsAhead() {
    schemaMigratedTo("2024.10.0");
    commands.scripted.put(NODE_A, new CommandResult(NODE_A, "Failed", "", "dpkg-query: not found"));

    NodeResult r = control.run(input("start", List.of(NODE_A))).results().get(0);

    assertEquals(List.of("commands.run " + doc(DocumentKind.CONNECT_STATUS)), sends());
    assertEquals("Refused", r.status());
    assertTrue(r.error().startsWith("its installed version could not be read (status Failed: dpkg-query: not found)"),
        r.error());
  }

  @Test
  void aStartReadsNoVersionWhenTheSchemaIsNotAheadOfTheNodes() {
    learned.states.put(CLUSTER, new LearnedState(CLUSTER,
        new LearnedState.Recorded(ConnectVersion.parse("2024.10.0"), Instant.parse("2026-11-30T10:00:00Z"), "upgrade-1"),
        new LearnedState.Recorded(ConnectVersion.parse("2024.10.0"), Instant.parse("2026-11-30T10:30:00Z"), "upgrade-1")));

    NodeCommandReport report = control.run(input("start", null));

    assertEquals(List.of("commands.run " + doc(DocumentKind.START_CONNECT)), sends());
    assertEquals(List.of(), report.refused());
    assertTrue(report.sentSucceeded());
  }

  @Test
  void aStopOrStatusIsNeverRefusedWhateverTheSchema() {
    schemaMigratedTo("2024.10.0");

    assertTrue(control.run(input("stop", null)).allSucceeded());
    assertTrue(control.run(input("status", null)).allSucceeded());
    assertEquals(List.of("commands.run " + doc(DocumentKind.STOP_CONNECT), "commands.run " + doc(DocumentKind.CONNECT_STATUS)), sends());
  }

  @Test
  void aStatusListsTheNodesWhoseConnectRuns() {
    installed(NODE_B, "2024.08.0");

    NodeCommandReport report = control.run(input("status", null));

    assertEquals(List.of(NODE_A), report.runningInstanceIds());
    assertNull(control.run(input("stop", null)).runningInstanceIds(), "only a status reads which nodes run");
  }

  // ---- bootstrap: the cluster document's provisioning fields, never a secret --------------------

  static ClusterDocument provisioned(String licenseKeySecretId, List<RunAsAccount> runAsAccounts) {
    return new ClusterDocument(CLUSTER, "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/connect/0123",
        "connect-db", null, "fs-0123abcd", "lt-0123", Map.of("eu-west-1a", "subnet-a", "eu-west-1b", "subnet-b"),
        "Default", null, "https://cdn.posit.co/connect", 2, ConnectVersion.parse("2024.08.0"), "/srv/connect",
        "/connect-ha/prod/rstudio-connect.gcfg", "connect-ha/prod/db-password", licenseKeySecretId, 999, 998,
        runAsAccounts, null);
  }

  static RunNodeCommandInput bootstrap(List<String> instanceIds, Boolean requireSuccess) {
    return new RunNodeCommandInput(CLUSTER, "bootstrap", instanceIds, 1, 60, "exec-1", null, null, null, null, requireSuccess);
  }

  @Test
  void aBootstrapSendsExactlyTheClusterDocumentsProvisioningFieldsWithTheSecretsIdsOnly() {
    registry.documents.put(CLUSTER, provisioned("connect-ha/prod/license-key",
        List.of(new RunAsAccount("analyst", 2001, 2001), new RunAsAccount("etl", 2002, 2100))));

    NodeCommandReport report = control.run(bootstrap(List.of(NODE_A), null));

    Map<String, List<String>> expected = new LinkedHashMap<>();
    expected.put("fileSystemId", List.of("fs-0123abcd"));
    expected.put("dataDir", List.of("/srv/connect"));
    expected.put("configParameter", List.of("/connect-ha/prod/rstudio-connect.gcfg"));
    expected.put("dbPasswordSecretId", List.of("connect-ha/prod/db-password"));
    expected.put("licenseKeySecretId", List.of("connect-ha/prod/license-key"));
    expected.put("connectUid", List.of("999"));
    expected.put("connectGid", List.of("998"));
    expected.put("runAsAccounts", List.of("analyst:2001:2001 etl:2002:2100"));
    assertEquals(List.of(expected), commands.parameters);
    assertEquals(List.of(expected.keySet().stream().toList()), commands.parameters.stream()
        .map(p -> p.keySet().stream().toList()).toList(), "in the document's order");
    assertEquals(List.of(List.of(NODE_A)), commands.askedNodes);
    assertEquals(List.of("registry.load prod", "nodes.nodesOf prod", "commands.run " + doc(DocumentKind.BOOTSTRAP_NODE)), calls);
    assertEquals(List.of(), learnedCalls, "a bootstrap reads no version");
    assertEquals("bootstrap", report.document());
    assertEquals(doc(DocumentKind.BOOTSTRAP_NODE), report.documentName());
    assertTrue(report.allSucceeded(), report.toString());
  }

  @Test
  void aClusterWithoutALicenceOrRunAsAccountsBootstrapsWithEmptyValues() {
    registry.documents.put(CLUSTER, provisioned(null, null));

    control.run(bootstrap(List.of(NODE_A, NODE_B), null));

    Map<String, List<String>> sent = commands.parameters.get(0);
    assertEquals(List.of(""), sent.get("licenseKeySecretId"));
    assertEquals(List.of(""), sent.get("runAsAccounts"));
    assertEquals(8, sent.size());
  }

  @Test
  void aClusterDocumentWithoutProvisioningFieldsBootstrapsNothingAndNamesThem() {
    PreconditionFailedException e = assertThrows(PreconditionFailedException.class,
        () -> control.run(bootstrap(List.of(NODE_A), null)));

    assertTrue(e.getMessage().contains("nothing sent: cluster prod cannot bootstrap a node without configParameter,"
        + " dbPasswordSecretId, connectUid, connectGid in its cluster document"), e.getMessage());
    assertEquals(List.of("registry.load prod"), calls);
  }

  @Test
  void aBootstrapThatFailsOnANodeIsReportedWithTheScriptsReason() {
    registry.documents.put(CLUSTER, provisioned(null, null));
    commands.scripted.put(NODE_B, new CommandResult(NODE_B, "Failed", "",
        "ConnectHa-BootstrapNode: fs-0123abcd did not mount at /srv/connect within 90 s\n"));

    NodeCommandReport report = control.run(bootstrap(List.of(NODE_A, NODE_B), false));

    assertFalse(report.allSucceeded());
    assertTrue(report.results().get(0).succeeded());
    assertEquals("bootstrap Failed: ConnectHa-BootstrapNode: fs-0123abcd did not mount at /srv/connect within 90 s",
        report.results().get(1).error());
  }

  // ---- requireSuccess ---------------------------------------------------------------------------

  @Test
  void withRequireSuccessAFailedNodeFailsTheCallNamingTheNodeAndItsError() {
    registry.documents.put(CLUSTER, provisioned(null, null));
    commands.scripted.put(NODE_B, new CommandResult(NODE_B, "Failed", "", "ConnectHa-BootstrapNode: uid 999 is taken"));

    UnsafeToProceedException e = assertThrows(UnsafeToProceedException.class,
        () -> control.run(bootstrap(List.of(NODE_A, NODE_B), true)));

    assertEquals("bootstrap did not succeed on " + NODE_B + ": bootstrap Failed: ConnectHa-BootstrapNode: uid 999 is taken",
        e.getMessage());
    assertFalse(e.getMessage().contains(NODE_A), "a node that succeeded is not named");
    assertEquals(List.of("commands.run " + doc(DocumentKind.BOOTSTRAP_NODE)), sends(), "the command was sent once, to both");
  }

  @Test
  void withRequireSuccessEveryFailedNodeIsNamed() {
    commands.scripted.put(NODE_A, new CommandResult(NODE_A, "Failed", "", "a reason"));
    commands.scripted.put(NODE_B, new CommandResult(NODE_B, "InProgress", "", ""));

    UnsafeToProceedException e = assertThrows(UnsafeToProceedException.class, () -> control.run(
        new RunNodeCommandInput(CLUSTER, "stop", null, 1, 60, "exec-1", null, null, null, null, true)));

    assertEquals("stop did not succeed on " + NODE_A + ": stop Failed: a reason; " + NODE_B
        + ": stop still InProgress after 60 s", e.getMessage());
  }

  @Test
  void withRequireSuccessANodeThatMissedTheGoalFailsTheCallToo() {
    commands.scripted.put(NODE_A, new CommandResult(NODE_A, "Success", "{\"serviceState\":\"active\"}", ""));

    UnsafeToProceedException e = assertThrows(UnsafeToProceedException.class, () -> control.run(
        new RunNodeCommandInput(CLUSTER, "stop", List.of(NODE_A), 1, 60, "exec-1", null, null, null, null, true)));

    assertEquals("stop did not succeed on " + NODE_A + ": the stop ended but the service is active", e.getMessage());
  }

  @Test
  void withRequireSuccessAStartRefusedForAnOldBinaryFailsTheCall() {
    schemaMigratedTo("2024.10.0");
    installed(NODE_B, "2024.10.0");

    UnsafeToProceedException e = assertThrows(UnsafeToProceedException.class, () -> control.run(
        new RunNodeCommandInput(CLUSTER, "start", List.of(NODE_A, NODE_B), 1, 60, "exec-1", null, null, null, null, true)));

    assertTrue(e.getMessage().startsWith("start did not succeed on " + NODE_A + ": installed 2024.08.0 is older than"),
        e.getMessage());
  }

  @Test
  void withRequireSuccessAndEveryNodeSucceedingTheReportIsReturned() {
    NodeCommandReport report = control.run(
        new RunNodeCommandInput(CLUSTER, "stop", null, 1, 60, "exec-1", null, null, null, null, true));

    assertTrue(report.allSucceeded());
    assertEquals(2, report.results().size());
  }

  @Test
  void withoutRequireSuccessAFailedNodeIsInTheReportNotAnError() {
    commands.scripted.put(NODE_B, new CommandResult(NODE_B, "Failed", "", "a reason"));

    NodeCommandReport report = control.run(
        new RunNodeCommandInput(CLUSTER, "stop", null, 1, 60, "exec-1", null, null, null, null, false));

    assertFalse(report.allSucceeded());
    assertEquals("stop Failed: a reason", report.results().get(1).error());
  }
}
