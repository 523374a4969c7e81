package dev.connectha.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.connectha.errors.AwsCallFailedException;
import dev.connectha.ports.NodeDirectory.Membership;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.Tag;

/** Which cluster an instance is of: one DescribeInstances call, read from its tag. */
class Ec2NodeDirectoryTest {
  private final List<DescribeInstancesRequest> requests = new ArrayList<>();
  private Function<DescribeInstancesRequest, DescribeInstancesResponse> answer;
  private final Ec2NodeDirectory directory = new Ec2NodeDirectory(new Ec2Client() {
    @Override
    public DescribeInstancesResponse describeInstances(DescribeInstancesRequest request) {
      requests.add(request);
      return answer.apply(request);
    }

    @Override
    public String serviceName() {
      return "ec2";
    }

    @Override
    public void close() {}
  });

  @Test
  void aTaggedInstanceNamesItsClusterAndZone() {
    answer = r -> response(instance("i-0abc", "us-east-1b", Tag.builder().key("Name").value("node").build(),
        Tag.builder().key("connect-ha:cluster").value("demo").build()));

    assertEquals(Optional.of(new Membership("i-0abc", "demo", "us-east-1b")), directory.clusterOf("i-0abc"));
    assertEquals(List.of(List.of("i-0abc")), requests.stream().map(DescribeInstancesRequest::instanceIds).toList());
  }

  @Test
  void anUntaggedInstanceIsOfNoCluster() {
    answer = r -> response(instance("i-0abc", "us-east-1b", Tag.builder().key("Name").value("bastion").build()));

    assertEquals(Optional.empty(), directory.clusterOf("i-0abc"));
  }

  @Test
  void anInstanceEc2DoesNotKnowIsOfNoCluster() {
    answer = r -> {
      throw error("InvalidInstanceID.NotFound", 400);
    };

    assertEquals(Optional.empty(), directory.clusterOf("i-0abc"));
  }

  @Test
  void otherErrorsAreNotMistakenForAnUntaggedInstance() {
    answer = r -> {
      throw error("UnauthorizedOperation", 403);
    };

    assertThrows(AwsCallFailedException.class, () -> directory.clusterOf("i-0abc"));
  }

  private static Ec2Exception error(String code, int status) {
    return (Ec2Exception) Ec2Exception.builder().statusCode(status).message(code)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).build();
  }

  private static Instance instance(String id, String az, Tag... tags) {
    return Instance.builder().instanceId(id).placement(p -> p.availabilityZone(az)).tags(tags).build();
  }

  private static DescribeInstancesResponse response(Instance instance) {
    return DescribeInstancesResponse.builder().reservations(Reservation.builder().instances(instance).build()).build();
  }
}
