package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.aws.Ec2NodeLauncher;
import dev.connectha.config.Config;
import dev.connectha.errors.AwsCallFailedException;
import dev.connectha.errors.InsufficientCapacityException;
import dev.connectha.errors.NodeNotOnlineException;
import dev.connectha.errors.UnsafeToProceedException;
import dev.connectha.localcloud.twin.NodeRoot;
import dev.connectha.localcloud.twin.SimNode;
import dev.connectha.localcloud.twin.Twin;
import dev.connectha.model.ClientToken;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.Node;
import dev.connectha.ports.NodeLauncher;
import dev.connectha.ports.NodeLauncher.Launch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ssm.model.InstanceInformation;
import software.amazon.awssdk.services.ssm.model.SsmException;

/**
 * The real {@link Ec2NodeLauncher} against the local cloud: launches from the twin cluster's launch
 * template into its subnets, EC2's ClientToken idempotency per AZ (which the twin adds to moto),
 * the SSM agent of a launched node coming online after its boot time, and the launch faults.
 */
@ExtendWith(LocalCloudExtension.class)
class NodeLauncherIT {
  private static final String CLUSTER = "demo";
  private static final List<String> ZONES = List.of("us-east-1a", "us-east-1b", "us-east-1c");
  private static final String EXECUTION =
      "arn:aws:states:us-east-1:123456789012:execution:connect-ha-provision-node:provision-node-demo-1";
  private static final String OTHER_EXECUTION =
      "arn:aws:states:us-east-1:123456789012:execution:connect-ha-provision-node:provision-node-demo-2";
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration BOOT = Duration.ofMillis(1500);

  private final LocalCloud cloud;
  private RealAdapters adapters;
  private NodeLauncher launcher;
  private ClusterDocument demo;

