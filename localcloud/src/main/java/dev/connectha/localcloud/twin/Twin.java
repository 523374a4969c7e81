package dev.connectha.localcloud.twin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectha.json.Json;
import dev.connectha.localcloud.AwsClients;
import dev.connectha.localcloud.AwsRequest;
import dev.connectha.localcloud.AwsResponse;
import dev.connectha.localcloud.Gateway;
import dev.connectha.model.ConnectVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;

/**
 * A realistic Connect cluster in moto, and each node's Connect simulated beside it. {@link #seed}
 * creates the VPC, subnets, tagged nodes (with the same instance ids on every reset), ALB and sticky
 * target group, RDS PostgreSQL, encrypted EFS with mount targets, a remediation alarm and, when the
 * spec asks, an Auto Scaling group holding the nodes; {@link #interceptor()} answers what moto
 * cannot: SSM commands for the project's documents (it runs their real scripts against each node's
 * simulated file system, and keeps the service state they leave: ConnectHa-StopConnect really stops
 * the simulated Connect) and target health (from the simulated Connect's {@code /__ping__}). {@link #apply} breaks one HA rule;
 * {@link #commandDuration(String, Duration)} and {@link #failNextCommand} shape single commands.
 * {@link #backups()} serves AWS Backup's jobs and recovery points and makes RDS snapshots take time.
 *
 * <p>For upgrades it publishes Connect packages ({@link #packages()}, served on the gateway by
 * {@link #packageRepository()}, downloaded by the nodes' stub curl) and keeps the metadata
 * database's schema ({@link #schema()}): a start of a newer Connect migrates it, an older one is
 * refused, and a node left running an older Connect shuts down within {@link #schemaCheckWithin}
 * of the migration. That is evaluated whenever the twin looks at its nodes (before each command,
 * on target health, or {@link #settle()}), by the wall clock. {@link #upgradeViolations()} lists
 * every breach of Posit's upgrade rule seen so far.
 */
public final class Twin {
  /**
   * What to seed.
   *
   * @param autoScalingGroup whether the nodes are in an Auto Scaling group ({@link #autoScalingGroupName()})
   */
  public record Spec(String cluster, int nodes, List<String> zones, String connectVersion, boolean autoScalingGroup) {
    /** Nodes that are not in an Auto Scaling group. */
    public Spec(String cluster, int nodes, List<String> zones, String connectVersion) {
      this(cluster, nodes, zones, connectVersion, false);
    }

    public static Spec defaults() {
      return new Spec("demo", 2, List.of("us-east-1a", "us-east-1b"), "2024.08.0");
    }

    /** The same cluster with its nodes in an Auto Scaling group. */
    public Spec withAutoScalingGroup() {
      return new Spec(cluster, nodes, zones, connectVersion, true);
    }
  }

  /** One node's run of one command. */
  private record CommandRun(String commandId, String instanceId, String document, String status, int responseCode,
      String stdout, String stderr, Instant requestedAt, Instant doneAt) {
    String statusAt(Instant now) {
      return now.isBefore(doneAt) ? "InProgress" : status;
    }
  }

  private static final Pattern TARGET_MEMBER = Pattern.compile(
      "<member>\\s*(?:<HealthCheckPort>[^<]*</HealthCheckPort>\\s*)?<Target>\\s*<Id>([^<]+)</Id>\\s*<Port>([^<]+)</Port>.*?<State>([^<]+)</State>.*?</member>",
      Pattern.DOTALL);
  private static final String DB_PASSWORD = "local-only-password";
  /**
   * How long the node-control scripts wait for Connect to stop or answer /__ping__ on the twin
   * (their own defaults are 60 and 120 s). Nothing changes on a simulated node while a script
   * waits, so waiting longer would only slow the tests.
   */
  static final String SCRIPT_WAIT_SECONDS = "2";
  /** The role AWS Backup assumes: what a cluster document's {@code backupRoleArn} holds on the twin. */
  /** The region the twin's account is ready to receive DR copies in. */
  public static final String DR_REGION = "us-west-2";

  /**
   * moto's random generator is seeded with this plus the node's ordinal right before each node is
   * launched, so that a reset cluster's nodes have the same instance ids every time (sample events
   * can name them): a node's id depends on its ordinal only, not on what seeding created before it.
   */
  static final int NODE_ID_SEED = 3939;
  /** The notification topic the deployer creates for the local cloud's stack ({@code connect-ha}). */
  static final String NOTIFICATION_TOPIC = "connect-ha-notifications";

