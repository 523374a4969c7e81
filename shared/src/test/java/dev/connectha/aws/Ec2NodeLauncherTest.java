package dev.connectha.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.ports.NodeDirectory;
import dev.connectha.ports.NodeLauncher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateTagsRequest;
import software.amazon.awssdk.services.ec2.model.CreateTagsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.StopInstancesRequest;
import software.amazon.awssdk.services.ec2.model.StopInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DescribeInstanceInformationRequest;
import software.amazon.awssdk.services.ssm.model.DescribeInstanceInformationResponse;
import software.amazon.awssdk.services.ssm.model.InstanceInformation;
import software.amazon.awssdk.services.ssm.model.PingStatus;
import software.amazon.awssdk.services.ssm.model.SsmException;

/** What Ec2NodeLauncher asks SSM for the agents of several nodes, and what it changes to quarantine one. */
class Ec2NodeLauncherTest {
  private static final String A = "i-0aaaaaaaaaaaaaaaa";
  private static final String B = "i-0bbbbbbbbbbbbbbbb";
  private static final String C = "i-0cccccccccccccccc";

  /** EC2 with {@link #instances}; records the changing calls in {@link #changes}. */
  private static final class RecordingEc2 implements Ec2Client {
    final Map<String, Instance> instances = new LinkedHashMap<>();
    final List<String> changes = new ArrayList<>();

    void add(String id, String cluster, InstanceStateName state) {
      instances.put(id, Instance.builder().instanceId(id).state(s -> s.name(state))
          .tags(Tag.builder().key(NodeDirectory.CLUSTER_TAG).value(cluster).build()).build());
    }

    @Override
    public DescribeInstancesResponse describeInstances(DescribeInstancesRequest request) {
      List<Instance> found = request.instanceIds().stream().filter(instances::containsKey).map(instances::get).toList();
      return DescribeInstancesResponse.builder().reservations(r -> r.instances(found)).build();
    }

    @Override
    public CreateTagsResponse createTags(CreateTagsRequest request) {
      changes.add("createTags " + request.resources() + " " + request.tags().stream().map(t -> t.key() + "=" + t.value()).toList());
      return CreateTagsResponse.builder().build();
    }

    @Override
    public StopInstancesResponse stopInstances(StopInstancesRequest request) {
      changes.add("stopInstances " + request.instanceIds());
      return StopInstancesResponse.builder().build();
    }

    @Override
    public String serviceName() {
      return "ec2";
    }

    @Override
    public void close() {}
  }

  /** SSM that knows the agents in {@link #pings}; a filter naming an id it does not know is refused, as SSM does. */
  private static final class RecordingSsm implements SsmClient {
    final Map<String, PingStatus> pings = new LinkedHashMap<>();
    final List<List<String>> asked = new ArrayList<>();
    boolean refuseUnknown;

    @Override
    public DescribeInstanceInformationResponse describeInstanceInformation(DescribeInstanceInformationRequest request) {
      List<String> ids = request.filters().stream().filter(f -> f.key().equals("InstanceIds")).flatMap(f -> f.values().stream()).toList();
      asked.add(ids);
      if (refuseUnknown && !pings.keySet().containsAll(ids)) {
        throw SsmException.builder().awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidInstanceId").build())
            .statusCode(400).build();
      }
      return DescribeInstanceInformationResponse.builder().instanceInformationList(ids.stream().filter(pings::containsKey)
          .map(id -> InstanceInformation.builder().instanceId(id).pingStatus(pings.get(id)).build()).toList()).build();
    }

    @Override
    public String serviceName() {
      return "ssm";
    }

    @Override
    public void close() {}
  }

  private final RecordingEc2 ec2 = new RecordingEc2();
  private final RecordingSsm ssm = new RecordingSsm();
  private final Ec2NodeLauncher launcher = new Ec2NodeLauncher(ec2, ssm);

  @Test
  void theAgentsOfSeveralNodesAreReadInOneCallAndOnlyOnlineOnesCount() {
    ssm.pings.put(A, PingStatus.ONLINE);
    ssm.pings.put(B, PingStatus.CONNECTION_LOST);

    Set<String> online = launcher.agentsOnline(List.of(C, B, A));

    assertEquals(Set.of(A), online);
    assertEquals(List.of(List.of(A, B, C)), ssm.asked);
  }

  @Test
  void noNodeNoCall() {
    assertEquals(Set.of(), launcher.agentsOnline(List.of()));
    assertEquals(List.of(), ssm.asked);
  }

  @Test
  void whenSsmRefusesTheFilterForAnUnknownIdEachIdIsAskedAlone() {
    ssm.refuseUnknown = true;
    ssm.pings.put(A, PingStatus.ONLINE);
    ssm.pings.put(B, PingStatus.ONLINE);

    assertEquals(Set.of(A, B), launcher.agentsOnline(List.of(A, B, C)));
    assertEquals(List.of(List.of(A, B, C), List.of(A), List.of(B), List.of(C)), ssm.asked);
  }

  @Test
  void aQuarantineTagsTheNodeWithItsReasonThenStopsIt() {
    ec2.add(A, "demo", InstanceStateName.RUNNING);

    launcher.quarantine("demo", A, "dead: SSM agent offline");

    assertEquals(List.of("createTags [" + A + "] [" + NodeLauncher.NEEDS_OPERATOR_TAG + "=dead: SSM agent offline]",
        "stopInstances [" + A + "]"), ec2.changes);
  }

  @Test
  void aQuarantineReasonIsCutToWhatATagHolds() {
    ec2.add(A, "demo", InstanceStateName.STOPPED);

    launcher.quarantine("demo", A, "y".repeat(400));

    assertTrue(ec2.changes.get(0).endsWith("=" + "y".repeat(256) + "]"), ec2.changes.get(0));
  }

  @Test
  void aNodeOfAnotherClusterOrAGoneOneIsRefusedBeforeAnyChange() {
    ec2.add(A, "other", InstanceStateName.RUNNING);
    ec2.add(B, "demo", InstanceStateName.TERMINATED);

    assertThrows(InvalidInputException.class, () -> launcher.quarantine("demo", A, "dead"));
    assertThrows(InvalidInputException.class, () -> launcher.quarantine("demo", B, "dead"));
    assertThrows(InvalidInputException.class, () -> launcher.quarantine("demo", C, "dead"));

    assertEquals(List.of(), ec2.changes);
  }
}
