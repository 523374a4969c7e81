package dev.connectha.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.config.Config;
import dev.connectha.errors.ClusterNotFoundException;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.fakes.FakeClusterRegistry;
import dev.connectha.fakes.FakeLearnedStates;
import dev.connectha.fakes.FakeNodeCommands;
import dev.connectha.fakes.FakeNodeDirectory;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.LearnedState;
import dev.connectha.model.Node;
import dev.connectha.ports.NodeCommands;
import dev.connectha.ports.PackageCatalog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UpgradePlannerTest {
  /** A function of the stack {@code test-stack}. */
  private static final Config CONFIG = Config.from(Map.of("AWS_REGION", "us-east-1", "NODE_DOCUMENT_PREFIX", "test-stack-"));
  private final Map<String, String> versions = new java.util.TreeMap<>(Map.of("i-0000000a", "2024.08.0", "i-0000000b", "2024.08.0"));
  private final Set<String> published = new java.util.HashSet<>(Set.of("2024.10.0"));
  private final List<String> calls = new ArrayList<>();
  private final FakeLearnedStates learned = new FakeLearnedStates(calls);

  private UpgradePlanner planner() {
    FakeClusterRegistry registry = new FakeClusterRegistry(calls, new ClusterDocument("demo", "arn:tg", "demo-db", null,
        "fs-1", null, Map.of(), "Default", "arn:role", "http://packages", versions.size(),
        ConnectVersion.parse("2024.08.0")));
    FakeNodeDirectory directory = new FakeNodeDirectory(calls, versions.keySet().stream()
        .map(id -> new Node(id, "us-east-1a", "subnet-1", "running", "10.0.0.1")).toList());
    FakeNodeCommands commands = new FakeNodeCommands(calls, (document, parameters, id) ->
        "{\"connectVersion\":\"" + versions.get(id) + "\",\"serviceState\":\"active\",\"ping\":true}");
    PackageCatalog packages = (source, version) -> {
      calls.add("head " + version);
      return published.contains(version.toString());
    };
    return new UpgradePlanner(registry, learned, directory, commands, packages, CONFIG);
  }

  private static UpgradeInput input(String target) {
    return new UpgradeInput("demo", target, null, null);
  }

  @Test
  void plansTheFirstNodeAndTheRestWithThePreviousVersion() {
    UpgradePlan plan = planner().plan(input("2024.10.0"));

    assertEquals("i-0000000a", plan.firstNode());
    assertEquals(List.of("i-0000000b"), plan.restNodes());
    assertEquals("2024.08.0", plan.previousVersion());
    assertEquals("cold", plan.options().restorePoint());
    assertEquals(1, plan.options().retryBudget());
  }

  @Test
  void readsTheNodesVersionsWithTheStacksOwnStatusDocument() {
    planner().plan(input("2024.10.0"));

    assertEquals(List.of("commands.run test-stack-ConnectStatus"),
        calls.stream().filter(c -> c.startsWith("commands.")).toList());
  }

  @Test
  void rejectsDowngradeBeforeTouchingAnyNode() {
    assertThrows(InvalidInputException.class, () -> planner().plan(input("2024.06.0")));
    assertTrue(calls.stream().noneMatch(c -> c.startsWith("head")), calls.toString());
  }

  @Test
  void rejectsATargetOlderThanTheLearnedSchemaBeforeAskingAnyNode() {
    learned.states.put("demo", schemaAt("2024.10.0"));

    InvalidInputException e = assertThrows(InvalidInputException.class, () -> planner().plan(input("2024.09.1")));

    assertTrue(e.getMessage().contains("2024.10.0"), e.getMessage());
    assertTrue(calls.stream().noneMatch(c -> c.startsWith("commands.")), calls.toString());
  }

  @Test
  void afterAHaltedUpgradeARecoveryPutsBackTheSchemasVersionNotTheOldBinary() {
    versions.put("i-0000000a", "2024.08.0");
    versions.put("i-0000000b", "2024.10.0");
    learned.states.put("demo", schemaAt("2024.10.0"));

    UpgradePlan plan = planner().plan(new UpgradeInput("demo", "2024.10.0",
        new UpgradeInput.Options(null, true, null, null, null, null, null), null));

    assertEquals("i-0000000a", plan.firstNode());
    assertEquals("2024.10.0", plan.previousVersion(), "2024.08.0 would start an old binary on a migrated schema");
  }

  private static LearnedState schemaAt(String version) {
    return new LearnedState("demo", new LearnedState.Recorded(ConnectVersion.parse(version),
        Instant.parse("2026-11-30T09:00:00Z"), "e-halted"), null);
  }

  @Test
  void rejectsAMalformedVersionBeforeAnyAwsCall() {
    assertThrows(InvalidInputException.class, () -> input("2024.8"));
    assertThrows(InvalidInputException.class, () -> input("latest"));
    assertEquals(List.of(), calls);
  }

  @Test
  void refusesMixedVersionsUnlessTheInputConvergesThem() {
    versions.put("i-0000000b", "2024.09.1");

    assertThrows(PreconditionFailedException.class, () -> planner().plan(input("2024.10.0")));

    UpgradePlan plan = planner().plan(new UpgradeInput("demo", "2024.10.0",
        new UpgradeInput.Options(null, true, null, null, null, null, null), null));
    assertEquals("2024.08.0", plan.previousVersion());
  }

  @Test
  void refusesAnUnpublishedPackage() {
    PreconditionFailedException e = assertThrows(PreconditionFailedException.class, () -> planner().plan(input("2024.11.0")));
    assertTrue(e.getMessage().contains("not published"), e.getMessage());
  }

  @Test
  void refusesWhenEveryNodeAlreadyRunsTheTarget() {
    versions.replaceAll((k, v) -> "2024.10.0");
    assertThrows(PreconditionFailedException.class, () -> planner().plan(input("2024.10.0")));
  }

  @Test
  void convergingStartsWithANodeThatIsBehind() {
    versions.put("i-0000000a", "2024.10.0");

    UpgradePlan plan = planner().plan(new UpgradeInput("demo", "2024.10.0",
        new UpgradeInput.Options(null, true, null, null, null, null, null), null));

    assertEquals("i-0000000b", plan.firstNode());
    assertEquals(List.of("i-0000000a"), plan.restNodes());
  }

  @Test
  void anUnknownClusterIsNotFound() {
    assertThrows(ClusterNotFoundException.class, () -> planner().plan(new UpgradeInput("nope", "2024.10.0", null, null)));
  }

  @Test
  void badOptionsAreInvalidInput() {
    assertThrows(InvalidInputException.class, () -> new UpgradeInput.Options(null, null, "warm", null, null, null, null));
    assertThrows(InvalidInputException.class, () -> new UpgradeInput.Options(null, null, null, null, -1, null, null));
    assertThrows(InvalidInputException.class, () -> new UpgradeInput.Options(null, null, null, null, null, 9, null));
    assertThrows(InvalidInputException.class, () -> new UpgradeInput.Options(null, null, null, null, null, null, 0));
  }

  @Test
  void aNodeThatCannotReportItsVersionStopsThePlan() {
    UpgradePlanner planner = new UpgradePlanner(name -> new ClusterDocument("demo", "arn:tg", "demo-db", null, "fs-1", null, Map.of(), "Default", "arn:role",
            "http://packages", 2, ConnectVersion.parse("2024.08.0")),
        cluster -> Optional.empty(),
        new dev.connectha.fakes.FakeNodeDirectory(new java.util.ArrayList<>(),
            List.of(new Node("i-0000000a", "us-east-1a", "s", "running", "10.0.0.1"))),
        (document, parameters, ids, poll, timeout) -> List.of(new NodeCommands.CommandResult("i-0000000a", "Failed", "", "agent down")),
        (source, version) -> true, CONFIG);

    PreconditionFailedException e = assertThrows(PreconditionFailedException.class, () -> planner.plan(input("2024.10.0")));
    assertTrue(e.getMessage().contains("i-0000000a"), e.getMessage());
  }
}
