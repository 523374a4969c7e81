package dev.connectha.aws;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.NodeNotOnlineException;
import dev.connectha.errors.UnsafeToProceedException;
import dev.connectha.model.Node;
import dev.connectha.ports.NodeDirectory;
import dev.connectha.ports.NodeLauncher;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.inject.Inject;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.waiters.Ec2Waiter;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.InstanceInformation;
import software.amazon.awssdk.services.ssm.model.PingStatus;

/**
 * Launches nodes with EC2 RunInstances from the cluster's launch template (ClientToken, tags),
 * waits for them with the SDK's InstanceRunning waiter and then, as no waiter exists for it, polls
 * SSM DescribeInstanceInformation until the agent's PingStatus is Online.
 */
public final class Ec2NodeLauncher implements NodeLauncher {
  /** The states of an instance that has not gone (terminated ones stay visible for about an hour). */
  private static final List<String> NOT_GONE = List.of("pending", "running", "stopping", "stopped");
  /** SSM's answer for an instance whose agent has never registered (or one it cannot see). */
  private static final String INVALID_INSTANCE_ID = "InvalidInstanceId";
  /** How many instance ids one DescribeInstanceInformation filter takes at most (SSM allows more; a cluster has fewer). */
  private static final int IDS_PER_READ = 50;

  private final Ec2Client ec2;
  private final SsmClient ssm;

  @Inject
  public Ec2NodeLauncher(Ec2Client ec2, SsmClient ssm) {
    this.ec2 = ec2;
    this.ssm = ssm;
  }

