package dev.connectha.localcloud.twin;

import dev.connectha.localcloud.AwsClients;
import dev.connectha.localcloud.AwsRequest;
import dev.connectha.localcloud.AwsResponse;
import dev.connectha.localcloud.Gateway;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * What EC2 and SSM do around a launch, which moto does not:
 * <ul>
 *   <li>{@code RunInstances} keeps its {@code ClientToken}: a repeated launch with the same token in
 *       the same Availability Zone answers the first launch's reservation again and launches
 *       nothing; the same token with other parameters in that AZ is {@code IdempotentParameterMismatch}
 *       (EC2 compares every parameter but the Region and the AZ); the same token in another AZ is
 *       another launch, as EC2 keeps tokens per AZ when a subnet is given.</li>
 *   <li>Every instance launched through the gateway tagged {@code connect-ha:cluster=<the twin's
 *       cluster>} becomes a twin node with a bare file tree ({@link SimNode#bare}): no Connect, no
 *       run-as account, no shared file system (other instances, of no cluster or of another one,
 *       are left to moto as before). It boots for
 *       {@link #bootTime}, after which its SSM agent is online (unless {@link #agentNeverOnline});
 *       before that, SSM refuses commands to it ({@code InvalidInstanceId}), as it refuses an
 *       instance whose agent has not registered.</li>
 *   <li>SSM {@code DescribeInstanceInformation} (moto has none): the twin's nodes whose agent has
 *       registered, {@code Online} while their instance runs and {@code ConnectionLost} once it
 *       stopped, or while the agent is offline or its AZ impaired ({@link NodeFaults}); terminated instances and agents that never registered are not listed.</li>
 *   <li>Faults: {@link #noCapacityIn} answers {@code InsufficientInstanceCapacity} (HTTP 500, as
 *       EC2) to launches into an AZ, launching nothing.</li>
 * </ul>
 * The seeded cluster's nodes are not launched through the gateway: their agents are online from
 * the start.
 */
final class InstanceLaunches {
  /** The SSM agent version the twin's nodes report. */
  static final String AGENT_VERSION = "3.3.1142.0";
  /** The tag that makes a launched instance a node of the twin's cluster, and so a node the twin simulates. */
  static final String CLUSTER_TAG = "connect-ha:cluster";
  private static final Pattern INSTANCE_ID = Pattern.compile("<instanceId>(i-[0-9a-f]+)</instanceId>");
  /** Parameters that do not make two launches different for EC2's idempotency (besides the token and the AZ). */
  private static final Set<String> NOT_COMPARED = Set.of("Action", "Version", "ClientToken", "Placement.AvailabilityZone");

  /** One launch EC2 remembers by its token: what was asked, and what it answered. */
  private record Remembered(Map<String, String> parameters, AwsResponse answer) {}

  /** A node the twin launched: when, and when its agent comes online (null: never). */
  private record Booting(Instant launchedAt, Instant onlineAt) {}

  private final AwsClients aws;
  private final List<SimNode> nodes;
  private final Supplier<String> cluster;
  private final NodeFaults faults;
  private final Object launching = new Object();
  private final Map<String, Remembered> tokens = new ConcurrentHashMap<>();
  private final Map<String, Booting> booting = new ConcurrentHashMap<>();
  private final Set<String> noCapacity = ConcurrentHashMap.newKeySet();
  private final Set<String> neverOnline = ConcurrentHashMap.newKeySet();
  private volatile int neverOnlineLaunches;
  private volatile Duration bootTime = Twin.DEFAULT_BOOT_TIME;
  private volatile Instant seededAt = Instant.now();

  /**
   * @param nodes   the twin's nodes, as seeding and faults change them: launched nodes are added to it
   * @param cluster the name of the twin's cluster, as seeded
   */
  InstanceLaunches(AwsClients aws, List<SimNode> nodes, Supplier<String> cluster, NodeFaults faults) {
    this.aws = aws;
    this.nodes = nodes;
    this.cluster = cluster;
    this.faults = faults;
  }

  /** Forgets every token, launch and fault; the boot time is the default again. */
  void reset() {
    synchronized (launching) {
      tokens.clear();
      booting.clear();
      noCapacity.clear();
      neverOnline.clear();
      neverOnlineLaunches = 0;
      bootTime = Twin.DEFAULT_BOOT_TIME;
      seededAt = Instant.now();
    }
  }

  void bootTime(Duration duration) {
    this.bootTime = duration;
  }

  void noCapacityIn(String availabilityZone) {
    noCapacity.add(availabilityZone);
  }

  void capacityRestoredIn(String availabilityZone) {
    noCapacity.remove(availabilityZone);
  }

  void agentNeverOnline(String instanceId) {
    neverOnline.add(instanceId);
  }

  void agentNeverOnlineOnNextLaunch() {
    neverOnlineLaunches++;
  }

  /** The instances launched through the gateway, in launch order. */
  List<String> launched() {
    return booting.entrySet().stream().sorted(Map.Entry.comparingByValue((a, b) -> a.launchedAt().compareTo(b.launchedAt())))
        .map(Map.Entry::getKey).toList();
  }

  Gateway.Interceptor interceptor(Gateway gateway) {
    return request -> {
      if (request.service().equals("ec2") && request.action().equals("RunInstances")) {
        return Optional.of(runInstances(request, gateway));
      }
      if (request.service().equals("ssm")) {
        return switch (request.action()) {
          case "DescribeInstanceInformation" -> Optional.of(describeInstanceInformation(request));
          case "SendCommand" -> refuseUnregistered(request);
          default -> Optional.empty();
        };
      }
      return Optional.empty();
    };
  }

  // ---- EC2 RunInstances -------------------------------------------------------------------------

  private AwsResponse runInstances(AwsRequest request, Gateway gateway) {
    Map<String, String> form = request.form();
    String az = availabilityZone(form);
    String token = form.get("ClientToken");
    Map<String, String> compared = new TreeMap<>(form);
    compared.keySet().removeAll(NOT_COMPARED);
    synchronized (launching) {
      String key = token == null || token.isEmpty() ? null : token + "/" + (az == null ? "" : az);
      if (key != null) {
        Remembered earlier = tokens.get(key);
        if (earlier != null) {
          return earlier.parameters().equals(compared) ? earlier.answer()
              : AwsResponse.error(request, 400, "IdempotentParameterMismatch", "Client token " + token
                  + " was already used with different parameters in " + az + ".");
        }
      }
      if (az != null && noCapacity.contains(az)) { // a launch EC2 already made is answered again, capacity or not
        return AwsResponse.error(request, 500, "InsufficientInstanceCapacity", "We currently do not have sufficient "
            + instanceType(form) + " capacity in the Availability Zone you requested (" + az + "). Our system will be working"
            + " on provisioning additional capacity. You can currently get " + instanceType(form)
            + " capacity by not specifying an Availability Zone in your request or choosing another Availability Zone.");
      }
      AwsResponse answer = gateway.forward(request);
      if (answer.status() != 200) {
        return answer;
      }
      Matcher ids = INSTANCE_ID.matcher(new String(answer.body(), StandardCharsets.UTF_8));
      Instant now = Instant.now();
      while (ids.find()) {
        String instanceId = ids.group(1);
        Instance instance = describe(List.of(instanceId)).get(instanceId);
        if (instance == null || instance.tags().stream().noneMatch(t -> t.key().equals(CLUSTER_TAG)
            && t.value().equals(cluster.get()))) {
          continue; // not launched as a node of the twin's cluster: EC2 keeps it, the twin does not simulate it
        }
        boolean never = neverOnline.contains(instanceId) || neverOnlineLaunches > 0;
        if (neverOnlineLaunches > 0) {
          neverOnlineLaunches--;
          neverOnline.add(instanceId);
        }
        booting.put(instanceId, new Booting(now, never ? null : now.plus(bootTime)));
        if (SimNode.find(nodes, instanceId) == null) {
          nodes.add(SimNode.bare(instanceId, instance.placement().availabilityZone(), instance.subnetId()));
        }
      }
      if (key != null) {
        tokens.put(key, new Remembered(compared, answer));
      }
      return answer;
    }
  }

  /** The AZ a launch goes to: its subnet's, else its placement's; null when EC2 would choose. */
  private String availabilityZone(Map<String, String> form) {
    String subnet = form.get("SubnetId");
    if (subnet != null && !subnet.isEmpty()) {
      try {
        return aws.ec2.describeSubnets(b -> b.subnetIds(subnet)).subnets().stream().findFirst()
            .map(s -> s.availabilityZone()).orElse(null);
      } catch (Ec2Exception e) {
        return null; // moto answers the unknown subnet itself
      }
    }
    String placement = form.get("Placement.AvailabilityZone");
    return placement == null || placement.isEmpty() ? null : placement;
  }

  private static String instanceType(Map<String, String> form) {
    return form.getOrDefault("InstanceType", "instance");
  }

  // ---- SSM ------------------------------------------------------------------------------------

  /** SendCommand to a launched instance whose agent is not online: refused as SSM refuses an unregistered instance. */
  private Optional<AwsResponse> refuseUnregistered(AwsRequest request) {
    List<String> refused = new ArrayList<>();
    request.json().path("InstanceIds").forEach(id -> {
      Booting b = booting.get(id.asText());
      if (b != null && !registered(b, Instant.now())) {
        refused.add(id.asText());
      }
    });
    return refused.isEmpty() ? Optional.empty() : Optional.of(AwsResponse.error(request, 400, "InvalidInstanceId",
        "Instances " + refused + " not in a valid state for account " + BackupTwin.ACCOUNT));
  }

  private static boolean registered(Booting b, Instant now) {
    return b.onlineAt() != null && !now.isBefore(b.onlineAt());
  }

  private AwsResponse describeInstanceInformation(AwsRequest request) {
    var body = request.json();
    Map<String, Set<String>> filters = new LinkedHashMap<>();
    body.path("Filters").forEach(f -> {
      Set<String> values = new HashSet<>();
      f.path("Values").forEach(v -> values.add(v.asText()));
      filters.put(f.path("Key").asText(), values);
    });
    body.path("InstanceInformationFilterList").forEach(f -> {
      Set<String> values = new HashSet<>();
      f.path("valueSet").forEach(v -> values.add(v.asText()));
      filters.put(f.path("key").asText(), values);
    });
    for (String key : filters.keySet()) {
      if (!key.equals("InstanceIds") && !key.equals("PingStatus") && !key.equals("ResourceType") && !key.equals("PlatformTypes")
          && !key.equals("tag-key") && !key.startsWith("tag:")) {
        return AwsResponse.error(request, 400, "InvalidFilterKey", "the twin does not filter instance information by " + key);
      }
    }
    Set<String> askedIds = filters.getOrDefault("InstanceIds", Set.of());
    Map<String, Instance> known = describe(nodes.stream().map(n -> n.instanceId).toList());
    if (!askedIds.isEmpty()) {
      Map<String, Instance> asked = describe(List.copyOf(askedIds));
      List<String> unknown = askedIds.stream().filter(id -> !asked.containsKey(id)).sorted().toList();
      if (!unknown.isEmpty()) {
        return AwsResponse.error(request, 400, "InvalidInstanceId", "Instances " + unknown + " not in a valid state for account "
            + BackupTwin.ACCOUNT);
      }
    }
    Instant now = Instant.now();
    List<Map<String, Object>> list = new ArrayList<>();
    for (SimNode node : List.copyOf(nodes)) {
      Instance instance = known.get(node.instanceId);
      Booting b = booting.get(node.instanceId);
      if (instance == null || (b != null && !registered(b, now))) {
        continue;
      }
      InstanceStateName state = instance.state().name();
      if (state == InstanceStateName.TERMINATED || state == InstanceStateName.SHUTTING_DOWN) {
        continue;
      }
      String ping = state == InstanceStateName.RUNNING && !faults.agentLost(node) ? "Online" : "ConnectionLost";
      Instant registeredAt = b == null ? seededAt : b.onlineAt();
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("InstanceId", node.instanceId);
      info.put("PingStatus", ping);
      info.put("LastPingDateTime", seconds(ping.equals("Online") ? now : registeredAt));
      info.put("AgentVersion", AGENT_VERSION);
      info.put("IsLatestVersion", true);
      info.put("PlatformType", "Linux");
      info.put("PlatformName", node.osField("NAME"));
      info.put("PlatformVersion", node.osField("VERSION_ID"));
      info.put("ResourceType", "EC2Instance");
      info.put("IPAddress", instance.privateIpAddress());
      info.put("ComputerName", instance.privateDnsName());
      info.put("RegistrationDate", seconds(registeredAt));
      info.put("SourceId", node.instanceId);
      info.put("SourceType", "AWS::EC2::Instance");
      if (matches(filters, info, instance)) {
        list.add(info);
      }
    }
    int from = body.path("NextToken").asText("").matches("[0-9]+") ? Integer.parseInt(body.path("NextToken").asText()) : 0;
    int max = body.path("MaxResults").asInt(50);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("InstanceInformationList", list.subList(Math.min(from, list.size()), Math.min(from + max, list.size())));
    if (from + max < list.size()) {
      out.put("NextToken", String.valueOf(from + max));
    }
    return AwsResponse.json(out);
  }

  private static boolean matches(Map<String, Set<String>> filters, Map<String, Object> info, Instance instance) {
    for (Map.Entry<String, Set<String>> f : filters.entrySet()) {
      String key = f.getKey();
      boolean ok = switch (key) {
        case "InstanceIds" -> f.getValue().contains(info.get("InstanceId"));
        case "PingStatus" -> f.getValue().contains(info.get("PingStatus"));
        case "ResourceType" -> f.getValue().contains(info.get("ResourceType"));
        case "PlatformTypes" -> f.getValue().contains(info.get("PlatformType"));
        case "tag-key" -> instance.tags().stream().anyMatch(t -> f.getValue().contains(t.key()));
        default -> instance.tags().stream().anyMatch(t -> t.key().equals(key.substring("tag:".length()))
            && f.getValue().contains(t.value()));
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static double seconds(Instant at) {
    return at.toEpochMilli() / 1000.0;
  }

  /** EC2's instances of {@code ids} that it knows, by id (moto's terminated instances included). */
  private Map<String, Instance> describe(List<String> ids) {
    Map<String, Instance> found = new LinkedHashMap<>();
    if (ids.isEmpty()) {
      return found;
    }
    try {
      aws.ec2.describeInstances(b -> b.instanceIds(ids)).reservations()
          .forEach(r -> r.instances().forEach(i -> found.put(i.instanceId(), i)));
    } catch (Ec2Exception e) { // one id EC2 does not know: ask one by one
      for (String id : ids) {
        try {
          aws.ec2.describeInstances(b -> b.instanceIds(id)).reservations()
              .forEach(r -> r.instances().forEach(i -> found.put(i.instanceId(), i)));
        } catch (Ec2Exception unknown) {
          // not an instance of this account
        }
      }
    }
    return found;
  }
}