  public static final String BACKUP_ROLE_ARN = "arn:aws:iam::" + BackupTwin.ACCOUNT + ":role/connect-ha-backup";
  /** The AWS Backup vault {@link #seed} creates (template.yaml's default {@code BackupVaultName}). */
  public static final String BACKUP_VAULT = "Default";

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final AwsClients aws;
  private final Path workDir;
  private final String region;
  private final Map<String, CommandDocument> documents = new ConcurrentHashMap<>();
  private final Map<String, CommandRun> runs = new ConcurrentHashMap<>();
  private final List<SimNode> nodes = new ArrayList<>();
  private volatile Duration commandDuration = Duration.ZERO;
  private final Map<String, Duration> documentDurations = new ConcurrentHashMap<>();
  /** "document/instanceId" -> the stderr of the next command of that document there. */
  private final Map<String, String> nextFailures = new ConcurrentHashMap<>();
  private final BackupTwin backups;
  private final PackageRepository packages;
  private final ConnectSchema schema = new ConnectSchema(ConnectVersion.parse("2024.08.0"));
  /** Scripts run one at a time, and the schema checks between them: the database is shared. */
  private final Object nodeLock = new Object();
  private volatile Duration schemaCheckWithin = ConnectSchema.SHUTDOWN_WITHIN;

  private Spec spec;
  private String vpcId;
  private String imageId;
  private final Map<String, String> subnets = new LinkedHashMap<>();
  private String targetGroupArn;
  private String dbInstanceId;
  private String dbEndpoint;
  private String fileSystemId;
  private String launchTemplateId;

  /** A twin whose package repository is not served anywhere (nodes still download from it). */
  public Twin(AwsClients aws, String region, Path workDir) {
    this(aws, region, workDir, URI.create(NodeRoot.STANDALONE_SOURCE).resolve("/"));
  }

  /**
   * @param aws     clients pointed at moto itself (seeding is not a workflow's API traffic)
   * @param gateway the gateway's endpoint: the package repository is served at {@code <gateway>/packages}
   */
  public Twin(AwsClients aws, String region, Path workDir, URI gateway) {
    this.aws = aws;
    this.region = region;
    this.workDir = workDir;
    this.backups = new BackupTwin(aws);
    this.packages = new PackageRepository(gateway.resolve("/packages").toString());
  }

  /** AWS Backup jobs and recovery points, and the timing of RDS snapshots: durations, failures, vaults. */
  public BackupTwin backups() {
    return backups;
  }

  /** Makes the project's SSM document {@code name}, a script without parameters, runnable on the twin's nodes. */
  public void registerDocument(String name, String script) {
    registerDocument(name, CommandDocument.of(script));
  }

  /** Makes the project's SSM document {@code name} runnable on the twin's nodes, with its parameters. */
  public void registerDocument(String name, CommandDocument document) {
    documents.put(name, document);
  }

  // ---- packages and the schema ----------------------------------------------------------------

  /** The Connect packages the twin publishes (default {@link PackageRepository#DEFAULT_VERSIONS}). */
  public PackageRepository packages() {
    return packages;
  }

  /** Publishes {@code version}'s packages from now on. */
  public void publish(String version) {
    packages.publish(version);
  }

  /** Stops publishing {@code version}'s packages: downloads of them are HTTP 404 from now on. */
  public void unpublish(String version) {
    packages.unpublish(version);
  }

  /** Serves the package repository on the gateway: GET and HEAD below {@code /packages/}. */
  public Gateway.Interceptor packageRepository() {
    return packages.interceptor();
  }

  /** The metadata database's schema, its migrations and the log of every Connect start and stop. */
  public ConnectSchema schema() {
    settle();
    return schema;
  }

  /**
   * How long, at most, a node left running an older Connect takes to notice a migrated schema and
   * shut down (default and Posit's bound: 30 s). Node {@code i} of {@code n} takes
   * {@code within * (i + 1) / n}, unless its {@link SimNode#schemaShutdownDelay} says otherwise.
   * More than 30 s makes the twin break the rule, which {@link #upgradeViolations()} reports.
   */
  public void schemaCheckWithin(Duration within) {
    if (within.isNegative()) {
      throw new IllegalArgumentException("a delay cannot be " + within);
    }
    this.schemaCheckWithin = within;
  }

  /** How long {@code node} takes to shut down once the schema is newer than its Connect. */
  public Duration schemaShutdownDelay(SimNode node) {
    if (node.schemaShutdownDelay != null) {
      return node.schemaShutdownDelay;
    }
    int index = Math.max(0, nodes.indexOf(node));
    return schemaCheckWithin.multipliedBy(index + 1).dividedBy(Math.max(1, nodes.size()));
  }

  /**
   * Breaches of "no old Connect runs after the first new one started" so far: an older Connect
   * started after a migration, or one still running more than 30 s after it. Empty when every
   * upgrade kept Posit's rule.
   */
  public List<String> upgradeViolations() {
    settle();
    return schema.violations(Instant.now());
  }

