package dev.connectha.provision;

import static dev.connectha.provision.ProvisionedCluster.NAME;
import static dev.connectha.provision.ProvisionedCluster.SOURCE;
import static dev.connectha.provision.ProvisionedCluster.SUBNET_A;
import static dev.connectha.provision.ProvisionedCluster.SUBNET_B;
import static dev.connectha.provision.ProvisionedCluster.SUBNET_C;
import static dev.connectha.provision.ProvisionedCluster.TEMPLATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.ClusterNotFoundException;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.fakes.FakeClusterLocks;
import dev.connectha.fakes.FakeClusterRegistry;
import dev.connectha.fakes.FakeFileSystems;
import dev.connectha.fakes.FakeLearnedStates;
import dev.connectha.fakes.FakeNodeDirectory;
import dev.connectha.fakes.FakePackageCatalog;
import dev.connectha.fakes.FakeProvisioningSources;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.LearnedState;
import dev.connectha.model.Node;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** ProvisionPlanner with the shared fakes: every refusal before a launch, and the zone it chooses. */
class ProvisionPlannerTest {
  /** Every adapter call, in order, across all fakes. */
  private final List<String> calls = new ArrayList<>();
  private final FakeClusterRegistry registry = new FakeClusterRegistry(calls, ProvisionedCluster.provisioned());
  private final FakeLearnedStates learned = new FakeLearnedStates(calls);
  private final FakeNodeDirectory nodes = new FakeNodeDirectory(calls, List.of());
  private final FakePackageCatalog catalog = new FakePackageCatalog(calls).publish(SOURCE, "2024.08.0");
  private final FakeProvisioningSources sources = new FakeProvisioningSources(calls).existing(ProvisionedCluster.provisioned());
  private final FakeFileSystems fileSystems = new FakeFileSystems(calls, new ArrayList<>());
  private final FakeFileSystems.FileSystem efs = fileSystems.add(new FakeFileSystems.FileSystem("fs-0123456789abcdef0", "demo")
      .withMountTargetsIn("us-east-1a", "us-east-1b", "us-east-1c"));
  private final FakeClusterLocks locks = new FakeClusterLocks(calls);
  private final ProvisionPlanner planner = new ProvisionPlanner(registry, learned, nodes, catalog, sources, fileSystems, locks);

  private static PlanProvisionInput input() {
    return new PlanProvisionInput(NAME, null, null, "exec-1");
  }

  private static PlanProvisionInput avoiding(String... zones) {
    return new PlanProvisionInput(NAME, null, List.of(zones), "exec-1");
  }

  private static PlanProvisionInput into(String az) {
    return new PlanProvisionInput(NAME, az, null, "exec-1");
  }

  private static Node node(String id, String az, String state) {
    return new Node(id, az, "subnet-x", state, null);
  }

  private void register(Consumer<ProvisionedCluster> change) {
    ProvisionedCluster cluster = new ProvisionedCluster();
    change.accept(cluster);
    registry.documents.put(NAME, cluster.document());
  }

