package dev.connectha.localcloud.twin;

import dev.connectha.config.DocumentKind;
import dev.connectha.localcloud.AwsClients;
import dev.connectha.localcloud.AwsResponse;
import dev.connectha.localcloud.Gateway;
import dev.connectha.model.ConnectVersion;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * A realistic Connect cluster in moto, and each node's Connect simulated beside it: this class
 * wires the parts and is what the local cloud and the tests hold. {@link #seed} creates the cluster
 * ({@link ClusterSeeder}); {@link #interceptor()} answers SSM commands for the project's documents
 * ({@link SsmCommands}: it runs their real scripts against each node's simulated file system, and
 * keeps the service state they leave: the StopConnect document really stops the simulated Connect)
 * and {@link #targetHealth} target health from the simulated Connect's {@code /__ping__}
 * ({@link TargetHealth}). {@link #apply} breaks one HA rule ({@link Faults});
 * {@link #commandDuration(String, Duration)}, {@link #failNextCommand}, {@link #killDuring} and {@link #killAfter} shape single commands.
 * {@link #backups()} serves AWS Backup's jobs and recovery points and makes RDS snapshots take time.
 *
 * <p>For upgrades it publishes Connect packages ({@link #packages()}, served on the gateway by
 * {@link #packageRepository()}, downloaded by the nodes' stub curl) and keeps the metadata
 * database's schema ({@link #schema()}): a start of a newer Connect migrates it, an older one is
 * refused, and a node left running an older Connect shuts down within {@link #schemaCheckWithin}
 * of the migration ({@link UpgradeRule}). That is evaluated whenever the twin looks at its nodes
 * (before each command, on target health, or {@link #settle()}), by the wall clock.
 * {@link #upgradeViolations()} lists every breach of Posit's upgrade rule seen so far.
 *
 * <p>For remediation it takes the faults a cluster meets in production ({@link NodeFaults}):
 * {@link #crashConnect}, {@link #killNode}, {@link #agentOffline}, {@link #impairAz} /
 * {@link #restoreAz}, {@link #databaseUnavailable} and {@link #expireLicense}; and it gives the
 * alarm evaluator its metrics ({@link #targetStates}, {@link #statusCheckFailed}) and tells the
 * local cloud of the instances it stops or terminates ({@link #onInstanceChange}).
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

  private static final Pattern DB_INSTANCE = Pattern.compile("<DBInstance>.*?</DBInstance>",
      Pattern.DOTALL);

  /** The region the twin's account is ready to receive DR copies in. */
  public static final String DR_REGION = "us-west-2";
  /** How long an instance launched through the gateway boots before its SSM agent is online, unless {@link #bootTime} says otherwise. */
  public static final Duration DEFAULT_BOOT_TIME = Duration.ofSeconds(1);
  /** The role AWS Backup assumes: what a cluster document's {@code backupRoleArn} holds on the twin. */
  public static final String BACKUP_ROLE_ARN = "arn:aws:iam::" + BackupTwin.ACCOUNT + ":role/connect-ha-backup";
  /** The AWS Backup vault {@link #seed} creates (template.yaml's default {@code BackupVaultName}). */
  public static final String BACKUP_VAULT = "Default";

  private final AwsClients aws;
  private final String region;
  private final BackupTwin backups;
  private final ZonalShiftApi zonalShifts;
  private final PackageRepository packages;
  private final ClusterSeeder cluster;
  private final List<SimNode> nodes;
  private final UpgradeRule upgradeRule;
  private final CommandRunner runner;
  private final SsmCommands commands;
  private final TargetHealth targetHealth;
  private final Faults faults;
  private final InstanceLaunches launches;
  private final NodeFaults nodeFaults = new NodeFaults();
  private volatile Consumer<String> instanceListener = id -> { };
  /** Further breaches of the upgrade rule to report (the EKS clusters' pods: {@link KubernetesTwin}). */
  private volatile Supplier<List<String>> moreViolations = List::of;

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
    this.backups = new BackupTwin(aws);
    this.zonalShifts = new ZonalShiftApi(aws);
    this.packages = new PackageRepository(gateway.resolve("/packages").toString());
    this.cluster = new ClusterSeeder(aws, region, packages);
    this.nodes = cluster.nodes();
    this.upgradeRule = new UpgradeRule(nodes);
    this.runner = new CommandRunner(workDir, packages, upgradeRule, aws, nodeFaults);
    this.commands = new SsmCommands(aws, nodes, runner, nodeFaults, this::instanceChanged);
    this.targetHealth = new TargetHealth(nodes, upgradeRule, nodeFaults);
    this.faults = new Faults(aws, cluster, this::instanceChanged);
    this.launches = new InstanceLaunches(aws, nodes, () -> cluster.spec() == null ? null : cluster.spec().cluster(), nodeFaults);
  }

  /** AWS Backup jobs and recovery points, and the timing of RDS snapshots: durations, failures, vaults. */
  /** ARC's zonal shifts of the load balancer (moto has none): the API, and what is active. */
  public ZonalShiftApi zonalShifts() {
    return zonalShifts;
  }

  public BackupTwin backups() {
    return backups;
  }

  /** Makes the project's SSM document {@code name}, a script without parameters, runnable on the twin's nodes. */
  public void registerDocument(String name, String script) {
    registerDocument(name, CommandDocument.of(script));
  }

  /** Makes the project's SSM document {@code name} runnable on the twin's nodes, with its parameters. */
  public void registerDocument(String name, CommandDocument document) {
    commands.registerDocument(name, document);
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
    return upgradeRule.schema();
  }

  /**
   * How long, at most, a node left running an older Connect takes to notice a migrated schema and
   * shut down (default and Posit's bound: 30 s). Node {@code i} of {@code n} takes
   * {@code within * (i + 1) / n}, unless its {@link SimNode#schemaShutdownDelay} says otherwise.
   * More than 30 s makes the twin break the rule, which {@link #upgradeViolations()} reports.
   */
  public void schemaCheckWithin(Duration within) {
    upgradeRule.schemaCheckWithin(within);
  }

  /** How long {@code node} takes to shut down once the schema is newer than its Connect. */
  public Duration schemaShutdownDelay(SimNode node) {
    return upgradeRule.schemaShutdownDelay(node);
  }

  /**
   * Breaches of "no old Connect runs after the first new one started" so far: an older Connect
   * started after a migration, or one still running more than 30 s after it. Empty when every
   * upgrade kept Posit's rule.
   */
  public List<String> upgradeViolations() {
    List<String> violations = new ArrayList<>(upgradeRule.violations());
    violations.addAll(moreViolations.get());
    return violations;
  }

  /** Reports {@code more}'s breaches too in {@link #upgradeViolations()}. */
  void alsoCheck(Supplier<List<String>> more) {
    this.moreViolations = more;
  }

  /** The Connect version the cluster was seeded at ({@link Spec#defaults()}'s before any seed). */
  String seededVersion() {
    return cluster.spec() == null ? Spec.defaults().connectVersion() : cluster.spec().connectVersion();
  }

  /**
   * Brings the simulated nodes up to now: a node whose Connect is older than the schema shuts down
   * once its delay after the migration (or after its own start, if later) has passed, at that
   * moment; and a service state a test set directly is logged as a start or stop now.
   */
  public void settle() {
    upgradeRule.settle();
  }

  // ---- commands -------------------------------------------------------------------------------

  /** How long every command takes on a node: InProgress until then, its effect and outcome at its end (default: done at once). */
  public void commandDuration(Duration duration) {
    commands.commandDuration(duration);
  }

  /** How long commands of documents of {@code kind} (any stack's) take on a node; overrides {@link #commandDuration(Duration)}. */
  public void commandDuration(DocumentKind kind, Duration duration) {
    commands.commandDuration(kind, duration);
  }

  /** Every command sent to the project's documents since the last seed: {@code <document> <parameters>}, as SendCommand had them. */
  public List<String> sentCommands() {
    return commands.sent();
  }

  /** {@link #failNextCommand}'s instance id for whichever node runs the document next (one not launched yet). */
  public static final String ANY_NODE = "*";

  /**
   * Makes the next command of a document of {@code kind} (any stack's) on {@code instanceId} ({@link #ANY_NODE}:
   * on any node) fail with {@code stderr}, without running its script: the node stays as it was. One
   * command only.
   */
  public void failNextCommand(DocumentKind kind, String instanceId, String stderr) {
    commands.failNextCommand(kind, instanceId, stderr);
  }

  /**
   * Makes {@code instanceId}'s node die during the next command of a document of {@code kind}
   * there: as soon as the command is delivered, its EC2 instance is stopped or terminated, so the
   * command never completes on it. SSM then reports it {@code Failed}, StatusDetails
   * {@code Undeliverable} (stopped) or {@code Terminated}. One command only.
   */
  public void killDuring(String instanceId, DocumentKind kind, NodeDeath death) {
    commands.killDuring(instanceId, kind, death, Duration.ZERO);
  }

  /**
   * As {@link #killDuring(String, DocumentKind, NodeDeath)}, the death coming {@code after} into the
   * command: a command that ends sooner (its {@link #commandDuration}) completes, and the node
   * dies after it.
   */
  public void killDuring(String instanceId, DocumentKind kind, NodeDeath death, Duration after) {
    commands.killDuring(instanceId, kind, death, after);
  }

  /**
   * Makes {@code instanceId}'s node die the moment its next command of a document of {@code kind}
   * there has run: the command ends as its script left it (its effect on the node, its
   * outcome, Success for a script that worked), and the EC2 instance is stopped or terminated before
   * that outcome can be read, so whatever the caller does next meets a dead node. One command only.
   */
  public void killAfter(String instanceId, DocumentKind kind, NodeDeath death) {
    commands.killAfter(instanceId, kind, death);
  }

  /** Stops or terminates {@code instanceId}'s EC2 instance now: its Connect goes down and every command running there ends. */
  public void kill(String instanceId, NodeDeath death) {
    commands.kill(instanceId, death);
  }

  // ---- the cluster ----------------------------------------------------------------------------

  public List<SimNode> nodes() {
    return List.copyOf(nodes);
  }

  public SimNode node(int index) {
    return nodes.get(index);
  }

  public String clusterName() {
    return cluster.spec().cluster();
  }

  /** The Auto Scaling group holding the nodes, or null when the spec has none. */
  public String autoScalingGroupName() {
    return cluster.autoScalingGroupName();
  }

  /** The remediation alarm seeding creates: named, and tagged, as the cluster's remediation alarms are. */
  public String remediationAlarmName() {
    return cluster.remediationAlarmName();
  }

  /** Creates the cluster, with every simulation back to its defaults; returns the template parameters that register it. */
  public Map<String, String> seed(Spec spec) {
    commands.reset();
    launches.reset();
    nodeFaults.reset();
    backups.reset();
    packages.reset();
    zonalShifts.reset();
    backups.vault(region, BACKUP_VAULT);
    backups.vault(DR_REGION, BACKUP_VAULT); // the DR region's vault, as an operator prepares it for DR copies
    Map<String, String> parameters = cluster.seed(spec);
    upgradeRule.reset(ConnectVersion.parse(spec.connectVersion()), Instant.now());
    return parameters;
  }

  /** Where {@link #prepareProvisioning} keeps the cluster's shared configuration (an SSM SecureString). */
  public String configParameter() {
    return "/connect-ha/" + clusterName() + "/rstudio-connect.gcfg";
  }

  /** Where {@link #prepareProvisioning} keeps the database password (a Secrets Manager secret). */
  public String dbPasswordSecret() {
    return "connect-ha/" + clusterName() + "/db-password";
  }

  /**
   * Makes the seeded cluster ready for provisioning, as an operator does before the first node is
   * launched: the shared rstudio-connect.gcfg (the seeded nodes' configuration but their own
   * Metrics.DataPath) as an SSM SecureString, the database password as a secret, and every seeded
   * node's configuration file as the BootstrapNode document writes it (so that a new node's
   * configuration matches its peers'). Returns the template parameters that register them in the
   * cluster document (redeploy with them).
   */
  public Map<String, String> prepareProvisioning() {
    SimNode first = nodes().get(0);
    StringBuilder shared = new StringBuilder("; the cluster's shared Posit Connect configuration\n");
    first.config.forEach((section, values) -> {
      if (!section.equals("Metrics")) {
        shared.append('\n').append('[').append(section).append("]\n");
        values.forEach((k, v) -> shared.append(k).append(" = \"").append(v).append("\"\n"));
      }
    });
    String password = "twin-db-password";
    aws.ssm.putParameter(b -> b.name(configParameter()).type(ParameterType.SECURE_STRING).value(shared.toString()).overwrite(true));
    cluster.putSecret(dbPasswordSecret(), password);
    String dataDir = first.get("Server", "DataDir");
    for (SimNode node : nodes()) {
      node.loadConfig(shared + "\n\n; ---- written by ConnectHa-BootstrapNode from " + configParameter() + " and this node ----\n"
          + "[Server]\nDataDir = \"" + dataDir + "\"\n\n[Metrics]\nDataPath = \"" + node.get("Metrics", "DataPath") + "\"\n\n"
          + "[Postgres]\nPassword = \"" + password + "\"\n");
    }
    int[] ids = first.accounts.get("rstudio-connect");
    return Map.of("DataDir", dataDir, "ConfigParameterName", configParameter(), "DbPasswordSecretId", dbPasswordSecret(),
        "ConnectUid", String.valueOf(ids[0]), "ConnectGid", String.valueOf(ids[1]));
  }

  /** Breaks the rule(s) {@code violation} names, the way it happens on a real cluster. */
  public void apply(Violation violation) {
    faults.apply(violation);
  }

  // ---- remediation faults -----------------------------------------------------------------------

  /**
   * Connect crashes on {@code instanceId}'s node: the service fails (systemd shows {@code failed}),
   * {@code /__ping__} stops answering and its target turns unhealthy
   * ({@code Target.FailedHealthChecks}). The instance and its SSM agent stay up, so the project's
   * StartConnect document brings Connect back.
   */
  public void crashConnect(String instanceId) {
    runner.crashed(requireNode(instanceId));
  }

  /**
   * {@code instanceId}'s instance dies: EC2 stops or terminates it ({@code death}), its Connect
   * goes down with it, every command running there ends, and "EC2 Instance State-change
   * Notification" events follow. While a node the twin killed is stopped, EC2's
   * {@code StatusCheckFailed} for it is 1 ({@link #statusCheckFailed}). As {@link #kill}, named as a fault.
   */
  public void killNode(String instanceId, NodeDeath death) {
    kill(instanceId, death);
  }

  /**
   * {@code instanceId}'s SSM agent loses its connection (the instance keeps running): SSM's
   * DescribeInstanceInformation reports {@code ConnectionLost} and commands to it are
   * {@code Failed}/{@code Undeliverable}, until {@link #agentOnline}.
   */
  public void agentOffline(String instanceId) {
    nodeFaults.agentOffline(requireNode(instanceId).instanceId);
  }

  /** {@code instanceId}'s SSM agent is connected again. */
  public void agentOnline(String instanceId) {
    nodeFaults.agentOnline(instanceId);
  }

  /**
   * Availability Zone {@code az} is impaired: every node there is unreachable (its target
   * unhealthy, {@code Target.Timeout}; its SSM agent {@code ConnectionLost}; commands to it
   * undeliverable; EC2's {@code StatusCheckFailed} 1) and launches there fail with
   * InsufficientInstanceCapacity ({@link #noCapacityIn}), until {@link #restoreAz}. The instances
   * keep running, as EC2 reports them in a real impairment.
   */
  public void impairAz(String az) {
    nodeFaults.impair(az);
    launches.noCapacityIn(az);
  }

  /** Availability Zone {@code az} recovers: its nodes are reachable again and launches there work. */
  public void restoreAz(String az) {
    nodeFaults.restore(az);
    launches.capacityRestoredIn(az);
  }

  /**
   * RDS reports the cluster's database in {@code status} (e.g. {@code failing-over},
   * {@code rebooting}, {@code storage-full}) in DescribeDBInstances through the gateway
   * ({@link #database}); null: as moto has it.
   */
  public void databaseUnavailable(String status) {
    nodeFaults.databaseStatus(status);
  }

  /** RDS reports the cluster's database as moto has it again ({@code available}). */
  public void databaseAvailable() {
    nodeFaults.databaseStatus(null);
  }

  /**
   * Connect's licence has expired on every node (the seeded ones and those launched later):
   * {@code /__ping__} answers HTTP 402, so every target turns unhealthy
   * ({@code Target.ResponseCodeMismatch}) and the ConnectStatus document reports {@code "pingStatus":402}.
   */
  public void expireLicense() {
    nodeFaults.expireLicense();
  }

  /**
   * The health of each target of {@code targetGroupArn} (by target id: {@code healthy},
   * {@code unhealthy}, {@code unused}...), exactly as the twin answers DescribeTargetHealth, read
   * from moto directly (no call through the gateway).
   */
  public Map<String, String> targetStates(String targetGroupArn) {
    Map<String, String> states = new LinkedHashMap<>();
    targetHealth.of(aws.elb, targetGroupArn).forEach((id, health) -> states.put(id, health.state()));
    return states;
  }

  /**
   * EC2's {@code StatusCheckFailed} for {@code instanceId} in EC2 state {@code ec2State}
   * ({@code running}, {@code stopped}...): 1 for a running node in an impaired AZ, 0 for another
   * running instance; 1 for a node the twin killed ({@link #killNode}) while it is stopped or
   * stopping (an instance that died rather than one stopped on purpose); otherwise no datapoint
   * (empty: EC2 publishes no status checks for stopped, pending or terminated instances).
   */
  public OptionalDouble statusCheckFailed(String instanceId, String ec2State) {
    SimNode node = node(instanceId);
    if ("running".equals(ec2State)) {
      return OptionalDouble.of(node != null && nodeFaults.unreachable(node) ? 1 : 0);
    }
    if (("stopped".equals(ec2State) || "stopping".equals(ec2State)) && nodeFaults.wasKilled(instanceId)) {
      return OptionalDouble.of(1);
    }
    return OptionalDouble.empty();
  }

  /** Told the id of every instance the twin itself stops or terminates (a kill, a fault): the local cloud's EC2 events. */
  public void onInstanceChange(Consumer<String> listener) {
    this.instanceListener = listener;
  }

  private void instanceChanged(String instanceId) {
    instanceListener.accept(instanceId);
  }

  private SimNode requireNode(String instanceId) {
    SimNode node = node(instanceId);
    if (node == null) {
      throw new IllegalArgumentException("no node " + instanceId + " in the twin");
    }
    return node;
  }

  /** RDS DescribeDBInstances with the status {@link #databaseUnavailable} set for the cluster's database. */
  public Gateway.Interceptor database(Gateway gateway) {
    return request -> {
      String status = nodeFaults.databaseStatus();
      if (status == null || !request.service().equals("rds") || !request.action().equals("DescribeDBInstances")) {
        return Optional.empty();
      }
      AwsResponse answer = gateway.forward(request);
      if (answer.status() != 200) {
        return Optional.of(answer);
      }
      String body = new String(answer.body(), StandardCharsets.UTF_8);
      Matcher m = DB_INSTANCE.matcher(body);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String instance = m.group();
        if (instance.contains("<DBInstanceIdentifier>" + cluster.dbInstanceId() + "</DBInstanceIdentifier>")) {
          instance = instance.replaceFirst("<DBInstanceStatus>[^<]*</DBInstanceStatus>",
              Matcher.quoteReplacement("<DBInstanceStatus>" + status + "</DBInstanceStatus>"));
        }
        m.appendReplacement(out, Matcher.quoteReplacement(instance));
      }
      m.appendTail(out);
      return Optional.of(new AwsResponse(answer.status(), answer.headers(), out.toString()
          .getBytes(StandardCharsets.UTF_8)));
    };
  }

  // ---- launches ---------------------------------------------------------------------------------

  /**
   * EC2's launches and SSM's agent registration, which moto lacks ({@link InstanceLaunches}):
   * RunInstances idempotent by ClientToken per AZ, each launched instance a bare twin node whose
   * SSM agent comes online after {@link #bootTime}, DescribeInstanceInformation for every node,
   * and the launch faults. Needs the gateway to pass the launch itself on to moto.
   */
  public Gateway.Interceptor launches(Gateway gateway) {
    return launches.interceptor(gateway);
  }

  /** How long an instance launched from now on boots before its SSM agent is online (default {@link #DEFAULT_BOOT_TIME}). */
  public void bootTime(Duration duration) {
    launches.bootTime(duration);
  }

  /** Launches into {@code availabilityZone} fail with EC2's InsufficientInstanceCapacity, launching nothing, until {@link #capacityRestoredIn}. */
  public void noCapacityIn(String availabilityZone) {
    launches.noCapacityIn(availabilityZone);
  }

  /** Launches into {@code availabilityZone} work again. */
  public void capacityRestoredIn(String availabilityZone) {
    launches.capacityRestoredIn(availabilityZone);
  }

  /** {@code instanceId}'s SSM agent never comes online (no route to SSM, no instance profile): SSM never lists it. */
  public void agentNeverOnline(String instanceId) {
    launches.agentNeverOnline(instanceId);
  }

  /** The next instance launched gets an SSM agent that never comes online. */
  public void agentNeverOnlineOnNextLaunch() {
    launches.agentNeverOnlineOnNextLaunch();
  }

  /** The instances launched through the gateway since the last {@link #seed}, in launch order. */
  public List<String> launchedInstances() {
    return launches.launched();
  }

  /** The twin's node of {@code instanceId} (seeded or launched), or null. */
  public SimNode node(String instanceId) {
    return SimNode.find(nodes, instanceId);
  }

  // ---- what moto cannot answer ----------------------------------------------------------------

  /** SSM commands of the project's documents (the others go on to moto). */
  public Gateway.Interceptor interceptor() {
    return commands.interceptor();
  }

  /** Target health from the simulated Connect; needs the gateway to ask moto for registrations. */
  public Gateway.Interceptor targetHealth(Gateway gateway) {
    return targetHealth.interceptor(gateway);
  }

  /**
   * True when nothing the rolling upgrade pauses is left paused: no Auto Scaling process of the
   * cluster's group suspended, and the remediation alarm's actions enabled.
   */
  public boolean automationRestored() {
    boolean processes = !cluster.spec().autoScalingGroup() || aws.autoScaling.describeAutoScalingGroups(b -> b.autoScalingGroupNames(
        autoScalingGroupName())).autoScalingGroups().stream().allMatch(g -> g.suspendedProcesses().isEmpty());
    boolean alarms = aws.cloudwatch.describeAlarms(b -> b.alarmNames(remediationAlarmName())).metricAlarms().stream()
        .allMatch(a -> Boolean.TRUE.equals(a.actionsEnabled()));
    return processes && alarms;
  }

  /** The listener rules that answer with a fixed response (the maintenance page), by ARN. */
  public List<String> maintenanceRules() {
    List<String> rules = new ArrayList<>();
    String lb = aws.elb.describeTargetGroups(b -> b.targetGroupArns(cluster.targetGroupArn())).targetGroups().get(0)
        .loadBalancerArns().get(0);
    aws.elb.describeListeners(b -> b.loadBalancerArn(lb)).listeners().forEach(l -> aws.elb.describeRules(b -> b.listenerArn(l.listenerArn()))
        .rules().stream().filter(r -> r.actions().stream().anyMatch(a -> a.fixedResponseConfig() != null))
        .forEach(r -> rules.add(r.ruleArn())));
    return rules;
  }
}