  @Override
  public String launch(Launch launch) {
    LaunchTemplateSpecification template = launch.templateIsId()
        ? LaunchTemplateSpecification.builder().launchTemplateId(launch.launchTemplate()).version(launch.templateVersion()).build()
        : LaunchTemplateSpecification.builder().launchTemplateName(launch.launchTemplate()).version(launch.templateVersion()).build();
    return AwsCalls.call("launch a node of " + launch.cluster() + " in subnet " + launch.subnetId(), () -> ec2.runInstances(r -> r
            .launchTemplate(template)
            .subnetId(launch.subnetId())
            .minCount(1).maxCount(1)
            .clientToken(launch.clientToken().value())
            .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(
                Tag.builder().key(NodeDirectory.CLUSTER_TAG).value(launch.cluster()).build(),
                Tag.builder().key(LAUNCHED_BY_TAG).value(launch.launchedBy()).build()).build()))
        .instances().get(0).instanceId());
  }

  @Override
  public String launcherOf(String instanceId) {
    return describe(instanceId).flatMap(i -> i.tags().stream().filter(t -> t.key().equals(LAUNCHED_BY_TAG)).findFirst())
        .map(t -> t.value()).orElse(null);
  }

  @Override
  public List<Node> launchedBy(String execution) {
    return AwsCalls.call("find the nodes " + execution + " launched", () -> ec2.describeInstancesPaginator(r -> r.filters(
            Filter.builder().name("tag:" + LAUNCHED_BY_TAG).values(execution).build(),
            Filter.builder().name("instance-state-name").values(NOT_GONE).build()))
        .reservations().stream()
        .flatMap(reservation -> reservation.instances().stream())
        .map(Ec2NodeDirectory::node)
        .sorted(Comparator.comparing(Node::instanceId))
        .toList());
  }

  @Override
  public void terminate(String cluster, String instanceId) {
    Optional<Instance> instance = describe(instanceId);
    if (instance.isEmpty() || gone(instance.get())) {
      return;
    }
    boolean ofCluster = instance.get().tags().stream()
        .anyMatch(t -> t.key().equals(NodeDirectory.CLUSTER_TAG) && t.value().equals(cluster));
    if (!ofCluster) {
      throw new UnsafeToProceedException("instance " + instanceId + " is not tagged " + NodeDirectory.CLUSTER_TAG + "="
          + cluster + ": not terminating it");
    }
    AwsCalls.call("terminate " + instanceId, () -> ec2.terminateInstances(r -> r.instanceIds(instanceId)));
  }

  @Override
  public Node awaitOnline(String instanceId, Duration poll, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    awaitRunning(instanceId, poll, deadline, timeout);
    while (!agentOnline(instanceId)) {
      Duration left = Duration.between(Instant.now(), deadline);
      if (!left.isPositive()) {
        Instance now = describe(instanceId).orElse(null);
        throw new NodeNotOnlineException("instance " + instanceId + (now == null || now.state().name() == InstanceStateName.RUNNING
            ? " runs but its SSM agent is not Online" : " is " + now.state().nameAsString()) + " after " + timeout);
      }
      sleep(poll.compareTo(left) < 0 ? poll : left);
    }
    return describe(instanceId).map(Ec2NodeDirectory::node)
        .orElseThrow(() -> new NodeNotOnlineException("instance " + instanceId + " is gone"));
  }

  @Override
  public Set<String> agentsOnline(Collection<String> instanceIds) {
    List<String> ids = List.copyOf(new TreeSet<>(instanceIds));
    Set<String> online = new LinkedHashSet<>();
    for (int from = 0; from < ids.size(); from += IDS_PER_READ) {
      online.addAll(agentsOnlineAmong(ids.subList(from, Math.min(ids.size(), from + IDS_PER_READ))));
    }
    return Set.copyOf(online);
  }

  /** One filtered read; SSM refuses the whole filter when one id is unknown to it, then each id is asked alone. */
  private List<String> agentsOnlineAmong(List<String> ids) {
    try {
      return ssm.describeInstanceInformationPaginator(r -> r.filters(f -> f.key("InstanceIds").values(ids)))
          .instanceInformationList().stream()
          .filter(i -> ids.contains(i.instanceId()) && i.pingStatus() == PingStatus.ONLINE)
          .map(InstanceInformation::instanceId).toList();
    } catch (AwsServiceException e) {
      if (ids.size() > 1 && e.awsErrorDetails() != null && INVALID_INSTANCE_ID.equals(e.awsErrorDetails().errorCode())) {
        return ids.stream().filter(this::agentOnline).toList();
      }
      throw AwsCalls.translate("read the SSM agent status of " + ids, e);
    } catch (SdkClientException e) {
      throw AwsCalls.translate("read the SSM agent status of " + ids, e);
    }
  }

  @Override
  public void quarantine(String cluster, String instanceId, String reason) {
    Instance instance = describe(instanceId).filter(i -> !gone(i)).orElseThrow(() -> new InvalidInputException(
        "instance " + instanceId + " is not a node of cluster " + cluster + " (it is gone): nothing to quarantine; nothing was changed"));
    boolean ofCluster = instance.tags().stream()
        .anyMatch(t -> t.key().equals(NodeDirectory.CLUSTER_TAG) && t.value().equals(cluster));
    if (!ofCluster) {
      throw new InvalidInputException("instance " + instanceId + " is not tagged " + NodeDirectory.CLUSTER_TAG + "=" + cluster
          + ": not a node of the cluster, not quarantining it; nothing was changed");
    }
    String value = reason.length() > TAG_VALUE_MAX ? reason.substring(0, TAG_VALUE_MAX) : reason;
    // the tag first: an operator who finds the node stopped also finds why
    AwsCalls.call("tag " + instanceId + " " + NEEDS_OPERATOR_TAG, () -> ec2.createTags(r -> r.resources(instanceId)
        .tags(Tag.builder().key(NEEDS_OPERATOR_TAG).value(value).build())));
    AwsCalls.call("stop " + instanceId, () -> ec2.stopInstances(r -> r.instanceIds(instanceId)));
  }

  /** The InstanceRunning waiter, bounded by {@code deadline}: it ends on running, on a state that never leads there, or on time. */
  private void awaitRunning(String instanceId, Duration poll, Instant deadline, Duration timeout) {
    Duration left = Duration.between(Instant.now(), deadline);
    long attempts = Math.max(1, left.toMillis() / Math.max(1, poll.toMillis()) + 1);
    DescribeInstancesRequest request = DescribeInstancesRequest.builder().instanceIds(instanceId).build();
    try (Ec2Waiter waiter = Ec2Waiter.builder().client(ec2)
        .overrideConfiguration(WaiterOverrideConfiguration.builder()
            .backoffStrategy(FixedDelayBackoffStrategy.create(poll))
            .maxAttempts((int) Math.min(Integer.MAX_VALUE, attempts))
            .waitTimeout(left.isPositive() ? left : Duration.ofMillis(1))
            .build())
        .build()) {
      waiter.waitUntilInstanceRunning(request);
    } catch (SdkClientException e) {
      // the waiter gave up: a failure state (stopping, shutting-down, terminated) or its deadline
      String state = describe(instanceId).map(i -> i.state().nameAsString()).orElse("unknown to EC2");
      throw new NodeNotOnlineException(Instant.now().isBefore(deadline)
          ? "instance " + instanceId + " is " + state + ": it will not run"
          : "instance " + instanceId + " is " + state + ", not running, after " + timeout, e);
    } catch (AwsServiceException e) {
      throw AwsCalls.translate("wait for " + instanceId + " to run", e);
    }
  }

  /** Whether SSM sees the instance's agent Online now (an agent that has not registered yet is not). */
  private boolean agentOnline(String instanceId) {
    try {
      List<InstanceInformation> found = ssm.describeInstanceInformation(r -> r.filters(f -> f.key("InstanceIds")
          .values(instanceId))).instanceInformationList();
      return found.stream().anyMatch(i -> instanceId.equals(i.instanceId()) && i.pingStatus() == PingStatus.ONLINE);
    } catch (AwsServiceException e) {
      if (e.awsErrorDetails() != null && INVALID_INSTANCE_ID.equals(e.awsErrorDetails().errorCode())) {
        return false;
      }
      throw AwsCalls.translate("read the SSM agent status of " + instanceId, e);
    } catch (SdkClientException e) {
      throw AwsCalls.translate("read the SSM agent status of " + instanceId, e);
    }
  }

  private Optional<Instance> describe(String instanceId) {
    try {
      return ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().stream()
          .flatMap(r -> r.instances().stream()).findFirst();
    } catch (AwsServiceException e) {
      if (e.awsErrorDetails() != null && "InvalidInstanceID.NotFound".equals(e.awsErrorDetails().errorCode())) {
        return Optional.empty();
      }
      throw AwsCalls.translate("describe " + instanceId, e);
    } catch (SdkClientException e) {
      throw AwsCalls.translate("describe " + instanceId, e);
    }
  }

  private static boolean gone(Instance instance) {
    return instance.state().name() == InstanceStateName.TERMINATED || instance.state().name() == InstanceStateName.SHUTTING_DOWN;
  }


  private static void sleep(Duration duration) {
    try {
      Thread.sleep(Math.max(1, duration.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NodeNotOnlineException("interrupted while waiting for a node", e);
    }
  }
}