  NodeLauncherIT(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @BeforeEach
  void freshClusterInThreeAzs() {
    cloud.reset(new Twin.Spec(CLUSTER, 3, ZONES, "2024.08.0"));
    cloud.twin().bootTime(BOOT);
    adapters = new RealAdapters(Config.from(cloud.environmentOf("DescribeClusterFunction")));
    launcher = adapters.nodeLauncher();
    demo = adapters.clusterRegistry().load(CLUSTER);
  }

  @AfterEach
  void closeClients() {
    adapters.close();
  }

  private Launch launch(String execution, String az) {
    return new Launch(CLUSTER, demo.launchTemplateId(), demo.subnetsByAz().get(az), execution, ClientToken.of(execution, az));
  }

  private Instance instance(String instanceId) {
    return cloud.clients().ec2.describeInstances(b -> b.instanceIds(instanceId)).reservations().get(0).instances().get(0);
  }

  private static Map<String, String> tags(Instance instance) {
    return instance.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
  }

  private List<InstanceInformation> agents(String instanceId) {
    return cloud.clients().ssm.describeInstanceInformation(b -> b.filters(f -> f.key("InstanceIds").values(instanceId)))
        .instanceInformationList();
  }

  // ---- launching ------------------------------------------------------------------------------

  @Test
  void launchesOneNodeIntoEachAzFromTheClustersTemplateTaggedWithItsClusterAndLauncher() {
    String templateImage = cloud.clients().ec2.describeLaunchTemplateVersions(b -> b.launchTemplateId(demo.launchTemplateId())
        .versions("$Default")).launchTemplateVersions().get(0).launchTemplateData().imageId();
    List<String> launched = new ArrayList<>();

    for (String az : ZONES) {
      String id = launcher.launch(launch(EXECUTION, az));
      launched.add(id);
      Instance instance = instance(id);
      assertAll(az,
          () -> assertEquals(az, instance.placement().availabilityZone()),
          () -> assertEquals(demo.subnetsByAz().get(az), instance.subnetId()),
          () -> assertEquals(templateImage, instance.imageId(), "launched from the cluster's launch template"),
          () -> assertEquals(CLUSTER, tags(instance).get("connect-ha:cluster")),
          () -> assertEquals(EXECUTION, tags(instance).get("connect-ha:launched-by")),
          () -> assertEquals(ClientToken.of(EXECUTION, az).value(), instance.clientToken()));
    }

    assertEquals(3, Set.copyOf(launched).size());
    assertEquals(Set.copyOf(launched), launcher.launchedBy(EXECUTION).stream().map(Node::instanceId).collect(Collectors.toSet()));
    Set<String> clusterNodes = adapters.nodeDirectory().nodesOf(CLUSTER).stream().map(Node::instanceId).collect(Collectors.toSet());
    assertTrue(clusterNodes.containsAll(launched), "the new nodes are the cluster's: " + clusterNodes);
    assertEquals(launched, cloud.twin().launchedInstances());
  }

  @Test
  void aLaunchedNodeStartsBareNoConnectNoRunAsAccountNoSharedFileSystem(@TempDir Path dir) throws Exception {
    String id = launcher.launch(launch(EXECUTION, "us-east-1a"));

    SimNode node = cloud.twin().node(id);
    assertTrue(node.bare(), "a launched node is bare");
    assertFalse(node.serviceActive);
    Path bin = NodeRoot.write(dir, node);
    assertFalse(Files.exists(dir.resolve("root/etc/rstudio-connect/rstudio-connect.gcfg")), "no Connect configuration");
    NodeRoot.ScriptRun user = NodeRoot.run(dir, bin, "id -u rstudio-connect", Map.of(), Duration.ofSeconds(10));
    assertEquals(1, user.exit(), "no rstudio-connect user: " + user.stdout());
    NodeRoot.ScriptRun installed = NodeRoot.run(dir, bin, "dpkg-query -s rstudio-connect", Map.of(), Duration.ofSeconds(10));
    assertEquals(1, installed.exit(), "Connect is not installed");
    NodeRoot.ScriptRun mount = NodeRoot.run(dir, bin, "findmnt -n -o FSTYPE,SOURCE --target \"$CONNECT_HA_ROOT/var/lib/rstudio-connect\"",
        Map.of(), Duration.ofSeconds(10));
    assertEquals("ext4 /dev/nvme0n1p1", mount.stdout().strip(), "the data directory is on the root volume, not EFS");
  }

  // ---- idempotency ----------------------------------------------------------------------------

  @Test
  void aRepeatedLaunchWithTheSameTokenInTheSameAzMakesOneNode() {
    String first = launcher.launch(launch(EXECUTION, "us-east-1b"));
    String again = launcher.launch(launch(EXECUTION, "us-east-1b"));

    assertEquals(first, again);
    assertEquals(List.of(first), launcher.launchedBy(EXECUTION).stream().map(Node::instanceId).toList());
    assertEquals(List.of(first), cloud.twin().launchedInstances());
  }

  @Test
  void theSameTokenInAnotherAzIsAnotherLaunchAsEc2KeepsTokensPerAz() {
    ClientToken shared = ClientToken.of(EXECUTION, "us-east-1a");
    String inA = launcher.launch(new Launch(CLUSTER, demo.launchTemplateId(), demo.subnetsByAz().get("us-east-1a"), EXECUTION, shared));
    String inB = launcher.launch(new Launch(CLUSTER, demo.launchTemplateId(), demo.subnetsByAz().get("us-east-1b"), EXECUTION, shared));
    String inAAgain = launcher.launch(new Launch(CLUSTER, demo.launchTemplateId(), demo.subnetsByAz().get("us-east-1a"), EXECUTION,
        shared));

    assertNotEquals(inA, inB);
    assertEquals(inA, inAAgain);
    assertEquals("us-east-1b", instance(inB).placement().availabilityZone());
    assertEquals(2, launcher.launchedBy(EXECUTION).size());
  }

  @Test
  void theSameTokenWithOtherParametersInTheSameAzIsRefusedAndLaunchesNothing() {
    String first = launcher.launch(launch(EXECUTION, "us-east-1a"));
    Launch changed = new Launch(CLUSTER, demo.launchTemplateId(), "$Latest", demo.subnetsByAz().get("us-east-1a"), EXECUTION,
        ClientToken.of(EXECUTION, "us-east-1a"));

    AwsCallFailedException e = assertThrows(AwsCallFailedException.class, () -> launcher.launch(changed));

    assertTrue(e.getMessage().contains("IdempotentParameterMismatch"), e.getMessage());
    assertEquals(List.of(first), launcher.launchedBy(EXECUTION).stream().map(Node::instanceId).toList());
  }

  @Test
  void aLaunchByTemplateNameIsTheSameAsByItsId() {
    String name = cloud.clients().ec2.describeLaunchTemplates(b -> b.launchTemplateIds(demo.launchTemplateId()))
        .launchTemplates().get(0).launchTemplateName();
    String id = launcher.launch(new Launch(CLUSTER, name, demo.subnetsByAz().get("us-east-1c"), EXECUTION,
        ClientToken.of(EXECUTION, "us-east-1c")));

    assertEquals("us-east-1c", instance(id).placement().availabilityZone());
  }

  // ---- waiting --------------------------------------------------------------------------------

  @Test
  void theWaitSeesTheNodeRunningWithItsAgentOnlineAfterItsBootTime() {
    Instant launchedAt = Instant.now();
    String id = launcher.launch(launch(EXECUTION, "us-east-1a"));
    assertEquals(List.of(), agents(id), "a booting node's agent has not registered yet");

    Node node = launcher.awaitOnline(id, POLL, Duration.ofSeconds(20));

    Duration waited = Duration.between(launchedAt, Instant.now());
    assertAll(
        () -> assertEquals(id, node.instanceId()),
        () -> assertTrue(node.running(), node.state()),
        () -> assertEquals("us-east-1a", node.availabilityZone()),
        () -> assertTrue(waited.compareTo(BOOT) >= 0, "online only after the boot time: " + waited),
        () -> assertTrue(waited.compareTo(BOOT.plus(Duration.ofSeconds(5))) < 0, "online soon after the boot time: " + waited));
    InstanceInformation agent = agents(id).get(0);
    assertEquals("Online", agent.pingStatusAsString());
    assertEquals("Linux", agent.platformTypeAsString());
    assertEquals("Ubuntu", agent.platformName());
    assertEquals("EC2Instance", agent.resourceTypeAsString());
  }

  @Test
  void theSeededNodesAgentsAreOnlineAndAStoppedNodesConnectionIsLost() {
    String stopped = cloud.twin().node(0).instanceId;
    cloud.clients().ec2.stopInstances(b -> b.instanceIds(stopped));

    Map<String, String> pings = cloud.clients().ssm.describeInstanceInformation(b -> b.maxResults(50)).instanceInformationList()
        .stream().collect(Collectors.toMap(InstanceInformation::instanceId, InstanceInformation::pingStatusAsString));

    assertEquals(Map.of(stopped, "ConnectionLost", cloud.twin().node(1).instanceId, "Online", cloud.twin().node(2).instanceId,
        "Online"), pings);
    Set<String> onlineByLegacyFilter = cloud.clients().ssm.describeInstanceInformation(b -> b.instanceInformationFilterList(
            f -> f.key("PingStatus").valueSet("Online"))).instanceInformationList().stream()
        .map(InstanceInformation::instanceId).collect(Collectors.toSet());
    assertEquals(Set.of(cloud.twin().node(1).instanceId, cloud.twin().node(2).instanceId), onlineByLegacyFilter);
    assertEquals(3, cloud.clients().ssm.describeInstanceInformation(b -> b.filters(f -> f.key("tag:connect-ha:cluster")
        .values(CLUSTER))).instanceInformationList().size(), "filtered by the EC2 tag");
  }

  @Test
  void anAgentThatNeverComesOnlineEndsTheWaitWithANamedErrorWithinItsBound() {
    cloud.twin().agentNeverOnlineOnNextLaunch();
    String id = launcher.launch(launch(EXECUTION, "us-east-1a"));
    Duration bound = Duration.ofSeconds(3);
    Instant start = Instant.now();

    NodeNotOnlineException e = assertThrows(NodeNotOnlineException.class, () -> launcher.awaitOnline(id, POLL, bound));

    Duration waited = Duration.between(start, Instant.now());
    assertTrue(e.getMessage().contains("SSM agent is not Online"), e.getMessage());
    assertTrue(waited.compareTo(bound) >= 0, "waited its bound: " + waited);
    assertTrue(waited.compareTo(bound.plus(Duration.ofSeconds(2))) < 0, "and no longer: " + waited);
    assertEquals(InstanceStateName.RUNNING, instance(id).state().name(), "the instance itself runs");
  }

  @Test
  void aNodeTerminatedWhileBootingEndsTheWaitAtOnce() {
    String id = launcher.launch(launch(EXECUTION, "us-east-1a"));
    cloud.clients().ec2.terminateInstances(b -> b.instanceIds(id));
    Instant start = Instant.now();

    NodeNotOnlineException e = assertThrows(NodeNotOnlineException.class,
        () -> launcher.awaitOnline(id, POLL, Duration.ofSeconds(30)));

    assertTrue(e.getMessage().contains("will not run"), e.getMessage());
    assertTrue(Duration.between(start, Instant.now()).compareTo(Duration.ofSeconds(10)) < 0, "no wait for the bound");
  }

  @Test
  void ssmRefusesCommandsToANodeWhoseAgentIsNotOnlineYet() {
    String id = launcher.launch(launch(EXECUTION, "us-east-1a"));

    SsmException refused = assertThrows(SsmException.class, () -> cloud.clients().ssm.sendCommand(b -> b
        .documentName("AWS-RunShellScript").instanceIds(id).parameters(Map.of("commands", List.of("true")))));
    assertEquals("InvalidInstanceId", refused.awsErrorDetails().errorCode());

    launcher.awaitOnline(id, POLL, Duration.ofSeconds(20));
    String commandId = cloud.clients().ssm.sendCommand(b -> b.documentName("AWS-RunShellScript").instanceIds(id)
        .parameters(Map.of("commands", List.of("true")))).command().commandId();
    assertFalse(commandId.isEmpty());
  }

  // ---- capacity ------------------------------------------------------------------------------

  @Test
  void insufficientCapacityInAnAzIsANamedErrorAndNothingIsLaunched() {
    cloud.twin().noCapacityIn("us-east-1b");
    int before = adapters.nodeDirectory().nodesOf(CLUSTER).size();

    InsufficientCapacityException e = assertThrows(InsufficientCapacityException.class,
        () -> launcher.launch(launch(EXECUTION, "us-east-1b")));

    assertTrue(e.getMessage().contains("InsufficientInstanceCapacity"), e.getMessage());
    assertEquals(List.of(), launcher.launchedBy(EXECUTION));
    assertEquals(before, adapters.nodeDirectory().nodesOf(CLUSTER).size());
    assertEquals(List.of(), cloud.twin().launchedInstances());
    String elsewhere = launcher.launch(launch(EXECUTION, "us-east-1c"));
    assertEquals("us-east-1c", instance(elsewhere).placement().availabilityZone(), "another AZ still launches");
  }

  @Test
  void aLaunchAlreadyMadeIsAnsweredAgainWhenItsAzRunsOutOfCapacity() {
    String first = launcher.launch(launch(EXECUTION, "us-east-1b"));
    cloud.twin().noCapacityIn("us-east-1b");

    assertEquals(first, launcher.launch(launch(EXECUTION, "us-east-1b")), "the retry of a launch EC2 made");
    assertThrows(InsufficientCapacityException.class, () -> launcher.launch(launch(OTHER_EXECUTION, "us-east-1b")));
    assertEquals(List.of(first), cloud.twin().launchedInstances());
  }

  // ---- finding and terminating ------------------------------------------------------------------

  @Test
  void findsOnlyTheNodesAnExecutionLaunchedByItsTag() {
    String mine = launcher.launch(launch(EXECUTION, "us-east-1a"));
    String theirs = launcher.launch(launch(OTHER_EXECUTION, "us-east-1b"));

    assertEquals(List.of(mine), launcher.launchedBy(EXECUTION).stream().map(Node::instanceId).toList());
    assertEquals(List.of(theirs), launcher.launchedBy(OTHER_EXECUTION).stream().map(Node::instanceId).toList());
    assertEquals(List.of(), launcher.launchedBy("arn:aws:states:us-east-1:123456789012:execution:x:never-launched"));
  }

  @Test
  void terminatesOnlyTheNodeItIsToldAndATerminatedNodeIsGoneFromTheLaunchersView() {
    String mine = launcher.launch(launch(EXECUTION, "us-east-1a"));
    String theirs = launcher.launch(launch(OTHER_EXECUTION, "us-east-1a"));
    launcher.awaitOnline(mine, POLL, Duration.ofSeconds(20));

    launcher.terminate(CLUSTER, mine);
    launcher.terminate(CLUSTER, mine); // terminating again changes nothing

    assertTrue(Set.of(InstanceStateName.SHUTTING_DOWN, InstanceStateName.TERMINATED).contains(instance(mine).state().name()));
    assertEquals(List.of(), launcher.launchedBy(EXECUTION));
    assertEquals(List.of(), agents(mine), "a terminated node's agent is no longer listed");
    assertEquals(InstanceStateName.RUNNING, instance(theirs).state().name());
    assertEquals(InstanceStateName.RUNNING, instance(cloud.twin().node(0).instanceId).state().name());
  }

  @Test
  void refusesToTerminateAnInstanceThatIsNotTheClusters() {
    String other = launcher.launch(new Launch("other", demo.launchTemplateId(), demo.subnetsByAz().get("us-east-1a"), EXECUTION,
        ClientToken.of(EXECUTION, "us-east-1a")));

    assertThrows(UnsafeToProceedException.class, () -> launcher.terminate(CLUSTER, other));

    assertEquals(InstanceStateName.RUNNING, instance(other).state().name());
  }
}
