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
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.DescribeAvailabilityZonesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeAvailabilityZonesResponse;
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
    public DescribeAvailabilityZonesResponse describeAvailabilityZones(DescribeAvailabilityZonesRequest request) {
      return DescribeAvailabilityZonesResponse.builder().availabilityZones(
          AvailabilityZone.builder().zoneId("use1-az1").zoneName("us-east-1b").build()).build();
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

  @Test
  void theClustersInAZoneAreOnePerClusterFromTheTaggedNodesThere() {
    answer = r -> DescribeInstancesResponse.builder().reservations(Reservation.builder().instances(
        instance("i-0b", "us-east-1b", Tag.builder().key("connect-ha:cluster").value("prod").build()),
        instance("i-0a", "us-east-1b", Tag.builder().key("connect-ha:cluster").value("prod").build()),
        instance("i-0c", "us-east-1b", Tag.builder().key("connect-ha:cluster").value("demo").build())).build()).build();

    assertEquals(List.of(new Membership("i-0c", "demo", "us-east-1b"), new Membership("i-0a", "prod", "us-east-1b")),
        directory.clustersIn("us-east-1b"));
    assertEquals(List.of("tag-key", "availability-zone", "instance-state-name"),
        requests.get(0).filters().stream().map(f -> f.name()).toList());
  }

  @Test
  void aZoneIdIsNamedByEc2() {
    assertEquals(Optional.of("us-east-1b"), directory.zoneName("use1-az1"));
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