  /**
   * Brings the simulated nodes up to now: a node whose Connect is older than the schema shuts down
   * once its delay after the migration (or after its own start, if later) has passed, at that
   * moment; and a service state a test set directly is logged as a start or stop now.
   */
  public void settle() {
    synchronized (nodeLock) {
      Instant now = Instant.now();
      for (SimNode node : nodes) {
        reconcile(node, now);
        ConnectVersion current = version(node);
        if (!node.serviceActive || current == null || !schema.version().isNewerThan(current)) {
          continue;
        }
        Instant since = schema.lastMigration().map(ConnectSchema.Migration::at).orElse(now);
        Instant started = schema.running(node.instanceId).map(ConnectSchema.ServiceEvent::at).orElse(since);
        Instant down = (started.isAfter(since) ? started : since).plus(schemaShutdownDelay(node));
        if (!now.isBefore(down)) {
          node.serviceActive = false;
          node.serviceFailed = true;
          node.journal.add("rstudio-connect: the database schema is from Connect " + schema.version()
              + ", newer than this Connect (" + current + "): shutting down");
          schema.record(new ConnectSchema.ServiceEvent(down, node.instanceId, ConnectSchema.Kind.SHUTDOWN, current));
        }
      }
    }
  }

  /** Logs a service state that changed outside the documents (a test set it) as a start or stop now. */
  private void reconcile(SimNode node, Instant now) {
    boolean logged = schema.running(node.instanceId).isPresent();
    boolean running = node.serviceActive && node.connectVersion != null;
    if (logged && !running) {
      schema.record(new ConnectSchema.ServiceEvent(now, node.instanceId, ConnectSchema.Kind.STOP,
          schema.running(node.instanceId).get().version()));
    } else if (!logged && running) {
      schema.record(new ConnectSchema.ServiceEvent(now, node.instanceId, ConnectSchema.Kind.START, version(node)));
    }
  }

  private static ConnectVersion version(SimNode node) {
    return node.connectVersion == null ? null : ConnectVersion.parse(node.connectVersion);
  }

  /** How long every command stays InProgress (default: done at once). */
  public void commandDuration(Duration duration) {
    this.commandDuration = duration;
  }

  /** How long commands of {@code document} (its SSM name) stay InProgress; overrides {@link #commandDuration(Duration)}. */
  public void commandDuration(String document, Duration duration) {
    documentDurations.put(document, duration);
  }

  /**
   * Makes the next command of {@code document} (its SSM name) on {@code instanceId} fail with
   * {@code stderr}, without running its script: the node stays as it was. One command only.
   */
  public void failNextCommand(String document, String instanceId, String stderr) {
    nextFailures.put(document + "/" + instanceId, stderr);
  }

  public List<SimNode> nodes() {
    return List.copyOf(nodes);
  }

  public SimNode node(int index) {
    return nodes.get(index);
  }

  public String clusterName() {
    return spec.cluster();
  }

  /** The Auto Scaling group holding the nodes, or null when the spec has none. */
  public String autoScalingGroupName() {
    return spec.autoScalingGroup() ? spec.cluster() + "-connect" : null;
  }

  /** The remediation alarm seeding creates: named, and tagged, as the cluster's remediation alarms are. */
  public String remediationAlarmName() {
    return "connect-ha-" + spec.cluster() + "-remediation-node-down";
  }

  // ---- seeding --------------------------------------------------------------------------------

