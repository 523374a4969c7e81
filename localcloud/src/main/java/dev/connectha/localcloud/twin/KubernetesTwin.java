package dev.connectha.localcloud.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectha.json.Json;
import dev.connectha.localcloud.AwsClients;
import dev.connectha.localcloud.AwsResponse;
import dev.connectha.localcloud.Gateway;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.EksPlacement;
import dev.connectha.model.Topology;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Connect on EKS in the local cloud: an EKS cluster in moto whose Kubernetes API is a local one
 * ({@link LocalKubernetesApi}: fabric8's mock server in CRUD mode over TLS, started on the first
 * {@link #seed}), with Posit's chart installed and a {@link PodSimulator} making the pods live.
 * EKS {@code DescribeCluster} through the gateway ({@link #describeCluster}) answers that API's
 * endpoint and CA, so the control plane's own adapter ({@code EksKubernetesApis}) reaches it as it
 * reaches EKS.
 *
 * <p>Each EKS cluster has its own metadata database ({@link #schema(String)}), since it has its own
 * RDS instance; its breaches of Posit's upgrade rule are in {@link #upgradeViolations()} and in the
 * twin's {@link Twin#upgradeViolations()}. A {@link Twin#seed} (the local cloud's reset) forgets every
 * EKS cluster: seed them after it.
 */
public final class KubernetesTwin implements AutoCloseable {
  /** Connect's namespace in a seeded cluster. */
  public static final String NAMESPACE = "connect";
  /** The Helm release of Posit's chart in a seeded cluster. */
  public static final String RELEASE = "connect";
  /** The worker nodes' zones: one managed node per zone. */
  public static final List<String> ZONES = List.of("us-east-1a", "us-east-1b", "us-east-1c");
  /** The EKS cluster {@code localcloud/run … --topology eks} seeds (beside the twin's EC2 cluster {@code demo}). */
  public static final String DEMO_CLUSTER = "demo-eks";
  /** Where a seeded cluster's document is registered ({@code <prefix><name>}). */
  public static final String CLUSTER_PREFIX = "/connect-ha/clusters/";

  /** The kubelet's first back-off before it restarts a container that exited (Kubernetes: 10 s). */
  public static final Duration DEFAULT_RESTART_BACKOFF = Duration.ofSeconds(10);

  /** A Connect container started in a pod: its image tag, the Connect version the tag carries (null: none), when. */
  public record PodStart(String cluster, String pod, String tag, ConnectVersion version, Instant at) {}

  /** How the pods behave, for every EKS cluster of the twin. */
  static final class Settings {
    private volatile Duration readyAfter = Duration.ofSeconds(1);
    private volatile Duration terminationDelay = Duration.ofMillis(500);
    private volatile Duration schemaCheckWithin = ConnectSchema.SHUTDOWN_WITHIN;
    private volatile Duration restartBackoff = DEFAULT_RESTART_BACKOFF;
    private final Set<String> pullFails = ConcurrentHashMap.newKeySet();
    private final Set<String> neverReady = ConcurrentHashMap.newKeySet();

    Duration readyAfter() {
      return readyAfter;
    }

    Duration terminationDelay() {
      return terminationDelay;
    }

    Duration schemaCheckWithin() {
      return schemaCheckWithin;
    }

    Duration restartBackoff() {
      return restartBackoff;
    }

    boolean pullFails(String tag) {
      return pullFails.contains(tag);
    }

    boolean neverReady(String tag) {
      return neverReady.contains(tag);
    }

    Settings readyAfter(Duration delay) {
      readyAfter = requireNotNegative(delay);
      return this;
    }

    Settings terminationDelay(Duration delay) {
      terminationDelay = requireNotNegative(delay);
      return this;
    }

    Settings schemaCheckWithin(Duration within) {
      schemaCheckWithin = requireNotNegative(within);
      return this;
    }

    Settings restartBackoff(Duration delay) {
      restartBackoff = requireNotNegative(delay);
      return this;
    }

    void reset() {
      readyAfter = Duration.ofSeconds(1);
      terminationDelay = Duration.ofMillis(500);
      schemaCheckWithin = ConnectSchema.SHUTDOWN_WITHIN;
      restartBackoff = DEFAULT_RESTART_BACKOFF;
      pullFails.clear();
      neverReady.clear();
    }
  }

  /** One seeded EKS cluster. */
  private record EksCluster(String name, ClusterSeeder seeder, LocalKubernetesApi api, ConnectSchema schema, PodSimulator simulator,
      ClusterDocument document) {}

  private static final Pattern DESCRIBE_CLUSTER = Pattern.compile("/clusters/([^/]+)");

  private final AwsClients aws;
  private final String region;
  private final Twin twin;
  private final Settings settings = new Settings();
  /** Kept across resets, one per cluster name: a function's client of a cluster keeps its endpoint. */
  private final Map<String, LocalKubernetesApi> apis = new ConcurrentHashMap<>();
  private final Map<String, EksCluster> clusters = new ConcurrentHashMap<>();
  private final List<PodStart> starts = new CopyOnWriteArrayList<>();

  /**
   * @param aws clients pointed at moto itself (seeding is not a workflow's API traffic)
   * @param twin the twin whose Connect version a cluster is seeded at, and whose upgrade violations include the pods'
   */
  public KubernetesTwin(AwsClients aws, String region, Twin twin) {
    this.aws = aws;
    this.region = region;
    this.twin = twin;
    twin.alsoCheck(this::upgradeViolations);
  }

  /**
   * Creates an EKS cluster {@code clusterName} running Connect at the twin's seeded version with
   * {@code replicas} ready pods, and registers its cluster document; returns the document. In moto:
   * a VPC with a subnet per zone of {@link #ZONES}, the ALB with an IP target group with stickiness,
   * RDS PostgreSQL 15 Multi-AZ, encrypted EFS with a mount target per zone, the database password
   * secret ({@code connect-ha/<name>/db-password}), the EKS cluster and its node group. In its
   * Kubernetes API: a worker node per zone (labelled {@code topology.kubernetes.io/zone}), the
   * namespace {@value #NAMESPACE}, and Posit's chart installed as release {@value #RELEASE}
   * ({@link ConnectChart}). The pods are up at once (a running cluster); from then on they follow
   * the workload.
   */
  public synchronized ClusterDocument seed(String clusterName, int replicas) {
    return seed(clusterName, replicas, twin.seededVersion());
  }

  /** As {@link #seed(String, int)}, running Connect {@code connectVersion}. */
  public synchronized ClusterDocument seed(String clusterName, int replicas, String connectVersion) {
    if (replicas < 0) {
      throw new IllegalArgumentException("replicas must be 0 or more: " + replicas);
    }
    EksCluster previous = clusters.remove(clusterName);
    if (previous != null) {
      previous.simulator().close();
    }
    starts.removeIf(s -> s.cluster().equals(clusterName));
    // seeded again since the last reset: the same AWS resources, a fresh Kubernetes cluster (no pod, so no target)
    ClusterSeeder seeder = previous != null ? previous.seeder() : createInAws(clusterName, connectVersion);
    if (previous != null) {
      deregisterEveryTarget(seeder.targetGroupArn());
    }
    LocalKubernetesApi api = apis.computeIfAbsent(clusterName, n -> new LocalKubernetesApi());
    api.clear();
    KubernetesClient k8s = api.client();
    k8s.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
    createWorkerNodes(k8s, clusterName);
    ConnectChart chart = new ConnectChart(RELEASE, NAMESPACE, connectVersion, replicas, seeder.postgresUrl());
    k8s.configMaps().resource(chart.configMap()).create();
    k8s.secrets().resource(chart.helmRelease(Instant.now())).create();
    k8s.apps().deployments().resource(chart.deployment()).create();

    ConnectSchema schema = new ConnectSchema(ConnectVersion.parse(connectVersion));
    PodSimulator simulator = new PodSimulator(clusterName, k8s, schema, settings, starts, targets(seeder.targetGroupArn()));
    simulator.tick(true);
    simulator.start();

    ClusterDocument document = new ClusterDocument(clusterName, seeder.targetGroupArn(), seeder.dbInstanceId(), null,
        seeder.fileSystemId(), null, seeder.subnets(), Twin.BACKUP_VAULT, Twin.BACKUP_ROLE_ARN, null, Math.max(1, replicas),
        ConnectVersion.parse(connectVersion), ConnectChart.DATA_DIR, null, dbPasswordSecret(clusterName), null, null, null, List.of(),
        null, null, Topology.EKS,
        new EksPlacement(clusterName, NAMESPACE, chart.workload(), "connect", RELEASE, chart.configMapName()));
    aws.ssm.putParameter(b -> b.name(CLUSTER_PREFIX + clusterName).type(ParameterType.STRING)
        .value(json(document)).overwrite(true));
    clusters.put(clusterName, new EksCluster(clusterName, seeder, api, schema, simulator, document));
    return document;
  }

  /** A managed worker node per zone of {@link #ZONES}, labelled with its zone, ready. */
  private void createWorkerNodes(KubernetesClient k8s, String clusterName) {
    for (int i = 0; i < ZONES.size(); i++) {
      String zone = ZONES.get(i);
      k8s.nodes().resource(new NodeBuilder().withNewMetadata().withName("ip-10-20-" + (i + 1) + "-10.ec2.internal")
          .withLabels(Map.of(PodSimulator.ZONE_LABEL, zone, "topology.kubernetes.io/region", region,
              "eks.amazonaws.com/nodegroup", clusterName + "-workers", "node.kubernetes.io/instance-type", "m6i.xlarge",
              "kubernetes.io/os", "linux"))
          .endMetadata()
          .withNewSpec().withProviderID("aws:///" + zone + "/i-0eks" + (i + 1)).endSpec()
          .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
          .addNewAddress().withType("InternalIP").withAddress("10.20." + (i + 1) + ".10").endAddress().endStatus()
          .build()).create();
    }
  }

  private void deregisterEveryTarget(String targetGroupArn) {
    var registered = aws.elb.describeTargetHealth(b -> b.targetGroupArn(targetGroupArn)).targetHealthDescriptions()
        .stream().map(d -> d.target()).toList();
    if (!registered.isEmpty()) {
      aws.elb.deregisterTargets(b -> b.targetGroupArn(targetGroupArn).targets(registered));
    }
  }

  /**
   * The cluster's AWS resources (VPC, ALB, RDS, EFS, the database secret) and the EKS cluster with
   * its node group, in moto.
   */
  private ClusterSeeder createInAws(String clusterName, String connectVersion) {
    ClusterSeeder seeder = new ClusterSeeder(aws, region, twin.packages());
    seeder.infrastructure(new Twin.Spec(clusterName, 0, ZONES, connectVersion), TargetTypeEnum.IP);
    seeder.putSecret(dbPasswordSecret(clusterName), "twin-db-password");
    String roleArn = "arn:aws:iam::" + BackupTwin.ACCOUNT + ":role/" + clusterName + "-eks";
    aws.eks.createCluster(b -> b.name(clusterName).version("1.30").roleArn(roleArn + "-cluster")
        .resourcesVpcConfig(v -> v.subnetIds(seeder.subnets().values())));
    aws.eks.createNodegroup(b -> b.clusterName(clusterName).nodegroupName(clusterName + "-workers")
        .nodeRole(roleArn + "-nodes").subnets(seeder.subnets().values())
        .scalingConfig(c -> c.minSize(ZONES.size()).maxSize(ZONES.size() * 2).desiredSize(ZONES.size())));
    return seeder;
  }

  /** The ALB's IP target group as the AWS Load Balancer Controller keeps it: the ready pods' IPs, on Connect's port. */
  private PodSimulator.Targets targets(String targetGroupArn) {
    return new PodSimulator.Targets() {
      @Override
      public void register(String ip) {
        aws.elb.registerTargets(b -> b.targetGroupArn(targetGroupArn).targets(t -> t.id(ip).port(3939)));
      }

      @Override
      public void deregister(String ip) {
        aws.elb.deregisterTargets(b -> b.targetGroupArn(targetGroupArn).targets(t -> t.id(ip).port(3939)));
      }
    };
  }

  /** Where a seeded cluster's database password is (Secrets Manager). */
  public static String dbPasswordSecret(String clusterName) {
    return "connect-ha/" + clusterName + "/db-password";
  }

  /** The twin's own client of {@code clusterName}'s Kubernetes API (to look, or to change what a test needs). */
  public KubernetesClient client(String clusterName) {
    return cluster(clusterName).api().client();
  }

  /** The https endpoint of {@code clusterName}'s Kubernetes API, as DescribeCluster gives it. */
  public String endpoint(String clusterName) {
    return cluster(clusterName).api().endpoint();
  }

  /** {@code clusterName}'s metadata schema: its version, migrations, and every Connect start and stop in its pods. */
  public ConnectSchema schema(String clusterName) {
    return cluster(clusterName).schema();
  }

  /** The document {@link #seed} registered for {@code clusterName}. */
  public ClusterDocument document(String clusterName) {
    return cluster(clusterName).document();
  }

  /** The names of the seeded EKS clusters. */
  public Set<String> clusters() {
    return Set.copyOf(clusters.keySet());
  }

  /** Every Connect container started in a pod, in order, since its cluster was (last) seeded: the seeded pods first. */
  public List<PodStart> podStarts() {
    return List.copyOf(starts);
  }

  /** The requests made to {@code clusterName}'s Kubernetes API by anyone but the twin, oldest first. */
  public List<ApiRequest> apiRequests(String clusterName) {
    return cluster(clusterName).api().requests().stream()
        .map(r -> new ApiRequest(r.method(), r.path(), r.authorization())).toList();
  }

  /** A request to a local Kubernetes API, with the {@code Authorization} header it carried (null: none). */
  public record ApiRequest(String method, String path, String authorization) {}

  /** Breaches of Posit's upgrade rule in every EKS cluster's pods (see {@link ConnectSchema#violations}). */
  public List<String> upgradeViolations() {
    List<String> violations = new ArrayList<>();
    Instant now = Instant.now();
    clusters.values().forEach(c -> violations.addAll(c.schema().violations(now)));
    return violations;
  }

  // ---- timing and faults ------------------------------------------------------------------------

  /** How long a new pod takes to be ready (Pending for half of it, then Running with Connect started); default 1 s. */
  public void readyAfter(Duration delay) {
    settings.readyAfter(delay);
  }

  /** How long a pod takes to go once the controller lets it go; default 500 ms. */
  public void terminationDelay(Duration delay) {
    settings.terminationDelay(delay);
  }

  /** How long a running older Connect takes to notice a migrated schema and shut down; default (and Posit's bound) 30 s. */
  public void schemaCheckWithin(Duration within) {
    settings.schemaCheckWithin(within);
  }

  /**
   * How long the kubelet waits before it restarts a Connect that shut down on a migrated schema (the
   * restart is refused, a violation); default {@link #DEFAULT_RESTART_BACKOFF}.
   */
  public void restartBackoff(Duration delay) {
    settings.restartBackoff(delay);
  }

  /** Pulling image tag {@code tag} fails: its pods stay Pending ({@code ErrImagePull}, then {@code ImagePullBackOff}). */
  public void failImagePull(String tag) {
    settings.pullFails.add(tag);
  }

  /** Pods of image tag {@code tag} run and never turn ready (Connect never answers {@code /__ping__}; the schema is untouched). */
  public void neverReady(String tag) {
    settings.neverReady.add(tag);
  }

  /**
   * {@code clusterName}'s Kubernetes API refuses the control plane: with 401 (its role has no EKS
   * access entry) or 403 (the access entry's policy lacks the verb), for every request but the twin's
   * own, until {@link #clearFaults()}. DescribeCluster still works: that is IAM, not Kubernetes.
   */
  public void denyAccess(String clusterName, int status) {
    cluster(clusterName).api().deny(status);
  }

  /** No more faults: a pod waiting on a pull pulls again at the next tick, and every API lets the control plane in. */
  public void clearFaults() {
    settings.pullFails.clear();
    settings.neverReady.clear();
    clusters.values().forEach(c -> c.api().deny(0));
  }

  // ---- the gateway --------------------------------------------------------------------------------

  /**
   * EKS {@code DescribeCluster} of a seeded cluster: moto's answer, with the local Kubernetes API's
   * https endpoint and CA (base64 PEM) and status {@code ACTIVE} in place of moto's made-up ones.
   * Other clusters, and every other EKS call, go to moto as they are.
   */
  public Gateway.Interceptor describeCluster(Gateway gateway) {
    return request -> {
      if (!request.service().equals("eks") || !request.method().equals("GET")) {
        return Optional.empty();
      }
      Matcher m = DESCRIBE_CLUSTER.matcher(request.path());
      EksCluster cluster = m.matches() ? clusters.get(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8)) : null;
      if (cluster == null) {
        return Optional.empty();
      }
      AwsResponse answer = gateway.forward(request);
      return Optional.of(answer.status() != 200 ? answer : withLocalApi(answer, cluster.api()));
    };
  }

  private static AwsResponse withLocalApi(AwsResponse answer, LocalKubernetesApi api) {
    try {
      JsonNode body = Json.MAPPER.readTree(answer.body());
      ObjectNode described = (ObjectNode) body.path("cluster");
      described.put("endpoint", api.endpoint()).put("status", "ACTIVE");
      described.putObject("certificateAuthority").put("data", api.caData());
      return new AwsResponse(200, Map.of("Content-Type", "application/json"), Json.MAPPER.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- lifecycle ------------------------------------------------------------------------------------

  /** Forgets every EKS cluster (their APIs stay up, empty), the pod starts, the faults and timings. */
  public synchronized void reset() {
    List.copyOf(clusters.keySet()).forEach(this::forget);
    starts.clear();
    settings.reset();
  }

  private void forget(String clusterName) {
    EksCluster cluster = clusters.remove(clusterName);
    if (cluster != null) {
      cluster.simulator().close();
      cluster.api().clear();
    }
  }

  private EksCluster cluster(String clusterName) {
    EksCluster cluster = clusters.get(clusterName);
    if (cluster == null) {
      throw new IllegalArgumentException("no EKS cluster " + clusterName + " seeded (seeded: " + clusters.keySet() + ")");
    }
    return cluster;
  }

  private static Duration requireNotNegative(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("a delay cannot be " + d);
    }
    return d;
  }

  private static String json(Object value) {
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    reset();
    apis.values().forEach(LocalKubernetesApi::close);
    apis.clear();
  }
}
