package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.config.DocumentKind;
import dev.connectha.ports.NodeCommands.CommandResult;
import dev.connectha.ports.NodeDirectory;
import dev.connectha.config.Config;
import dev.connectha.errors.AwsThrottledException;
import dev.connectha.errors.ClusterNotFoundException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.json.Json;
import dev.connectha.localcloud.twin.SimNode;
import dev.connectha.localcloud.twin.Twin;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.DatabaseState;
import dev.connectha.model.FileSystemState;
import dev.connectha.model.LearnedState;
import dev.connectha.model.LoadBalancing;
import dev.connectha.model.Node;
import dev.connectha.model.NodeFacts;
import dev.connectha.model.TargetHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Every AWS adapter implementation of the shared module, built from the environment the local cloud
 * gives DescribeClusterFunction, run for real against moto through the gateway (with the twin
 * answering SSM commands and target health). One fresh twin cluster for the class: tests that change
 * the cluster put it back, and tests that add resources add ones the others do not look at.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdaptersIT {
  private static final String CLUSTER = "demo";
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

  private final LocalCloud cloud;
  private RealAdapters adapters;
  private ClusterDocument demo;
  private String imageId;
  private String vpcId;

  AdaptersIT(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @BeforeAll
  void freshClusterAndTheFunctionsAdapters() {
    cloud.reset(Twin.Spec.defaults());
    adapters = new RealAdapters(Config.from(cloud.environmentOf("DescribeClusterFunction")));
    demo = adapters.clusterRegistry().load(CLUSTER);
    vpcId = cloud.clients().ec2.describeSubnets(b -> b.subnetIds(demo.subnetsByAz().values())).subnets().get(0).vpcId();
    imageId = cloud.clients().ec2.describeImages(b -> b.owners("amazon")).images().get(0).imageId();
  }

  @AfterAll
  void closeClients() {
    adapters.close();
  }

  // ---- SsmClusterRegistry ---------------------------------------------------------------------

  @Test
  void clusterRegistryLoadsTheDocumentTheTemplateRegistered() {
    ClusterDocument document = adapters.clusterRegistry().load(CLUSTER);

    String targetGroupArn = cloud.clients().elb.describeTargetGroups(b -> b.names("demo-connect"))
        .targetGroups().get(0).targetGroupArn();
    String fileSystemId = cloud.clients().efs.describeFileSystems(b -> b.creationToken("demo-data"))
        .fileSystems().get(0).fileSystemId();
    assertAll(
        () -> assertEquals(CLUSTER, document.name()),
        () -> assertEquals(targetGroupArn, document.targetGroupArn()),
        () -> assertEquals("demo-db", document.dbInstanceId()),
        () -> assertEquals(null, document.dbClusterId()),
        () -> assertEquals(fileSystemId, document.fileSystemId()),
        () -> assertEquals(Set.of("us-east-1a", "us-east-1b"), document.subnetsByAz().keySet()),
        () -> assertEquals(2, document.desiredNodes()),
        () -> assertEquals(ConnectVersion.parse("2024.08.0"), document.connectVersion()),
        () -> assertEquals("Default", document.backupVault()));
  }

  @Test
  void clusterRegistryReportsAnUnregisteredClusterAsNotFound() {
    ClusterNotFoundException e = assertThrows(ClusterNotFoundException.class,
        () -> adapters.clusterRegistry().load("no-such-cluster"));

    assertTrue(e.getMessage().contains("/connect-ha/clusters/no-such-cluster"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "{not json",
      "[\"a\",\"list\"]",
      // valid JSON, but the record's own validation rejects it (no file system)
      "{\"name\":\"%s\",\"dbInstanceId\":\"db\",\"desiredNodes\":2,\"connectVersion\":\"2024.08.0\"}",
      // valid JSON, but not a Connect version
      "{\"name\":\"%s\",\"dbInstanceId\":\"db\",\"fileSystemId\":\"fs-1\",\"desiredNodes\":2,\"connectVersion\":\"latest\"}",
      // a well-formed document registered under another cluster's name
      "{\"name\":\"someone-else\",\"dbInstanceId\":\"db\",\"fileSystemId\":\"fs-1\",\"desiredNodes\":2,\"connectVersion\":\"2024.08.0\"}"})
  void clusterRegistryRejectsAMalformedDocumentAsPreconditionFailed(String template) {
    String name = "broken-" + UUID.randomUUID().toString().substring(0, 8);
    cloud.clients().ssm.putParameter(b -> b.name("/connect-ha/clusters/" + name).type(ParameterType.STRING)
        .value(template.formatted(name)));

    PreconditionFailedException e = assertThrows(PreconditionFailedException.class,
        () -> adapters.clusterRegistry().load(name));

    assertTrue(e.getMessage().contains("/connect-ha/clusters/" + name), e.getMessage());
  }

  @Test
  void throttlingOfAnAwsCallSurfacesAsAwsThrottledException() {
    cloud.gateway().injectFault("ssm", "GetParameter", 400, "ThrottlingException", 10);
    try {
      AwsThrottledException e = assertThrows(AwsThrottledException.class,
          () -> adapters.clusterRegistry().load(CLUSTER));

      assertTrue(e.retryable());
      assertTrue(e.getMessage().contains("ThrottlingException"), e.getMessage());
    } finally {
      cloud.gateway().clearFaults();
    }
  }

  // ---- SsmLearnedStates -----------------------------------------------------------------------

  @Test
  void learnedStatesFindNothingForAClusterNothingWasLearnedAbout() {
    assertEquals(Optional.empty(), adapters.learnedStates().find("nothing-learned"));
  }

  @Test
  void learnedStatesSaveARecordOutsideTheClusterDocumentsAndFindItAgain() {
    String cluster = "learned-" + UUID.randomUUID().toString().substring(0, 8);
    LearnedState.Recorded schema = new LearnedState.Recorded(ConnectVersion.parse("2024.10.0"),
        Instant.parse("2026-11-30T10:00:00Z"), "arn:aws:states:us-east-1:123456789012:execution:upgrade:e-1");
    LearnedState halted = new LearnedState(cluster, schema, null);

    adapters.learnedStates().save(halted);

    assertEquals(Optional.of(halted), adapters.learnedStates().find(cluster));
    String stored = cloud.clients().ssm.getParameter(b -> b.name("/connect-ha/learned/" + cluster)).parameter().value();
    assertEquals("2024.10.0", Functions.json(stored).at("/schemaVersion/version").asText(), stored);
    assertEquals("arn:aws:states:us-east-1:123456789012:execution:upgrade:e-1",
        Functions.json(stored).at("/schemaVersion/executionId").asText(), stored);
    assertFalse(Functions.json(stored).has("nodesVersion"), stored);

    LearnedState upgraded = halted.withNodes(new LearnedState.Recorded(ConnectVersion.parse("2024.10.0"),
        Instant.parse("2026-11-30T10:05:00Z"), "e-2"));
    adapters.learnedStates().save(upgraded);

    assertEquals(Optional.of(upgraded), adapters.learnedStates().find(cluster));
  }

  @Test
  void learnedStatesKeepFieldsOfTheStoredRecordTheyDoNotKnow() {
    String cluster = "learned-" + UUID.randomUUID().toString().substring(0, 8);
    String parameter = "/connect-ha/learned/" + cluster;
    cloud.clients().ssm.putParameter(b -> b.name(parameter).type(ParameterType.STRING)
        .value("{\"cluster\":\"" + cluster + "\",\"desiredNodes\":3}"));
    LearnedState.Recorded schema = new LearnedState.Recorded(ConnectVersion.parse("2024.10.0"),
        Instant.parse("2026-11-30T10:00:00Z"), "e-1");

    adapters.learnedStates().save(new LearnedState(cluster, schema, null));

    JsonNode stored = Functions.json(cloud.clients().ssm.getParameter(b -> b.name(parameter)).parameter().value());
    assertEquals(3, stored.path("desiredNodes").asInt(), stored.toString());
    assertEquals("2024.10.0", stored.at("/schemaVersion/version").asText(), stored.toString());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"{not json", "{\"cluster\":\"someone-else\"}",
      "{\"cluster\":\"%s\",\"schemaVersion\":{\"version\":\"latest\",\"recordedAt\":\"2026-11-30T10:00:00Z\"}}"})
  void learnedStatesRejectAMalformedRecordAsPreconditionFailed(String template) {
    String cluster = "broken-" + UUID.randomUUID().toString().substring(0, 8);
    cloud.clients().ssm.putParameter(b -> b.name("/connect-ha/learned/" + cluster).type(ParameterType.STRING)
        .value(template.formatted(cluster)));

    PreconditionFailedException e = assertThrows(PreconditionFailedException.class,
        () -> adapters.learnedStates().find(cluster));

    assertTrue(e.getMessage().contains("/connect-ha/learned/" + cluster), e.getMessage());
  }

  // ---- Ec2NodeDirectory -----------------------------------------------------------------------

  @Test
  void nodeDirectoryReturnsExactlyTheTaggedNodesWithTheirZones() {
    List<Node> nodes = adapters.nodeDirectory().nodesOf(CLUSTER);

    List<SimNode> twinNodes = cloud.twin().nodes();
    assertEquals(twinNodes.stream().map(n -> n.instanceId).sorted().toList(),
        nodes.stream().map(Node::instanceId).toList());
    Map<String, SimNode> byId = twinNodes.stream().collect(Collectors.toMap(n -> n.instanceId, n -> n));
    for (Node node : nodes) {
      SimNode expected = byId.get(node.instanceId());
      assertAll(node.instanceId(),
          () -> assertEquals(expected.availabilityZone, node.availabilityZone()),
          () -> assertEquals(expected.subnetId, node.subnetId()),
          () -> assertEquals(demo.subnetsByAz().get(node.availabilityZone()), node.subnetId()),
          () -> assertTrue(node.running(), node.state()),
          () -> assertNotNull(node.privateIp()));
    }
    assertEquals(Set.of("us-east-1a", "us-east-1b"),
        nodes.stream().map(Node::availabilityZone).collect(Collectors.toSet()));
  }

  @Test
  void nodeDirectoryIgnoresInstancesOfOtherClustersAndUntaggedOnes() {
    String other = "other-" + UUID.randomUUID().toString().substring(0, 8);
    String otherClusters = launch("us-east-1a", Map.of(NodeDirectory.CLUSTER_TAG, other, "Name", other + "-connect-1"));
    String untagged = launch("us-east-1b", Map.of());

    List<String> demoNodes = adapters.nodeDirectory().nodesOf(CLUSTER).stream().map(Node::instanceId).toList();
    List<Node> otherNodes = adapters.nodeDirectory().nodesOf(other);

    assertEquals(cloud.twin().nodes().stream().map(n -> n.instanceId).sorted().toList(), demoNodes);
    assertFalse(demoNodes.contains(untagged));
    assertEquals(List.of(otherClusters), otherNodes.stream().map(Node::instanceId).toList());
    assertEquals("us-east-1a", otherNodes.get(0).availabilityZone());
  }

  @Test
  void nodeDirectoryLeavesOutTerminatedInstances() {
    String leaving = "leaving-" + UUID.randomUUID().toString().substring(0, 8);
    String first = launch("us-east-1a", Map.of(NodeDirectory.CLUSTER_TAG, leaving));
    String second = launch("us-east-1b", Map.of(NodeDirectory.CLUSTER_TAG, leaving));
    assertEquals(List.of(first, second).stream().sorted().toList(),
        adapters.nodeDirectory().nodesOf(leaving).stream().map(Node::instanceId).toList());

    cloud.clients().ec2.terminateInstances(b -> b.instanceIds(second));
    awaitState(second, InstanceStateName.TERMINATED);

    assertEquals(List.of(first), adapters.nodeDirectory().nodesOf(leaving).stream().map(Node::instanceId).toList());
  }

  @Test
  void nodeDirectoryKeepsStoppedNodesButReportsTheirState() {
    String stopping = "stopping-" + UUID.randomUUID().toString().substring(0, 8);
    String node = launch("us-east-1b", Map.of(NodeDirectory.CLUSTER_TAG, stopping));

    cloud.clients().ec2.stopInstances(b -> b.instanceIds(node));
    awaitState(node, InstanceStateName.STOPPED);

    List<Node> nodes = adapters.nodeDirectory().nodesOf(stopping);
    assertEquals(1, nodes.size());
    assertEquals("stopped", nodes.get(0).state());
    assertFalse(nodes.get(0).running());
  }

  // ---- ElbTargetGroupSettings -----------------------------------------------------------------------------

  @Test
  void trafficReportsLbCookieStickinessCrossZoneAndEveryNodeHealthy() {
    LoadBalancing lb = adapters.targetGroupSettings().describe(demo.targetGroupArn());

    assertAll(
        () -> assertEquals(demo.targetGroupArn(), lb.targetGroupArn()),
        () -> assertEquals(1, lb.loadBalancerArns().size()),
        () -> assertTrue(lb.stickinessEnabled()),
        () -> assertEquals("lb_cookie", lb.stickinessType()),
        () -> assertTrue(lb.loadBalancerCrossZone(), "an ALB always balances across zones"),
        () -> assertTrue(lb.crossZoneOn(), lb.crossZone()),
        () -> assertEquals("/__ping__", lb.healthCheckPath()),
        () -> assertEquals(2, lb.targets().size()),
        () -> assertEquals(cloud.twin().nodes().stream().map(n -> n.instanceId).collect(Collectors.toSet()),
            lb.targets().stream().map(TargetHealth::instanceId).collect(Collectors.toSet())),
        () -> assertTrue(lb.targets().stream().allMatch(TargetHealth::healthy), lb.targets().toString()));
  }

  @Test
  void trafficReflectsChangedTargetGroupAttributes() {
    setTargetGroupAttributes(Map.of("stickiness.enabled", "false", "load_balancing.cross_zone.enabled", "false"));
    try {
      LoadBalancing lb = adapters.targetGroupSettings().describe(demo.targetGroupArn());

      assertFalse(lb.stickinessEnabled());
      assertEquals("false", lb.crossZone());
      assertFalse(lb.crossZoneOn());
    } finally {
      setTargetGroupAttributes(Map.of("stickiness.enabled", "true",
          "load_balancing.cross_zone.enabled", "use_load_balancer_configuration"));
    }
    assertTrue(adapters.targetGroupSettings().describe(demo.targetGroupArn()).crossZoneOn());
  }

  @Test
  void trafficReportsATargetWhoseConnectStoppedAsUnhealthy() {
    SimNode second = cloud.twin().node(1);
    second.serviceActive = false;
    try {
      LoadBalancing lb = adapters.targetGroupSettings().describe(demo.targetGroupArn());

      TargetHealth target = lb.targets().stream().filter(t -> t.instanceId().equals(second.instanceId)).findFirst()
          .orElseThrow();
      assertEquals("unhealthy", target.state());
      assertEquals("Target.FailedHealthChecks", target.reason());
      assertEquals(1, lb.targets().stream().filter(TargetHealth::healthy).count());
    } finally {
      second.serviceActive = true;
    }
  }

  // ---- RdsDatabase ----------------------------------------------------------------------------

  @Test
  void databaseReportsAvailableMultiAzPostgres157WithAnEndpoint() {
    DatabaseState db = adapters.database().describe(demo);

    assertAll(
        () -> assertEquals("demo-db", db.id()),
        () -> assertEquals("postgres", db.engine()),
        () -> assertEquals("15.7", db.engineVersion()),
        () -> assertEquals(15, db.majorVersion()),
        () -> assertTrue(db.postgres()),
        () -> assertTrue(db.multiAz()),
        () -> assertEquals("available", db.status()),
        () -> assertTrue(db.storageEncrypted()),
        () -> assertNotNull(db.endpoint()),
        () -> assertFalse(db.endpoint().isBlank()));
  }

  @Test
  void databaseThatDoesNotExistIsAPreconditionFailure() {
    ClusterDocument pointingNowhere = new ClusterDocument(demo.name(), demo.targetGroupArn(), "no-such-db", null,
        demo.fileSystemId(), demo.launchTemplateId(), demo.subnetsByAz(), demo.backupVault(), demo.backupRoleArn(),
        demo.packageSource(), demo.desiredNodes(), demo.connectVersion());

    PreconditionFailedException e = assertThrows(PreconditionFailedException.class,
        () -> adapters.database().describe(pointingNowhere));

    assertTrue(e.getMessage().contains("database does not exist"), e.getMessage());
  }

  // ---- EfsFileSystems -------------------------------------------------------------------------

  @Test
  void fileSystemReportsEncryptionAndTheZonesOfItsMountTargets() {
    FileSystemState fs = adapters.fileSystems().describe(demo.fileSystemId());

    assertEquals(demo.fileSystemId(), fs.id());
    assertTrue(fs.encrypted());
    assertEquals("available", fs.lifecycleState());
    assertEquals(List.of("us-east-1a", "us-east-1b"), fs.mountTargetAzs());
  }

  @Test
  void fileSystemThatDoesNotExistIsAPreconditionFailure() {
    PreconditionFailedException e = assertThrows(PreconditionFailedException.class,
        () -> adapters.fileSystems().describe("fs-0123456789abcdef0"));

    assertTrue(e.getMessage().contains("fs-0123456789abcdef0"), e.getMessage());
  }

  // ---- SsmNodeCommands ------------------------------------------------------------------------

  @Test
  void nodeCommandsRunNodeFactsOnEveryNodeAndReturnItsJson() throws Exception {
    List<String> ids = cloud.twin().nodes().stream().map(n -> n.instanceId).toList();

    List<CommandResult> results = adapters.nodeCommands()
        .run(adapters.config.documentName(DocumentKind.NODE_FACTS), ids, POLL, COMMAND_TIMEOUT);

    assertEquals(cloud.documentName(DocumentKind.NODE_FACTS), adapters.config.documentName(DocumentKind.NODE_FACTS),
        "the functions name the document the stack deployed");
    assertEquals(ids, results.stream().map(CommandResult::instanceId).toList());
    for (CommandResult result : results) {
      assertTrue(result.succeeded(), () -> result.status() + ": " + result.stderr());
      NodeFacts facts = Json.MAPPER.readValue(result.stdout(), NodeFacts.class);
      assertEquals("2024.08.0", facts.connectVersion());
      assertEquals("active", facts.serviceState());
      assertEquals("postgres", facts.databaseProvider());
      assertEquals("nfs4", facts.dataDirFsType());
      assertTrue(facts.dataDirSource().startsWith(demo.fileSystemId() + ".efs."), facts.dataDirSource());
    }
  }

  @Test
  void nodeCommandsReportAFailingNodeWithoutFailingTheOthers() {
    List<String> ids = cloud.twin().nodes().stream().map(n -> n.instanceId).toList();
    cloud.twin().node(1).commandFailure = "boom";
    try {
      List<CommandResult> results = adapters.nodeCommands()
          .run(adapters.config.documentName(DocumentKind.NODE_FACTS), ids, POLL, COMMAND_TIMEOUT);

      assertEquals(ids, results.stream().map(CommandResult::instanceId).toList());
      assertTrue(results.get(0).succeeded(), () -> results.get(0).status() + ": " + results.get(0).stderr());
      assertTrue(results.get(0).stdout().startsWith("{\"connectVersion\":\"2024.08.0\""), results.get(0).stdout());
      assertEquals("Failed", results.get(1).status());
      assertFalse(results.get(1).succeeded());
      assertEquals("boom", results.get(1).stderr());
    } finally {
      cloud.twin().node(1).commandFailure = null;
    }
  }

  @Test
  void nodeCommandsOnNoNodesSendNothing() {
    cloud.gateway().resetCounts();

    assertEquals(List.of(), adapters.nodeCommands().run(adapters.config.documentName(DocumentKind.NODE_FACTS), List.of(), POLL,
        COMMAND_TIMEOUT));
    assertFalse(cloud.gateway().callCounts().containsKey("ssm:SendCommand"));
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** Launches an instance in the cluster's VPC (moto ignores a launch template's subnet: always pass one). */
  private String launch(String zone, Map<String, String> tags) {
    Subnet subnet = cloud.clients().ec2.describeSubnets(b -> b.filters(
            Filter.builder().name("availability-zone").values(zone).build(),
            Filter.builder().name("vpc-id").values(vpcId).build()))
        .subnets().get(0);
    return cloud.clients().ec2.runInstances(b -> {
      b.imageId(imageId).instanceType("t3.micro").minCount(1).maxCount(1).subnetId(subnet.subnetId());
      if (!tags.isEmpty()) {
        b.tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(tags.entrySet()
            .stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList()).build());
      }
    }).instances().get(0).instanceId();
  }

  private void awaitState(String instanceId, InstanceStateName state) {
    Instant deadline = Instant.now().plusSeconds(10);
    while (cloud.clients().ec2.describeInstances(b -> b.instanceIds(instanceId)).reservations().get(0).instances().get(0)
        .state().name() != state) {
      assertTrue(Instant.now().isBefore(deadline), instanceId + " never became " + state);
      LocalCloud.pause(Duration.ofMillis(50));
    }
  }

  private void setTargetGroupAttributes(Map<String, String> attributes) {
    cloud.clients().elb.modifyTargetGroupAttributes(b -> b.targetGroupArn(demo.targetGroupArn())
        .attributes(attributes.entrySet().stream()
            .map(e -> TargetGroupAttribute.builder().key(e.getKey()).value(e.getValue()).build()).toList()));
  }
}