  /** Creates the cluster; returns the template parameters that register it. */
  public Map<String, String> seed(Spec spec) {
    this.spec = spec;
    nodes.clear();
    runs.clear();
    commandDuration = Duration.ZERO;
    documentDurations.clear();
    nextFailures.clear();
    subnets.clear();
    backups.reset();
    packages.reset();
    schemaCheckWithin = ConnectSchema.SHUTDOWN_WITHIN;
    schema.reset(ConnectVersion.parse(spec.connectVersion()));
    backups.vault(region, BACKUP_VAULT);
    backups.vault(DR_REGION, BACKUP_VAULT); // the DR region's vault, as an operator prepares it for DR copies
    vpcId = aws.ec2.createVpc(b -> b.cidrBlock("10.20.0.0/16")).vpc().vpcId();
    for (int i = 0; i < spec.zones().size(); i++) {
      String zone = spec.zones().get(i);
      String cidr = "10.20." + (i + 1) + ".0/24";
      subnets.put(zone, aws.ec2.createSubnet(b -> b.vpcId(vpcId).cidrBlock(cidr).availabilityZone(zone)).subnet().subnetId());
    }
    String securityGroup = aws.ec2.createSecurityGroup(b -> b.groupName(spec.cluster() + "-connect").vpcId(vpcId)
        .description("Connect nodes")).groupId();
    imageId = aws.ec2.describeImages(b -> b.owners("amazon")).images().get(0).imageId();
    launchTemplateId = aws.ec2.createLaunchTemplate(b -> b.launchTemplateName(spec.cluster() + "-connect")
        .launchTemplateData(d -> d.imageId(imageId).instanceType("m6i.large").securityGroupIds(securityGroup)))
        .launchTemplate().launchTemplateId();

    String lbArn = aws.elb.createLoadBalancer(b -> b.name(spec.cluster() + "-alb").subnets(subnets.values())
        .securityGroups(securityGroup)).loadBalancers().get(0).loadBalancerArn();
    targetGroupArn = aws.elb.createTargetGroup(b -> b.name(spec.cluster() + "-connect").protocol(ProtocolEnum.HTTP)
        .port(3939).vpcId(vpcId).healthCheckPath("/__ping__")).targetGroups().get(0).targetGroupArn();
    targetGroupAttributes(Map.of("stickiness.enabled", "true", "stickiness.type", "lb_cookie",
        "stickiness.lb_cookie.duration_seconds", "86400"));
    aws.elb.createListener(b -> b.loadBalancerArn(lbArn).protocol(ProtocolEnum.HTTP).port(80)
        .defaultActions(a -> a.type("forward").targetGroupArn(targetGroupArn)));

    createDatabase(spec.cluster() + "-db", "15.7", true);
    fileSystemId = createFileSystem(spec.cluster() + "-data", true);

    for (int i = 0; i < spec.nodes(); i++) {
      String zone = spec.zones().get(i % spec.zones().size());
      seedMotoRandom(NODE_ID_SEED + i + 1);
      nodes.add(newNode(launch(zone, i + 1), zone, spec.connectVersion()));
    }
    aws.elb.registerTargets(b -> b.targetGroupArn(targetGroupArn)
        .targets(nodes.stream().map(n -> TargetDescription.builder().id(n.instanceId).port(3939).build()).toList()));
    Instant seeded = Instant.now();
    nodes.forEach(n -> schema.record(new ConnectSchema.ServiceEvent(seeded, n.instanceId, ConnectSchema.Kind.START,
        ConnectVersion.parse(n.connectVersion))));
    if (spec.autoScalingGroup()) {
      createAutoScalingGroup();
    }
    createRemediationAlarm(lbArn);

    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("ClusterName", spec.cluster());
    parameters.put("TargetGroupArn", targetGroupArn);
    parameters.put("DbInstanceIdentifier", dbInstanceId);
    parameters.put("FileSystemId", fileSystemId);
    parameters.put("LaunchTemplateId", launchTemplateId);
    parameters.put("SubnetsByAz", json(subnets));
    parameters.put("DesiredNodes", String.valueOf(spec.nodes()));
    parameters.put("ConnectVersion", spec.connectVersion());
    parameters.put("BackupVaultName", BACKUP_VAULT);
    parameters.put("PackageSource", packages.base());
    // for when template.yaml registers the role (the deployer ignores parameters it does not declare)
    parameters.put("BackupRoleArn", BACKUP_ROLE_ARN);
    return parameters;
  }