  private static void assertMentions(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), "'" + part + "' not in: " + message);
    }
  }

  // ---- refusals: nothing is launched and nothing further is asked ------------------------------

  @Test
  void anUnregisteredClusterIsNotFoundAndNothingElseIsAsked() {
    assertThrows(ClusterNotFoundException.class, () -> planner.plan(new PlanProvisionInput("ghost", null, null, "exec-1")));

    assertEquals(List.of("registry.load ghost"), calls);
  }

  @Test
  void aDocumentWithoutProvisioningFieldsIsRefusedNamingEachBeforeAnySourceIsChecked() {
    registry.documents.put(NAME, new ClusterDocument(NAME, ProvisionedCluster.TARGET_GROUP, "demo-db", null,
        "fs-0123456789abcdef0", null, Map.of(), "demo-vault", null, SOURCE, 2, ConnectVersion.parse("2024.08.0")));

    PreconditionFailedException e = assertThrows(PreconditionFailedException.class, () -> planner.plan(input()));

    assertMentions(e.getMessage(), "cluster demo cannot provision a node",
        "launchTemplateId, subnetsByAz, configParameter, dbPasswordSecretId, connectUid, connectGid", "nothing was launched");
    assertEquals(List.of("registry.load demo"), calls);
  }

  static Stream<Arguments> oneFieldMissing() {
    return Stream.of(
        Arguments.of("launchTemplateId", (Consumer<ProvisionedCluster>) c -> c.launchTemplateId = " "),
        Arguments.of("subnetsByAz", (Consumer<ProvisionedCluster>) c -> c.subnetsByAz = Map.of()),
        Arguments.of("configParameter", (Consumer<ProvisionedCluster>) c -> c.configParameter = null),
        Arguments.of("dbPasswordSecretId", (Consumer<ProvisionedCluster>) c -> c.dbPasswordSecretId = ""),
        Arguments.of("connectUid, connectGid", (Consumer<ProvisionedCluster>) c -> {
          c.connectUid = null;
          c.connectGid = null;
        }));
  }

  @ParameterizedTest
  @MethodSource("oneFieldMissing")
  void aDocumentLackingOneProvisioningFieldIsRefusedNamingIt(String field, Consumer<ProvisionedCluster> change) {
    register(change);

    PreconditionFailedException e = assertThrows(PreconditionFailedException.class, () -> planner.plan(input()));

    assertMentions(e.getMessage(), "has no " + field + " (see docs/cluster-document.md)");
    assertEquals(List.of("registry.load demo"), calls);
  }

  @Test
  void anAzThatIsNotAZoneOfTheClusterIsInvalidInputNamingTheClustersZones() {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> planner.plan(into("us-east-1d")));

    assertMentions(e.getMessage(), "az us-east-1d is not a zone of cluster demo",
        "(its subnetsByAz: us-east-1a, us-east-1b, us-east-1c)");
    assertEquals(List.of("registry.load demo"), calls);
  }

  static Stream<Arguments> oneSourceAbsent() {
    return Stream.of(
        Arguments.of("launchTemplateId: launch template " + TEMPLATE + " does not exist",
            (Consumer<FakeProvisioningSources>) s -> s.launchTemplates.clear()),
        Arguments.of("configParameter: SSM parameter /connect-ha/demo/rstudio-connect.gcfg does not exist",
            (Consumer<FakeProvisioningSources>) s -> s.parameters.clear()),
        Arguments.of("dbPasswordSecretId: secret connect-ha/demo/db-password does not exist",
            (Consumer<FakeProvisioningSources>) s -> s.secrets.remove("connect-ha/demo/db-password")),
        Arguments.of("licenseKeySecretId: secret connect-ha/demo/license-key does not exist",
            (Consumer<FakeProvisioningSources>) s -> s.secrets.remove("connect-ha/demo/license-key")));
  }

  @ParameterizedTest
  @MethodSource("oneSourceAbsent")
  void anAbsentLaunchTemplateParameterOrSecretIsRefusedNamingItBeforeTheVersionOrNodesAreRead(String named,
      Consumer<FakeProvisioningSources> remove) {
    remove.accept(sources);

    PreconditionFailedException e = assertThrows(PreconditionFailedException.class, () -> planner.plan(input()));

    assertMentions(e.getMessage(), "cluster demo cannot provision a node: " + named + "; nothing was launched");
    assertEquals(List.of("registry.load demo", "sources.missing demo"), calls);
  }

  @Test
  void everyAbsentSourceIsNamedInOneRefusal() {
    sources.launchTemplates.clear();
    sources.secrets.clear();

    PreconditionFailedException e = assertThrows(PreconditionFailedException.class, () -> planner.plan(input()));

    assertMentions(e.getMessage(), "launch template " + TEMPLATE, "secret connect-ha/demo/db-password",
        "secret connect-ha/demo/license-key");
    assertFalse(e.getMessage().contains("SSM parameter"), e.getMessage());
  }

  // ---- the version a new node gets ------------------------------------------------------------

  private void schemaLearnedAt(String version) {
    learned.states.put(NAME, new LearnedState(NAME,
        new LearnedState.Recorded(ConnectVersion.parse(version), Instant.parse("2026-11-30T10:00:00Z"), "upgrade-1"), null));
  }

  @Test
  void withNothingLearnedANewNodeGetsTheRegisteredVersion() {
    ProvisionPlan plan = planner.plan(input());

    assertEquals("2024.08.0", plan.version());
    assertTrue(calls.contains("catalog.available " + SOURCE + " 2024.08.0"), calls.toString());
  }

  @Test
  void theLearnedSchemaVersionWinsOverTheRegisteredOne() {
    schemaLearnedAt("2024.10.0");
    catalog.publish(SOURCE, "2024.10.0");

    ProvisionPlan plan = planner.plan(input());

    assertEquals("2024.10.0", plan.version());
    assertTrue(calls.contains("catalog.available " + SOURCE + " 2024.10.0"), calls.toString());
    assertFalse(calls.contains("catalog.available " + SOURCE + " 2024.08.0"), calls.toString());
  }

  @Test
  void aSchemaVersionThePackageSourceDoesNotPublishIsRefusedNamingBoth() {
    schemaLearnedAt("2024.10.0");

    PreconditionFailedException e = assertThrows(PreconditionFailedException.class, () -> planner.plan(input()));

    assertMentions(e.getMessage(), "schema is at Connect 2024.10.0", "which " + SOURCE + " does not publish",
        "nothing was launched");
    assertFalse(calls.contains("nodes.nodesOf demo"), calls.toString());
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"s3://bucket/connect", "https://cdn.posit.co/connect'; reboot"})
  void aClusterWithoutAUsablePackageSourceIsRefusedWithoutAskingTheCatalog(String packageSource) {
    register(c -> c.packageSource = packageSource);

    PreconditionFailedException e = assertThrows(PreconditionFailedException.class, () -> planner.plan(input()));

    assertMentions(e.getMessage(), "no usable packageSource to install Connect 2024.08.0");
    assertTrue(calls.stream().noneMatch(c -> c.startsWith("catalog.")), calls.toString());
  }

  // ---- the zone --------------------------------------------------------------------------------

  @Test
  void choosesTheZoneWithTheFewestPendingAndRunningNodes() {
    nodes.nodes = List.of(node("i-0000000a", "us-east-1a", "running"), node("i-0000000b", "us-east-1a", "pending"),
        node("i-0000000c", "us-east-1b", "running"), node("i-0000000d", "us-east-1c", "running"),
        node("i-0000000e", "us-east-1c", "running"));

    ProvisionPlan plan = planner.plan(input());

    assertEquals("us-east-1b", plan.az());
    assertEquals(SUBNET_B, plan.subnetId());
    assertEquals(Map.of("us-east-1a", 2, "us-east-1b", 1, "us-east-1c", 2), plan.nodesByAz());
  }

  @Test
  void aTieGoesToTheFirstZoneAlphabetically() {
    nodes.nodes = List.of(node("i-0000000a", "us-east-1a", "running"), node("i-0000000c", "us-east-1c", "running"));

    ProvisionPlan plan = planner.plan(input());

    assertEquals("us-east-1b", plan.az(), "1b is the only empty zone");
    nodes.nodes = List.of(node("i-0000000c", "us-east-1c", "running"));
    assertEquals("us-east-1a", planner.plan(input()).az(), "1a and 1b tie at none");
  }

  @ParameterizedTest
  @ValueSource(strings = {"stopped", "stopping", "shutting-down", "terminated"})
  void aNodeThatIsNeitherPendingNorRunningIsNotCounted(String state) {
    nodes.nodes = List.of(node("i-0000000a", "us-east-1a", "running"), node("i-0000000b", "us-east-1b", "running"),
        node("i-0000000c", "us-east-1c", state), node("i-0000000d", "us-east-1c", state));

    ProvisionPlan plan = planner.plan(input());

    assertEquals("us-east-1c", plan.az());
    assertEquals(0, plan.nodesByAz().get("us-east-1c"));
  }

  @Test
  void nodesByAzHasEveryZoneOfTheClusterAndOnlyThose() {
    nodes.nodes = List.of(node("i-0000000a", "us-east-1a", "running"), node("i-0000000f", "us-east-1f", "running"));

    ProvisionPlan plan = planner.plan(input());

    assertEquals(Map.of("us-east-1a", 1, "us-east-1b", 0, "us-east-1c", 0), plan.nodesByAz());
  }

  @Test
  void anAvoidedZoneIsNotChosenEvenWithTheFewestNodes() {
    nodes.nodes = List.of(node("i-0000000a", "us-east-1a", "running"), node("i-0000000b", "us-east-1a", "running"),
        node("i-0000000c", "us-east-1c", "running"));

    ProvisionPlan plan = planner.plan(avoiding("us-east-1b"));

    assertEquals("us-east-1c", plan.az());
    assertEquals(SUBNET_C, plan.subnetId());
    assertEquals(0, plan.nodesByAz().get("us-east-1b"), "an avoided zone is still counted");
  }

  @Test
  void avoidingAZoneTheClusterDoesNotUseChangesNothing() {
    assertEquals("us-east-1a", planner.plan(avoiding("eu-west-1a")).az());
  }

  @Test
  void whenEveryZoneIsAvoidedThePlanIsRefusedNamingThem() {
    PreconditionFailedException e = assertThrows(PreconditionFailedException.class,
        () -> planner.plan(avoiding("us-east-1a", "us-east-1b", "us-east-1c")));

    assertMentions(e.getMessage(), "no zone of cluster demo to launch into", "avoided (us-east-1a, us-east-1b, us-east-1c)",
        "nothing was launched");
  }

  @Test
  void aZoneWithoutAMountTargetOfTheFileSystemIsNeverChosen() {
    efs.mountTargetAzs = new ArrayList<>(List.of("us-east-1a", "us-east-1b"));
    nodes.nodes = List.of(node("i-0000000a", "us-east-1a", "running"), node("i-0000000b", "us-east-1b", "running"));

    assertEquals("us-east-1a", planner.plan(input()).az(), "us-east-1c has no node, and no mount target");
  }

  @Test
  void aGivenZoneWithoutAMountTargetIsRefusedNamingTheFileSystem() {
    efs.mountTargetAzs = new ArrayList<>(List.of("us-east-1a", "us-east-1b"));

    PreconditionFailedException e = assertThrows(PreconditionFailedException.class, () -> planner.plan(into("us-east-1c")));

    assertMentions(e.getMessage(), "fs-0123456789abcdef0 has no mount target in us-east-1c", "nothing was launched");
  }

  @Test
  void aGivenZoneIsKeptWithItsSubnetEvenWhenItHasTheMostNodes() {
    nodes.nodes = List.of(node("i-0000000a", "us-east-1a", "running"), node("i-0000000b", "us-east-1a", "running"));

    ProvisionPlan plan = planner.plan(into("us-east-1a"));

    assertEquals("us-east-1a", plan.az());
    assertEquals(SUBNET_A, plan.subnetId());
    assertEquals(Map.of("us-east-1a", 2, "us-east-1b", 0, "us-east-1c", 0), plan.nodesByAz());
  }

  // ---- the plan --------------------------------------------------------------------------------

  @Test
  void thePlanCarriesTheClusterItsLaunchTemplateAndVersionAndChangesNothing() {
    ProvisionPlan plan = planner.plan(input());

    assertEquals(new ProvisionPlan(NAME, "us-east-1a", SUBNET_A, TEMPLATE, "2024.08.0", true,
        Map.of("us-east-1a", 0, "us-east-1b", 0, "us-east-1c", 0)), plan);
    assertEquals(List.of("registry.load demo", "sources.missing demo", "learned.find demo",
        "catalog.available " + SOURCE + " 2024.08.0", "efs.describe fs-0123456789abcdef0", "nodes.nodesOf demo"), calls);
  }

  @Test
  void licensedIsTrueExactlyWhenTheClusterHasALicenceKeySecret() {
    assertTrue(planner.plan(input()).licensed());

    register(c -> c.licenseKeySecretId = null);
    assertFalse(planner.plan(input()).licensed());
  }

  // ---- the caller's lock -----------------------------------------------------------------------

  @Test
  void aCallerThatHoldsTheLockMayProvisionUnderIt() {
    locks.acquire(NAME, "arn:aws:states:us-east-1:123456789012:execution:connect-ha-ensure-capacity:grow", "ensure-capacity",
        Duration.ofHours(1));

    ProvisionPlan plan = planner.plan(new PlanProvisionInput(NAME, null, null, "exec-1",
        "arn:aws:states:us-east-1:123456789012:execution:connect-ha-ensure-capacity:grow"));

    assertEquals("us-east-1a", plan.az());
  }

  @Test
  void aCallerThatDoesNotHoldTheLockIsRefusedNamingTheHolder() {
    locks.acquire(NAME, "arn:aws:states:us-east-1:123456789012:execution:connect-ha-rolling-upgrade:u1", "rolling-upgrade",
        Duration.ofHours(1));

    PreconditionFailedException e = assertThrows(PreconditionFailedException.class, () -> planner.plan(new PlanProvisionInput(NAME,
        null, null, "exec-1", "arn:aws:states:us-east-1:123456789012:execution:connect-ha-ensure-capacity:grow")));

    assertMentions(e.getMessage(), "does not hold cluster demo's lock", "held by", "connect-ha-rolling-upgrade:u1", "rolling-upgrade");
  }

  @Test
  void aCallerNamingALockNobodyHoldsIsRefused() {
    PreconditionFailedException e = assertThrows(PreconditionFailedException.class, () -> planner.plan(new PlanProvisionInput(NAME,
        null, null, "exec-1", "arn:aws:states:us-east-1:123456789012:execution:connect-ha-ensure-capacity:grow")));

    assertMentions(e.getMessage(), "nobody does", "nothing was changed");
  }

  @Test
  void aClusterWithoutATargetGroupIsRefusedBeforeAnythingIsLaunched() {
    register(c -> c.targetGroupArn = null);

    PreconditionFailedException e = assertThrows(PreconditionFailedException.class, () -> planner.plan(input()));

    assertMentions(e.getMessage(), "has no targetGroupArn", "nothing was launched");
  }
}
