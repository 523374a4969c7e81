package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.config.Config;
import dev.connectha.config.DocumentKind;
import dev.connectha.errors.ErrorNames;
import dev.connectha.localcloud.twin.NodeDeath;
import dev.connectha.localcloud.twin.SimNode;
import dev.connectha.localcloud.twin.Twin;
import dev.connectha.model.Node;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * statemachines/provision-node.asl.json on the local cloud: a node launched from the cluster's
 * launch template into a zone, its agent awaited, bootstrapped with the real BootstrapNode document
 * script, given the schema's version, checked against its peers, registered and healthy; every
 * failure after the launch removes that node and no other; bad input launches nothing.
 */
@ExtendWith(LocalCloudExtension.class)
class ProvisionNodeIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(4);
  private static final List<String> ZONES = List.of("us-east-1a", "us-east-1b", "us-east-1c");
  private static final String VERSION = "2024.08.0";
  private static final Set<String> MUTATING = Set.of("ec2:RunInstances", "ec2:TerminateInstances", "ec2:CreateTags",
      "ssm:SendCommand", "elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets",
      "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem");

  private final LocalCloud cloud;
  private final Functions functions;
  private RealAdapters adapters;
  private List<String> seeded;

  ProvisionNodeIT(LocalCloud cloud) {
    this.cloud = cloud;
    this.functions = new Functions(cloud);
  }

  /** GIVEN two nodes in two of three zones (a subnet and a mount target in each), the cluster registered with its config parameter, secret and UID/GID. */
  @BeforeEach
  void aTwoNodeClusterReadyForProvisioning() {
    cloud.reset(new Twin.Spec("demo", 2, ZONES, VERSION));
    cloud.redeploy(cloud.twin().prepareProvisioning());
    cloud.twin().bootTime(Duration.ofMillis(300));
    seeded = cloud.twin().nodes().stream().map(n -> n.instanceId).sorted().toList();
    adapters = new RealAdapters(Config.from(cloud.environmentOf("DescribeClusterFunction")));
    cloud.gateway().resetCounts();
  }

  @AfterEach
  void closeClients() {
    adapters.close();
  }

  private String subnetIn(String zone) {
    return adapters.clusterRegistry().load("demo").subnetsByAz().get(zone);
  }

  private LocalCloud.Execution provision(String fields) {
    return cloud.run("ProvisionNodeStateMachine", "{\"cluster\":\"demo\",\"pollSeconds\":1,\"bootSeconds\":30" + fields + "}",
        "provision-node-demo-" + UUID.randomUUID(), TIMEOUT);
  }

  private Instance instance(String id) {
    return cloud.clients().ec2.describeInstances(b -> b.instanceIds(id)).reservations().get(0).instances().get(0);
  }

  private List<Node> clusterNodes() {
    return adapters.nodeDirectory().nodesOf("demo");
  }

  private void assertTheLockIsFree() {
    assertTrue(adapters.clusterLocks(Clock.systemUTC()).holder("demo").isEmpty(), "the lock is released");
  }

  private void assertOnlyTheSeededNodesRun() {
    assertEquals(seeded, clusterNodes().stream().filter(Node::running).map(Node::instanceId).sorted().toList());
    cloud.twin().nodes().stream().filter(n -> seeded.contains(n.instanceId))
        .forEach(n -> assertTrue(n.serviceActive, n.instanceId + " still serves"));
  }

  private void assertNothingWasChanged() {
    Map<String, Integer> calls = cloud.gateway().callCounts();
    assertEquals(Set.of(), calls.keySet().stream().filter(MUTATING::contains).collect(Collectors.toSet()), calls.toString());
  }

  @Test
  void aNewNodeJoinsInTheZoneWithoutNodesOnTheSchemasVersionHealthyAndLikeItsPeers() {
    LocalCloud.Execution run = provision(",\"reason\":\"capacity\"");

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause() + " " + run.lastStates(8));
    String id = run.output().path("instanceId").asText();
    Instance launched = instance(id);
    SimNode node = cloud.twin().node(id);
    assertAll(
        () -> assertEquals("us-east-1c", run.output().path("az").asText(), "the zone with no node"),
        () -> assertEquals("us-east-1c", launched.placement().availabilityZone()),
        () -> assertEquals(VERSION, run.output().path("version").asText()),
        () -> assertEquals(VERSION, node.connectVersion),
        () -> assertTrue(node.serviceActive),
        () -> assertTrue(launched.tags().contains(Tag.builder().key("connect-ha:cluster").value("demo").build())),
        () -> assertTrue(launched.tags().contains(Tag.builder().key("connect-ha:launched-by").value(run.arn()).build()),
            launched.tags().toString()),
        () -> assertEquals("healthy", adapters.targetRegistrations().registrations(adapters.clusterRegistry().load("demo")
            .targetGroupArn()).stream().filter(r -> r.instanceId().equals(id)).findFirst().orElseThrow().state()),
        () -> assertEquals(3, clusterNodes().stream().filter(Node::running).count()),
        () -> assertTrue(cloud.notifications().get(0).contains(id), cloud.notifications().toString()));
    assertTheLockIsFree();

    LocalCloud.Execution preflight = cloud.run("PreflightStateMachine", "{\"cluster\":\"demo\",\"pollSeconds\":1}",
        "preflight-" + UUID.randomUUID(), TIMEOUT);
    assertEquals("PASS", preflight.output().path("verdict").asText(), preflight.output().toString());
  }

  @Test
  void aLicensedClusterHasTheLicenceActivatedAfterTheInstallAndBeforeTheFirstStart() {
    cloud.clients().secretsManager.createSecret(b -> b.name("connect-ha/demo/licence").secretString("LICENCE-KEY-TWIN"));
    cloud.redeploy(Map.of("LicenseKeySecretId", "connect-ha/demo/licence"));

    LocalCloud.Execution run = provision("");

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause() + " " + run.lastStates(8));
    List<String> states = run.lastStates(200);
    assertTrue(states.indexOf("ActivateLicence") > states.indexOf("InstallBeforeLicence")
        && states.indexOf("ActivateLicence") < states.indexOf("InstallAndServe"), states.toString());
    SimNode node = cloud.twin().node(run.output().path("instanceId").asText());
    assertTrue(node.files.containsKey("root/var/lib/connect-ha/license-activated"), node.files.keySet().toString());
    assertNoSecretLeft(run, "LICENCE-KEY-TWIN", "twin-db-password");
  }

  /**
   * The secrets' values were read on the node only: they are in no command's parameters, in no
   * state's input or output of the execution or of its install-node child, and in no notification.
   */
  private void assertNoSecretLeft(LocalCloud.Execution run, String... secrets) {
    List<String> places = new java.util.ArrayList<>();
    cloud.twin().sentCommands().forEach(c -> places.add("command " + c));
    run.history().forEach(e -> places.add("provision-node " + SecretScan.fields(e)));
    cloud.clients().sfn.listExecutionsPaginator(b -> b.stateMachineArn(run.arn().replaceFirst(":execution:([^:]+):.*",
            ":stateMachine:connect-ha-install-node"))).executions()
        .forEach(x -> cloud.clients().sfn.getExecutionHistoryPaginator(b -> b.executionArn(x.executionArn())).events()
            .forEach(e -> places.add("install-node " + SecretScan.fields(e))));
    places.addAll(cloud.notifications());
    assertTrue(places.stream().anyMatch(p -> p.startsWith("command " + cloud.documentName(DocumentKind.BOOTSTRAP_NODE)) && p.contains(cloud.twin().dbPasswordSecret())),
        "the bootstrap commands, which name the secrets by id, are among the places looked at");
    for (String secret : secrets) {
      assertEquals(List.of(), places.stream().filter(p -> p.contains(secret)).toList(), secret + " left the node");
    }
  }

  @Test
  void aSingleServerThatDiedIsReplacedByANewNodeAndThenRetired() {
    cloud.reset(new Twin.Spec("demo", 1, ZONES, VERSION));
    cloud.redeploy(cloud.twin().prepareProvisioning());
    cloud.twin().bootTime(Duration.ofMillis(300));
    String dead = cloud.twin().node(0).instanceId;
    cloud.twin().kill(dead, NodeDeath.STOPPED);

    LocalCloud.Execution run = provision(",\"avoidAzs\":[\"us-east-1a\"],\"reason\":\"the single server died\"");

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause() + " " + run.lastStates(8));
    String replacement = run.output().path("instanceId").asText();
    assertEquals("us-east-1b", run.output().path("az").asText());
    assertTrue(cloud.twin().node(replacement).serviceActive);

    LocalCloud.Execution retired = cloud.run("RetireNodeStateMachine", "{\"cluster\":\"demo\",\"instanceId\":\"" + dead
        + "\",\"force\":true,\"drainSeconds\":0,\"pollSeconds\":1}", "retire-node-demo-" + UUID.randomUUID(), TIMEOUT);

    assertTrue(retired.succeeded(), () -> retired.error() + ": " + retired.cause() + " " + retired.lastStates(8));
    assertFalse(retired.lastStates(200).contains("StopConnect"), "a stopped instance has no Connect to stop");
    assertEquals("terminated", instance(dead).state().nameAsString());
    assertEquals(List.of(replacement), clusterNodes().stream().filter(Node::running).map(Node::instanceId).toList());
  }

  @ParameterizedTest(name = "into {0}")
  @ValueSource(strings = {"us-east-1a", "us-east-1b", "us-east-1c"})
  void aNamedZoneIsWhereTheNodeGoesEvenWithNodesThere(String zone) {
    LocalCloud.Execution run = provision(",\"az\":\"" + zone + "\"");

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause() + " " + run.lastStates(8));
    Instance launched = instance(run.output().path("instanceId").asText());
    assertEquals(zone, launched.placement().availabilityZone());
    assertEquals(subnetIn(zone), launched.subnetId());
    assertTrue(cloud.twin().node(launched.instanceId()).serviceActive);
  }

  @Test
  void aFailedBootstrapRemovesTheNodeItLaunchedAndNoOther() {
    cloud.twin().failNextCommand(DocumentKind.BOOTSTRAP_NODE, Twin.ANY_NODE, "mount: mounting the file system failed");

    LocalCloud.Execution run = provision("");

    assertEquals(ErrorNames.UNSAFE_TO_PROCEED, run.error(), run.cause());
    assertTrue(run.cause().contains("mounting the file system failed"), run.cause());
    List<String> launched = cloud.twin().launchedInstances();
    assertEquals(1, launched.size());
    assertEquals("terminated", instance(launched.get(0)).state().nameAsString());
    assertOnlyTheSeededNodesRun();
    assertTheLockIsFree();
    String failure = cloud.notifications().get(0);
    assertTrue(failure.contains("failed") && failure.contains("{\"removed\":[\"" + launched.get(0) + "\"]}"), failure);
  }

  /** Each Task of provision-node, by its function and how many calls of that function come before it. */
  static Stream<Arguments> tasks() {
    return Stream.of(
        Arguments.of("PlanProvision", "PlanProvision", 0, false),
        Arguments.of("AcquireLock", "AcquireLock", 0, false),
        Arguments.of("LaunchNode", "LaunchNode", 0, true),
        Arguments.of("AwaitNodeOnline", "LaunchNode", 1, true),
        Arguments.of("BootstrapNode", "RunNodeCommand", 0, true),
        Arguments.of("StageVersion", "RunNodeCommand", 1, true));
  }

  @ParameterizedTest(name = "{0} fails")
  @MethodSource("tasks")
  void aTaskThatFailsEndsTheRunWithItsErrorTheLaunchedNodeRemovedAndTheLockFree(String state, String function, int skip,
      boolean afterTheLaunch) {
    cloud.gateway().injectFunctionError("connect-ha-" + function, ErrorNames.AWS_CALL_FAILED, skip, 1);

    LocalCloud.Execution run = provision("");

    assertEquals(ErrorNames.AWS_CALL_FAILED, run.error(), state + ": " + run.cause());
    assertTrue(run.lastStates(200).contains(state));
    assertEquals(afterTheLaunch, run.lastStates(200).contains("RemoveLaunchedNode"), run.lastStates(200).toString());
    cloud.twin().launchedInstances().forEach(id -> assertEquals("terminated", instance(id).state().nameAsString(), id));
    assertOnlyTheSeededNodesRun();
    assertTheLockIsFree();
    assertTrue(cloud.notifications().get(0).contains("Provisioning a node for Connect cluster demo failed"));
  }

  @Test
  void aCleanUpThatFailsIsReportedAsSuchAndTheLockIsStillReleased() {
    cloud.twin().failNextCommand(DocumentKind.BOOTSTRAP_NODE, Twin.ANY_NODE, "mount: mounting the file system failed");
    cloud.gateway().injectFunctionError("connect-ha-LaunchNode", ErrorNames.AWS_CALL_FAILED, 2, 1);

    LocalCloud.Execution run = provision("");

    assertEquals(ErrorNames.UNSAFE_TO_PROCEED, run.error(), run.cause());
    String failure = cloud.notifications().get(0);
    assertTrue(failure.contains("Clean-up") && failure.contains(ErrorNames.AWS_CALL_FAILED), failure);
    assertTheLockIsFree();
  }

  @Test
  void aNodeWhoseAgentNeverComesOnlineIsRemoved() {
    cloud.twin().agentNeverOnlineOnNextLaunch();

    LocalCloud.Execution run = provision(",\"bootSeconds\":3");

    assertEquals(ErrorNames.NODE_NOT_ONLINE, run.error(), run.cause());
    assertEquals("terminated", instance(cloud.twin().launchedInstances().get(0)).state().nameAsString());
    assertOnlyTheSeededNodesRun();
    assertTheLockIsFree();
  }

  @Test
  void noCapacityInTheZoneFailsWithItsNameAndLeavesNothingRunning() {
    cloud.twin().noCapacityIn("us-east-1c");

    LocalCloud.Execution run = provision("");

    assertEquals(ErrorNames.INSUFFICIENT_CAPACITY, run.error(), run.cause());
    assertOnlyTheSeededNodesRun();
    assertTheLockIsFree();
  }

  @Test
  void aNodeThatDiffersFromItsPeersIsRemovedBeforeItTakesTraffic() {
    cloud.redeploy(Map.of("ConnectUid", "1999"));

    LocalCloud.Execution run = provision("");

    assertEquals(ErrorNames.UNSAFE_TO_PROCEED, run.error(), run.cause());
    assertTrue(run.cause().contains("differs from its running peers") && run.cause().contains("run-as-identity"), run.cause());
    assertFalse(cloud.gateway().callCounts().containsKey("elasticloadbalancing:RegisterTargets"), "never registered");
    assertOnlyTheSeededNodesRun();
    assertTheLockIsFree();
  }

  @Test
  void theSameExecutionAndZoneLaunchOneNodeHoweverOftenTheLaunchIsRetried() {
    String subnet = adapters.clusterRegistry().load("demo").subnetsByAz().get("us-east-1b");
    String template = adapters.clusterRegistry().load("demo").launchTemplateId();
    String launch = "{\"cluster\":\"demo\",\"action\":\"launch\",\"executionId\":\"arn:aws:states:us-east-1:123456789012:execution:"
        + "connect-ha-provision-node:retried\",\"az\":\"us-east-1b\",\"subnetId\":\"" + subnet + "\",\"launchTemplate\":\"" + template + "\"}";

    String first = functions.run("LaunchNodeFunction", launch).path("instanceId").asText();
    String second = functions.run("LaunchNodeFunction", launch).path("instanceId").asText();

    assertEquals(first, second);
    assertEquals(1, cloud.twin().launchedInstances().size());
  }

  @Test
  void aCallerNamingALockItDoesNotHoldIsRefusedAndLaunchesNothing() {
    LocalCloud.Execution run = provision(",\"lockHeldBy\":\"arn:aws:states:us-east-1:123456789012:execution:connect-ha-remediate:gone\"");

    assertEquals(ErrorNames.PRECONDITION_FAILED, run.error());
    assertTrue(run.cause().contains("does not hold cluster demo's lock (nobody does)"), run.cause());
    assertNothingWasChanged();
  }

  @Test
  void aBootTimeOutOfRangeIsInvalidInputAndLaunchesNothing() {
    LocalCloud.Execution run = provision(",\"bootSeconds\":900");

    assertEquals(ErrorNames.INVALID_INPUT, run.error());
    assertNothingWasChanged();
  }

  @Test
  void anUnknownClusterLaunchesNothing() {
    LocalCloud.Execution run = cloud.run("ProvisionNodeStateMachine", "{\"cluster\":\"nope\"}", "provision-" + UUID.randomUUID(), TIMEOUT);

    assertEquals(ErrorNames.CLUSTER_NOT_FOUND, run.error());
    assertNothingWasChanged();
    assertTrue(cloud.notifications().get(0).contains("Provisioning a node for Connect cluster nope failed"));
  }

  @Test
  void aZoneNotOfTheClusterIsInvalidInputAndLaunchesNothing() {
    LocalCloud.Execution run = provision(",\"az\":\"us-east-1f\"");

    assertEquals(ErrorNames.INVALID_INPUT, run.error());
    assertTrue(run.cause().contains("us-east-1a, us-east-1b, us-east-1c"), run.cause());
    assertNothingWasChanged();
  }

  @Test
  void aZoneWithoutAMountTargetOfTheFileSystemIsRefusedAndLaunchesNothing() {
    String fileSystemId = cloud.clients().efs.describeFileSystems().fileSystems().get(0).fileSystemId();
    cloud.clients().efs.describeMountTargets(b -> b.fileSystemId(fileSystemId)).mountTargets().stream()
        .filter(t -> t.subnetId().equals(subnetIn("us-east-1c")))
        .forEach(t -> cloud.clients().efs.deleteMountTarget(b -> b.mountTargetId(t.mountTargetId())));
    cloud.gateway().resetCounts();

    LocalCloud.Execution run = provision(",\"az\":\"us-east-1c\"");

    assertEquals(ErrorNames.PRECONDITION_FAILED, run.error());
    assertTrue(run.cause().contains("has no mount target in us-east-1c"), run.cause());
    assertNothingWasChanged();
  }

  @Test
  void aMalformedInputIsInvalidInputAndLaunchesNothing() {
    LocalCloud.Execution run = provision(",\"pollSeconds\":\"soon\"");

    assertEquals(ErrorNames.INVALID_INPUT, run.error());
    assertNothingWasChanged();
  }

  @Test
  void aMissingSecretIsNamedBeforeAnythingIsLaunched() {
    cloud.clients().secretsManager.deleteSecret(b -> b.secretId(cloud.twin().dbPasswordSecret()).forceDeleteWithoutRecovery(true));

    LocalCloud.Execution run = provision("");

    assertEquals(ErrorNames.PRECONDITION_FAILED, run.error());
    assertTrue(run.cause().contains("dbPasswordSecretId: secret " + cloud.twin().dbPasswordSecret() + " does not exist"), run.cause());
    assertNothingWasChanged();
  }

  @Test
  void aClusterWithoutItsProvisioningFieldsIsRefusedByName() {
    cloud.redeploy(Map.of("ConfigParameterName", ""));

    LocalCloud.Execution run = provision("");

    assertEquals(ErrorNames.PRECONDITION_FAILED, run.error());
    assertTrue(run.cause().contains("configParameter"), run.cause());
    assertNothingWasChanged();
  }

  @Test
  void anUnpublishedSchemaVersionIsRefusedByName() {
    cloud.twin().unpublish(VERSION);

    LocalCloud.Execution run = provision("");

    assertEquals(ErrorNames.PRECONDITION_FAILED, run.error());
    assertTrue(run.cause().contains("Connect " + VERSION), run.cause());
    assertNothingWasChanged();
  }
}