  private String launch(String zone, int ordinal) {
    return aws.ec2.runInstances(b -> b.imageId(imageId).instanceType("m6i.large").minCount(1).maxCount(1)
        .subnetId(subnets.get(zone)).placement(p -> p.availabilityZone(zone))
        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(
            Tag.builder().key("connect-ha:cluster").value(spec.cluster()).build(),
            Tag.builder().key("Name").value(spec.cluster() + "-connect-" + ordinal).build()).build()))
        .instances().get(0).instanceId();
  }

  /**
   * Puts the nodes in an Auto Scaling group with the cluster's launch template, min = max = desired
   * = nodes. The group is created empty (moto would launch instances for a desired capacity) and
   * the existing instances attached, as an operator adopts running instances.
   */
  private void createAutoScalingGroup() {
    String name = autoScalingGroupName();
    int size = nodes.size();
    aws.autoScaling.createAutoScalingGroup(b -> b.autoScalingGroupName(name)
        .launchTemplate(t -> t.launchTemplateId(launchTemplateId).version("$Default"))
        .minSize(0).maxSize(size).desiredCapacity(0)
        .vpcZoneIdentifier(String.join(",", subnets.values()))
        .healthCheckType("ELB").healthCheckGracePeriod(300)
        .tags(t -> t.key("connect-ha:cluster").value(spec.cluster()).propagateAtLaunch(true)));
    aws.autoScaling.attachInstances(b -> b.autoScalingGroupName(name)
        .instanceIds(nodes.stream().map(n -> n.instanceId).toList()));
    aws.autoScaling.updateAutoScalingGroup(b -> b.autoScalingGroupName(name).minSize(size).maxSize(size).desiredCapacity(size));
  }

  /**
   * A remediation alarm of the cluster on the target group's unhealthy hosts, notifying the topic
   * (its ARN is known before the deployer creates the topic).
   */
  private void createRemediationAlarm(String loadBalancerArn) {
    String topicArn = "arn:aws:sns:" + region + ":" + BackupTwin.ACCOUNT + ":" + NOTIFICATION_TOPIC;
    aws.cloudwatch.putMetricAlarm(b -> b.alarmName(remediationAlarmName())
        .alarmDescription("A Connect node of " + spec.cluster()
            + " fails its health checks: remediation restarts or replaces it.")
        .namespace("AWS/ApplicationELB").metricName("UnHealthyHostCount")
        .dimensions(d -> d.name("TargetGroup").value(targetGroupArn.substring(targetGroupArn.indexOf("targetgroup/"))),
            d -> d.name("LoadBalancer").value(loadBalancerArn.substring(loadBalancerArn.indexOf("app/"))))
        .statistic("Maximum").period(60).evaluationPeriods(2).threshold(0.0).comparisonOperator("GreaterThanThreshold")
        .treatMissingData("notBreaching").actionsEnabled(true).alarmActions(topicArn)
        .tags(t -> t.key("connect-ha:cluster").value(spec.cluster()), t -> t.key("connect-ha:purpose").value("remediation")));
  }

  /** {@code POST /moto-api/seed}: moto's ids come from the seeded sequence from here on. */
  private void seedMotoRandom(int seed) {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(aws.endpoint().resolve("/moto-api/seed?a=" + seed))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("moto /moto-api/seed answered " + response.statusCode() + ": " + response.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private SimNode newNode(String instanceId, String zone, String version) {
    SimNode node = new SimNode();
    node.instanceId = instanceId;
    node.availabilityZone = zone;
    node.subnetId = subnets.get(zone);
    node.connectVersion = version;
    node.set("Server", "Address", "https://connect.example.com")
        .set("Server", "DataDir", "/var/lib/rstudio-connect")
        .set("HTTP", "Listen", ":3939")
        .set("Database", "Provider", "postgres")
        .set("Postgres", "URL", "postgres://connect@" + dbEndpoint + ":5432/connect?sslmode=require")
        .set("Metrics", "DataPath", "/var/lib/rstudio-connect-metrics")
        .set("Authentication", "Provider", "password");
    node.accounts.put("rstudio-connect", new int[] {999, 999});
    node.mounts.put("/", new SimNode.Mount("/", "ext4", "/dev/nvme0n1p1"));
    node.mounts.put("/var/lib/rstudio-connect", efsMount(fileSystemId));
    return node;
  }

  private SimNode.Mount efsMount(String fsId) {
    return new SimNode.Mount("/var/lib/rstudio-connect", "nfs4", fsId + ".efs." + region + ".amazonaws.com:/");
  }

  private void createDatabase(String id, String version, boolean multiAz) {
    var instance = aws.rds.createDBInstance(b -> b.dbInstanceIdentifier(id).engine("postgres").engineVersion(version)
        .dbInstanceClass("db.m6g.large").allocatedStorage(100).multiAZ(multiAz).storageEncrypted(true)
        .masterUsername("connect").masterUserPassword(DB_PASSWORD).dbName("connect")).dbInstance();
    dbInstanceId = id;
    dbEndpoint = instance.endpoint() != null ? instance.endpoint().address()
        : aws.rds.describeDBInstances(b -> b.dbInstanceIdentifier(id)).dbInstances().get(0).endpoint().address();
  }

  private String createFileSystem(String token, boolean encrypted) {
    String id = aws.efs.createFileSystem(b -> b.creationToken(token).encrypted(encrypted)
        .tags(t -> t.key("Name").value(token))).fileSystemId();
    subnets.values().forEach(subnet -> aws.efs.createMountTarget(b -> b.fileSystemId(id).subnetId(subnet)));
    return id;
  }

  private void targetGroupAttributes(Map<String, String> attributes) {
    aws.elb.modifyTargetGroupAttributes(b -> b.targetGroupArn(targetGroupArn).attributes(attributes.entrySet().stream()
        .map(e -> TargetGroupAttribute.builder().key(e.getKey()).value(e.getValue()).build()).toList()));
  }

  // ---- faults ---------------------------------------------------------------------------------

  /** Breaks the rule(s) {@code violation} names, the way it happens on a real cluster. */
  public void apply(Violation violation) {
    SimNode last = nodes.get(nodes.size() - 1);
    switch (violation) {
      case MIXED_VERSIONS -> {
        ConnectVersion v = ConnectVersion.parse(spec.connectVersion());
        last.connectVersion = new ConnectVersion(v.year() - 1, v.month(), v.patch()).toString();
      }
      case CONFIG_DRIFT -> last.set("Server", "Address", "https://connect-old.example.com");
      case SQLITE_DATABASE -> nodes.forEach(n -> n.set("Database", "Provider", "SQLite"));
      case LOCAL_DATA_DIR -> nodes.forEach(n -> n.mounts.remove("/var/lib/rstudio-connect"));
      case SHARED_METRICS_PATH -> nodes.forEach(n -> n.set("Metrics", "DataPath", null));
      case NO_STICKINESS -> targetGroupAttributes(Map.of("stickiness.enabled", "false"));
      case CROSS_ZONE_OFF -> targetGroupAttributes(Map.of("load_balancing.cross_zone.enabled", "false"));
      case CLOCK_UNSYNCHRONISED -> last.clockSynchronized = false;
      case RUN_AS_UID_MISMATCH -> last.accounts.put("rstudio-connect", new int[] {998, 999});
      case SINGLE_AZ -> nodes.replaceAll(n -> n.availabilityZone.equals(spec.zones().get(0)) ? n : relocate(n, spec.zones().get(0)));
      case MISSING_MOUNT_TARGET -> aws.efs.describeMountTargets(b -> b.fileSystemId(fileSystemId)).mountTargets().stream()
          .filter(mt -> mt.availabilityZoneName().equals(spec.zones().get(spec.zones().size() - 1)))
          .forEach(mt -> aws.efs.deleteMountTarget(b -> b.mountTargetId(mt.mountTargetId())));
      case RDS_OLD_ENGINE -> replaceDatabase(spec.cluster() + "-db-pg14", "14.12", true);
      case RDS_SINGLE_AZ -> replaceDatabase(spec.cluster() + "-db-single", "15.7", false);
      case EFS_UNENCRYPTED -> {
        fileSystemId = createFileSystem(spec.cluster() + "-data-plain", false);
        nodes.forEach(n -> n.mounts.put("/var/lib/rstudio-connect", efsMount(fileSystemId)));
        updateDocument("fileSystemId", fileSystemId);
      }
      case UNHEALTHY_TARGET -> last.pingHealthy = false;
      case NODE_FACTS_FAIL -> last.commandFailure = "failed to run commands: exit status 1 (ssm-agent could not start the script)";
      case NODE_STOPPED -> aws.ec2.stopInstances(b -> b.instanceIds(last.instanceId));
      default -> throw new IllegalArgumentException(violation.name());
    }
  }

  private SimNode relocate(SimNode node, String zone) {
    String replacement = launch(zone, nodes.indexOf(node) + 1);
    aws.elb.deregisterTargets(b -> b.targetGroupArn(targetGroupArn).targets(t -> t.id(node.instanceId).port(3939)));
    aws.ec2.terminateInstances(b -> b.instanceIds(node.instanceId));
    aws.elb.registerTargets(b -> b.targetGroupArn(targetGroupArn).targets(t -> t.id(replacement).port(3939)));
    node.instanceId = replacement;
    node.availabilityZone = zone;
    node.subnetId = subnets.get(zone);
    return node;
  }

  private void replaceDatabase(String id, String version, boolean multiAz) {
    createDatabase(id, version, multiAz);
    nodes.forEach(n -> n.set("Postgres", "URL", "postgres://connect@" + dbEndpoint + ":5432/connect?sslmode=require"));
    updateDocument("dbInstanceId", id);
  }

  private void updateDocument(String field, String value) {
    String name = "/connect-ha/clusters/" + spec.cluster();
    try {
      ObjectNode doc = (ObjectNode) Json.MAPPER.readTree(aws.ssm.getParameter(b -> b.name(name)).parameter().value());
      doc.put(field, value);
      aws.ssm.putParameter(b -> b.name(name).value(doc.toString()).overwrite(true));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- what moto cannot answer ----------------------------------------------------------------

  public Gateway.Interceptor interceptor() {
    return request -> {
      if (request.service().equals("ssm")) {
        return switch (request.action()) {
          case "SendCommand" -> sendCommand(request);
          case "GetCommandInvocation" -> getCommandInvocation(request);
          case "ListCommandInvocations" -> listCommandInvocations(request);
          default -> Optional.empty();
        };
      }
      return Optional.empty();
    };
  }

  /** Target health from the simulated Connect; needs the gateway to ask moto for registrations. */
  public Gateway.Interceptor targetHealth(Gateway gateway) {
    return request -> {
      if (!request.service().equals("elasticloadbalancing") || !request.action().equals("DescribeTargetHealth")) {
        return Optional.empty();
      }
      AwsResponse moto = gateway.forward(request);
      if (moto.status() != 200) {
        return Optional.of(moto);
      }
      settle();
      StringBuilder members = new StringBuilder();
      Matcher m = TARGET_MEMBER.matcher(new String(moto.body(), StandardCharsets.UTF_8));
      while (m.find()) {
        String id = m.group(1);
        String state = m.group(3);
        String reason = null;
        SimNode node = nodes.stream().filter(n -> n.instanceId.equals(id)).findFirst().orElse(null);
        if (state.equals("healthy") && node != null && !(node.connectVersion != null && node.serviceActive && node.pingHealthy)) {
          state = "unhealthy";
          reason = node.serviceActive ? "Target.ResponseCodeMismatch" : "Target.FailedHealthChecks";
        } else if (state.equals("unused")) {
          reason = "Target.InvalidState";
        }
        members.append("<member><Target><Id>").append(id).append("</Id><Port>").append(m.group(2))
            .append("</Port></Target><HealthCheckPort>").append(m.group(2)).append("</HealthCheckPort><TargetHealth><State>")
            .append(state).append("</State>").append(reason == null ? "" : "<Reason>" + reason + "</Reason>")
            .append("</TargetHealth></member>");
      }
      return Optional.of(AwsResponse.xml("<DescribeTargetHealthResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\">"
          + "<DescribeTargetHealthResult><TargetHealthDescriptions>" + members + "</TargetHealthDescriptions>"
          + "</DescribeTargetHealthResult><ResponseMetadata><RequestId>" + UUID.randomUUID()
          + "</RequestId></ResponseMetadata></DescribeTargetHealthResponse>"));
    };
  }

  private Optional<AwsResponse> sendCommand(AwsRequest request) {
    var body = request.json();
    String document = body.path("DocumentName").asText();
    CommandDocument definition = documents.get(document);
    if (definition == null) {
      return Optional.empty();
    }
    List<String> instanceIds = new ArrayList<>();
    body.path("InstanceIds").forEach(id -> instanceIds.add(id.asText()));
    if (instanceIds.isEmpty()) {
      return Optional.of(AwsResponse.error(request, 400, "InvalidInstanceId",
          "the twin runs commands on named instances only (InstanceIds)"));
    }
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    body.path("Parameters").fields().forEachRemaining(p -> {
      List<String> values = new ArrayList<>();
      p.getValue().forEach(v -> values.add(v.asText()));
      parameters.put(p.getKey(), values);
    });
    String script;
    try {
      script = definition.render(parameters);
    } catch (IllegalArgumentException e) {
      return Optional.of(AwsResponse.error(request, 400, "InvalidParameters", e.getMessage()));
    }
    Map<String, InstanceStateName> states = new LinkedHashMap<>();
    aws.ec2.describeInstances(b -> b.instanceIds(instanceIds)).reservations().forEach(r -> r.instances()
        .forEach((Instance i) -> states.put(i.instanceId(), i.state().name())));
    String commandId = UUID.randomUUID().toString();
    Instant now = Instant.now();
    for (String instanceId : instanceIds) {
      runs.put(commandId + "/" + instanceId, run(commandId, instanceId, document, script, states.get(instanceId), now));
    }
    Map<String, Object> command = new LinkedHashMap<>();
    command.put("CommandId", commandId);
    command.put("DocumentName", document);
    command.put("InstanceIds", instanceIds);
    command.put("Parameters", parameters);
    command.put("Status", "Pending");
    command.put("RequestedDateTime", now.getEpochSecond());
    command.put("TargetCount", instanceIds.size());
    return Optional.of(AwsResponse.json(Map.of("Command", command)));
  }

  private CommandRun run(String commandId, String instanceId, String document, String script, InstanceStateName state,
      Instant now) {
    Instant done = now.plus(documentDurations.getOrDefault(document, commandDuration));
    SimNode node = nodes.stream().filter(n -> n.instanceId.equals(instanceId)).findFirst().orElse(null);
    if (node == null || state != InstanceStateName.RUNNING) {
      return new CommandRun(commandId, instanceId, document, "Undeliverable", -1, "", "instance is not running", now, done);
    }
    String failure = nextFailures.remove(document + "/" + instanceId);
    if (failure != null) {
      return new CommandRun(commandId, instanceId, document, "Failed", 1, "", failure, now, done);
    }
    if (node.commandFailure != null) {
      return new CommandRun(commandId, instanceId, document, "Failed", 1, "", node.commandFailure, now, done);
    }
    synchronized (nodeLock) {
      settle();
      return runScript(commandId, instanceId, document, script, node, now, done);
    }
  }

  /** Runs {@code script} against the node's file tree, then reads back what it changed and logs its starts and stops. */
  private CommandRun runScript(String commandId, String instanceId, String document, String script, SimNode node,
      Instant now, Instant done) {
    Path dir = workDir.resolve(instanceId);
    Path bin = NodeRoot.write(dir, node, new NodeRoot.Cluster(packages, schema.version().toString()));
    try {
      NodeRoot.ScriptRun run = NodeRoot.run(dir, bin, script, Map.of("CONNECT_HA_STOP_TIMEOUT", SCRIPT_WAIT_SECONDS,
          "CONNECT_HA_START_TIMEOUT", SCRIPT_WAIT_SECONDS), Duration.ofSeconds(60));
      readBack(dir, node);
      if (run.timedOut()) {
        return new CommandRun(commandId, instanceId, document, "TimedOut", -1, "", "timed out", now, done);
      }
      return new CommandRun(commandId, instanceId, document, run.exit() == 0 ? "Success" : "Failed", run.exit(),
          run.stdout(), run.stderr(), now, done);
    } catch (IOException e) {
      return new CommandRun(commandId, instanceId, document, "Failed", -1, "", e.getMessage(), now, done);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new CommandRun(commandId, instanceId, document, "Cancelled", -1, "", "interrupted", now, done);
    }
  }

  /** The node's state as the script left it, and its starts and stops into the schema's log (a newer start migrates). */
  private void readBack(Path dir, SimNode node) {
    for (NodeRoot.Event event : NodeRoot.readBack(dir, node)) {
      ConnectSchema.Kind kind = switch (event.kind()) {
        case "start" -> ConnectSchema.Kind.START;
        case "refused" -> ConnectSchema.Kind.REFUSED;
        default -> ConnectSchema.Kind.STOP;
      };
      schema.record(new ConnectSchema.ServiceEvent(event.at(), node.instanceId, kind, ConnectVersion.parse(event.version())));
    }
  }

  private Optional<AwsResponse> getCommandInvocation(AwsRequest request) {
    var body = request.json();
    String commandId = body.path("CommandId").asText();
    if (runs.keySet().stream().noneMatch(k -> k.startsWith(commandId + "/"))) {
      return Optional.empty();
    }
    CommandRun run = runs.get(commandId + "/" + body.path("InstanceId").asText());
    if (run == null) {
      return Optional.of(AwsResponse.error(request, 400, "InvocationDoesNotExist", "no such invocation"));
    }
    return Optional.of(AwsResponse.json(invocation(run, Instant.now(), false)));
  }

  private Optional<AwsResponse> listCommandInvocations(AwsRequest request) {
    var body = request.json();
    String commandId = body.path("CommandId").asText(null);
    String instanceId = body.path("InstanceId").asText(null);
    boolean details = body.path("Details").asBoolean(false);
    List<Map<String, Object>> invocations = runs.values().stream()
        .filter(r -> commandId == null || r.commandId().equals(commandId))
        .filter(r -> instanceId == null || r.instanceId().equals(instanceId))
        .map(r -> invocation(r, Instant.now(), details)).toList();
    if (commandId != null && invocations.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(AwsResponse.json(Map.of("CommandInvocations", invocations)));
  }

  private static Map<String, Object> invocation(CommandRun run, Instant now, boolean plugins) {
    String status = run.statusAt(now);
    boolean done = !status.equals("InProgress");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("CommandId", run.commandId());
    out.put("InstanceId", run.instanceId());
    out.put("DocumentName", run.document());
    out.put("Status", status);
    out.put("StatusDetails", status);
    out.put("ResponseCode", done ? run.responseCode() : -1);
    out.put("StandardOutputContent", done ? run.stdout() : "");
    out.put("StandardErrorContent", done ? run.stderr() : "");
    out.put("ExecutionStartDateTime", run.requestedAt().toString());
    if (plugins) {
      out.put("CommandPlugins", List.of(Map.of("Name", "gatherNodeFacts", "Status", status,
          "Output", done ? run.stdout() : "", "ResponseCode", done ? run.responseCode() : -1)));
    }
    return out;
  }

  private static String json(Object value) {
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * True when nothing the rolling upgrade pauses is left paused: no Auto Scaling process of the
   * cluster's group suspended, and the remediation alarm's actions enabled.
   */
  public boolean automationRestored() {
    boolean processes = !spec.autoScalingGroup() || aws.autoScaling.describeAutoScalingGroups(b -> b.autoScalingGroupNames(
        autoScalingGroupName())).autoScalingGroups().stream().allMatch(g -> g.suspendedProcesses().isEmpty());
    boolean alarms = aws.cloudwatch.describeAlarms(b -> b.alarmNames(remediationAlarmName())).metricAlarms().stream()
        .allMatch(a -> Boolean.TRUE.equals(a.actionsEnabled()));
    return processes && alarms;
  }

  /** The listener rules that answer with a fixed response (the maintenance page), by ARN. */
  public List<String> maintenanceRules() {
    List<String> rules = new ArrayList<>();
    String lb = aws.elb.describeTargetGroups(b -> b.targetGroupArns(targetGroupArn)).targetGroups().get(0).loadBalancerArns().get(0);
    aws.elb.describeListeners(b -> b.loadBalancerArn(lb)).listeners().forEach(l -> aws.elb.describeRules(b -> b.listenerArn(l.listenerArn()))
        .rules().stream().filter(r -> r.actions().stream().anyMatch(a -> a.fixedResponseConfig() != null))
        .forEach(r -> rules.add(r.ruleArn())));
    return rules;
  }
}
