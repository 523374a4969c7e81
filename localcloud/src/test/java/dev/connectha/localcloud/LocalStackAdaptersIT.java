package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.connectha.ports.NodeDirectory;
import dev.connectha.config.Config;
import dev.connectha.errors.ClusterNotFoundException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.Node;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The adapters LocalStack's community edition can stand in for (EC2 node directory by tag, SSM
 * cluster registry), run against LocalStack in Docker. Where there is no Docker
 * engine the whole class is skipped, not failed; the same checks run on moto in {@link AdaptersIT}.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackAdaptersIT {
  private static final String CLUSTER = "ls-demo";

  @Container
  private static final LocalStackContainer LOCALSTACK =
      new LocalStackContainer(DockerImageName.parse("localstack/localstack:3.8"))
          .withServices(Service.EC2, Service.SSM);

  private static AwsClients aws;
  private static RealAdapters adapters;
  private static final Map<String, String> subnetsByAz = new LinkedHashMap<>();
  private static final List<String> clusterNodes = new ArrayList<>();
  private static String otherClusterNode;
  private static String untaggedNode;
  private static String terminatedNode;

  @BeforeAll
  static void seedACluster() {
    aws = new AwsClients(LOCALSTACK.getEndpoint(), LOCALSTACK.getRegion());
    String vpcId = aws.ec2.createVpc(b -> b.cidrBlock("10.30.0.0/16")).vpc().vpcId();
    List<String> zones = List.of(LOCALSTACK.getRegion() + "a", LOCALSTACK.getRegion() + "b");
    for (int i = 0; i < zones.size(); i++) {
      String zone = zones.get(i);
      String cidr = "10.30." + (i + 1) + ".0/24";
      subnetsByAz.put(zone, aws.ec2.createSubnet(b -> b.vpcId(vpcId).cidrBlock(cidr).availabilityZone(zone))
          .subnet().subnetId());
    }
    String imageId = anyImage();
    for (String zone : zones) {
      clusterNodes.add(launch(imageId, zone, CLUSTER));
    }
    otherClusterNode = launch(imageId, zones.get(0), "ls-other");
    untaggedNode = launch(imageId, zones.get(1), null);
    terminatedNode = launch(imageId, zones.get(1), CLUSTER);
    aws.ec2.terminateInstances(b -> b.instanceIds(terminatedNode));
    awaitTerminated(terminatedNode);

    aws.ssm.putParameter(b -> b.name("/connect-ha/clusters/" + CLUSTER).type(ParameterType.STRING).value("""
        {"name":"%s","targetGroupArn":null,"dbInstanceId":"%s-db","fileSystemId":"fs-0123456789abcdef0",
         "subnetsByAz":{"%s":"%s","%s":"%s"},"desiredNodes":2,"connectVersion":"2024.08.0"}"""
        .formatted(CLUSTER, CLUSTER, zones.get(0), subnetsByAz.get(zones.get(0)), zones.get(1),
            subnetsByAz.get(zones.get(1)))));

    adapters = new RealAdapters(Config.from(Map.of(
        "AWS_REGION", LOCALSTACK.getRegion(),
        "AWS_ENDPOINT_URL", LOCALSTACK.getEndpoint().toString(),
        "AWS_ACCESS_KEY_ID", AwsClients.ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY", AwsClients.SECRET_KEY)));
  }

  @AfterAll
  static void closeClients() {
    if (adapters != null) {
      adapters.close();
    }
    if (aws != null) {
      aws.close();
    }
  }

  @Test
  void nodeDirectoryReturnsExactlyTheTaggedNodesWithTheirZones() {
    List<Node> nodes = adapters.nodeDirectory().nodesOf(CLUSTER);

    assertEquals(clusterNodes.stream().sorted().toList(), nodes.stream().map(Node::instanceId).toList());
    assertEquals(subnetsByAz.keySet(), nodes.stream().map(Node::availabilityZone).collect(Collectors.toSet()));
    nodes.forEach(n -> assertEquals(subnetsByAz.get(n.availabilityZone()), n.subnetId(), n.instanceId()));
  }

  @Test
  void nodeDirectoryIgnoresOtherClustersUntaggedAndTerminatedInstances() {
    List<String> ids = adapters.nodeDirectory().nodesOf(CLUSTER).stream().map(Node::instanceId).toList();

    assertFalse(ids.contains(otherClusterNode), "another cluster's node");
    assertFalse(ids.contains(untaggedNode), "an untagged instance");
    assertFalse(ids.contains(terminatedNode), "a terminated node");
    assertEquals(List.of(otherClusterNode),
        adapters.nodeDirectory().nodesOf("ls-other").stream().map(Node::instanceId).toList());
  }

  @Test
  void clusterRegistryLoadsTheRegisteredDocument() {
    ClusterDocument document = adapters.clusterRegistry().load(CLUSTER);

    assertEquals(CLUSTER, document.name());
    assertEquals(CLUSTER + "-db", document.dbInstanceId());
    assertEquals(subnetsByAz, document.subnetsByAz());
    assertEquals(2, document.desiredNodes());
  }

  @Test
  void clusterRegistryReportsAnUnregisteredClusterAsNotFound() {
    assertThrows(ClusterNotFoundException.class, () -> adapters.clusterRegistry().load("no-such-cluster"));
  }

  @Test
  void clusterRegistryRejectsAMalformedDocumentAsPreconditionFailed() {
    aws.ssm.putParameter(b -> b.name("/connect-ha/clusters/ls-broken").type(ParameterType.STRING).value("{not json"));

    assertThrows(PreconditionFailedException.class, () -> adapters.clusterRegistry().load("ls-broken"));
  }

  /** An AMI LocalStack knows (its mock EC2 keeps moto's Amazon images; the last resort is its documented one). */
  private static String anyImage() {
    List<Image> images = aws.ec2.describeImages(b -> b.owners("amazon")).images();
    if (images.isEmpty()) {
      images = aws.ec2.describeImages(b -> { }).images();
    }
    return images.isEmpty() ? "ami-df5de72bdb3b" : images.get(0).imageId();
  }

  private static String launch(String imageId, String zone, String cluster) {
    return aws.ec2.runInstances(b -> {
      b.imageId(imageId).instanceType("t3.micro").minCount(1).maxCount(1).subnetId(subnetsByAz.get(zone));
      if (cluster != null) {
        b.tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE)
            .tags(Tag.builder().key(NodeDirectory.CLUSTER_TAG).value(cluster).build()).build());
      }
    }).instances().get(0).instanceId();
  }

  private static void awaitTerminated(String instanceId) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (aws.ec2.describeInstances(b -> b.instanceIds(instanceId)).reservations().get(0).instances().get(0)
        .state().name() != InstanceStateName.TERMINATED) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(instanceId + " was not terminated after 30 s");
      }
      LocalCloud.pause(Duration.ofMillis(100));
    }
  }
}
