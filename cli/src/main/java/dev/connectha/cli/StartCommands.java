package dev.connectha.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectha.aws.AwsCalls;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.json.Json;
import dev.connectha.model.BackupSet;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ClusterName;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.InstanceIds;
import dev.connectha.model.Node;
import dev.connectha.model.RetentionPolicy;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The commands that start a workflow: each checks its options and builds the workflow's input
 * (docs/workflows/) before anything connects, then starts the state machine under the name
 * {@code <workflow>-<cluster>-<UTC timestamp>} and, with {@code --follow}, follows it to its end.
 */
final class StartCommands {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
  private static final Pattern RULE = Pattern.compile("[a-z][a-z0-9-]{0,63}");
  private static final Pattern DB_CLASS = Pattern.compile("db\\.[a-z0-9]+\\.[a-z0-9]+");
  private static final Pattern DB_SUBNET_GROUP = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9 ._-]{0,254}");
  private static final Pattern ZONE = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9][a-z]");
  private static final Pattern REASON = Pattern.compile("[^\\p{Cntrl}]{1,256}");

  private StartCommands() {}

  abstract static class Start extends ClusterCommand {
    @Option(names = "--follow", description = "show live progress until the execution ends; the exit code is its outcome")
    boolean follow;

    abstract Workflow workflow();

    /** The workflow to start on {@code cloud}, once {@link #checkExisting} passed: {@link #workflow()} unless the cluster decides. */
    Workflow workflowOn(Cloud cloud) {
      return workflow();
    }

    /** The workflow's input from the options; {@link InvalidInputException} on a bad one. */
    abstract ObjectNode input();

    /** Checks against what exists (the cluster, a backup set) before the start; read-only. */
    void checkExisting(Cloud cloud) {
      cloud.ports().clusters().load(cluster);
    }

    static int between(String option, Integer value, int min, int max) {
      if (value != null && (value < min || value > max)) {
        throw new InvalidInputException(option + " must be between " + min + " and " + max + ": " + value);
      }
      return value == null ? 0 : value;
    }

    /** Puts {@code value} as {@code field} when given, if it is between {@code min} and {@code max}. */
    static void putBetween(ObjectNode input, String field, String option, Integer value, int min, int max) {
      if (value != null) {
        input.put(field, between(option, value, min, max));
      }
    }

    static <T> T oneOf(String option, T value, List<T> allowed) {
      if (value != null && !allowed.contains(value)) {
        throw new InvalidInputException(option + " must be one of " + allowed + ": '" + value + "'");
      }
      return value;
    }

    /** Puts {@code value} as {@code field} when given, if it matches {@code format} ({@code want} says what it should be). */
    static void putMatching(ObjectNode input, String field, String option, String value, Pattern format, String want) {
      if (value == null) {
        return;
      }
      if (!format.matcher(value).matches()) {
        throw new InvalidInputException(option + " " + want + ": '" + value + "'");
      }
      input.put(field, value);
    }

    /** Adds each of {@code values} to the array {@code field} (made only when there is one), if each matches {@code format}. */
    static void addEachMatching(ObjectNode input, String field, String option, List<String> values, Pattern format,
        String want) {
      for (String value : values) {
        if (!format.matcher(value).matches()) {
          throw new InvalidInputException(option + " " + want + ": '" + value + "'");
        }
        input.withArray(field).add(value);
      }
    }

    ObjectNode base() {
      return Json.MAPPER.createObjectNode().put("cluster", ClusterName.require(cluster));
    }

    @Override
    public Integer call() {
      ObjectNode input = input();
      try (Cloud cloud = app.connect()) {
        cloud.stateMachineArn(workflow());
        checkExisting(cloud);
        Workflow workflow = workflowOn(cloud);
        String name = workflow.id() + "-" + cluster + "-" + STAMP.format(app.clock.instant());
        String stateMachine = cloud.stateMachineArn(workflow);
        String arn = AwsCalls.call("StartExecution " + name, () -> cloud.sfn().startExecution(b -> b
            .stateMachineArn(stateMachine).name(name).input(input.toString()))).executionArn();
        if (!follow) {
          if (app.json) {
            app.out.println(Json.MAPPER.createObjectNode().put("workflow", workflow.id()).put("name", name)
                .put("executionArn", arn).set("input", input));
          } else {
            app.out.println("started " + name + "\n  " + arn + "\n  input " + input);
          }
          return 0;
        }
        if (!app.json) {
          app.out.println("started " + name + " " + input);
        }
        return new Follower(cloud.sfn(), app.out, app.terminal && !app.json, app.json, app.pollInterval)
            .follow(arn, workflow);
      }
    }
  }

  /** {@code --poll-seconds} of the workflows that wait on nodes (preflight, provision-node, retire-node, ensure-capacity). */
  static final class PollSeconds {
    @Option(names = "--poll-seconds", description = "the interval of the waits, 0 to 60 (default 5)")
    Integer value;

    void put(ObjectNode input) {
      Start.putBetween(input, "pollSeconds", "--poll-seconds", value, 0, 60);
    }
  }

  /** {@code --boot-seconds} of the workflows that launch a node (provision-node, ensure-capacity). */
  static final class BootSeconds {
    @Option(names = "--boot-seconds", description = "how long a new node may boot until its SSM agent is online,"
        + " 1 to 840 (default 600)")
    Integer value;

    void put(ObjectNode input) {
      Start.putBetween(input, "bootSeconds", "--boot-seconds", value, 1, 840);
    }
  }

  /** {@code --drain-seconds} of the workflows that retire a node (retire-node, ensure-capacity). */
  static final class DrainSeconds {
    @Option(names = "--drain-seconds", description = "how long a deregistered node may finish its requests, 0 to 3600"
        + " (default: the target group's deregistration delay)")
    Integer value;

    void put(ObjectNode input) {
      Start.putBetween(input, "drainSeconds", "--drain-seconds", value, 0, 3600);
    }
  }

  /** {@code --reason}, repeated in the summary (provision-node, retire-node). */
  static final class Reason {
    @Option(names = "--reason", paramLabel = "TEXT", description = "why, for the summary (default: on demand)")
    String value;

    void put(ObjectNode input) {
      Start.putMatching(input, "reason", "--reason", value, REASON, "must be 1 to 256 characters on one line");
    }
  }

  @Command(name = "preflight", description = "Check a cluster against Posit's HA checklist (read-only).")
  static final class Preflight extends Start {
    @Mixin
    PollSeconds pollSeconds = new PollSeconds();

    @Override
    Workflow workflow() {
      return Workflow.PREFLIGHT;
    }

    @Override
    ObjectNode input() {
      ObjectNode input = base();
      pollSeconds.put(input);
      return input;
    }
  }

  @Command(name = "backup", description = "Take a backup set (RDS snapshot + EFS backup), then apply retention.")
  static final class Backup extends Start {
    @Option(names = "--mode", description = "online (default) or cold (Connect stopped during the backup)")
    String mode;

    @Option(names = "--keep-last", description = "retention: newest complete sets kept (>= 1; default 7)")
    Integer keepLast;

    @Option(names = "--keep-daily", description = "retention: days (default 7)")
    Integer keepDaily;

    @Option(names = "--keep-weekly", description = "retention: ISO weeks (default 4)")
    Integer keepWeekly;

    @Option(names = "--keep-monthly", description = "retention: months (default 6)")
    Integer keepMonthly;

    @Option(names = "--dr-region", description = "copy the set to this region's vault of the same name")
    String drRegion;

    @Option(names = "--poll-seconds", description = "0 to 3600 (default 30)")
    Integer pollSeconds;

    @Override
    Workflow workflow() {
      return Workflow.BACKUP;
    }

    @Override
    ObjectNode input() {
      ObjectNode input = base();
      if (mode != null) {
        // "stopped" is the rolling upgrade's own mode: its caller holds the lock and stopped every node
        input.put("mode", oneOf("--mode", mode, List.of("online", "cold")));
      }
      if (keepLast != null || keepDaily != null || keepWeekly != null || keepMonthly != null) {
        RetentionPolicy retention = new RetentionPolicy(keepLast == null ? 7 : keepLast, keepDaily == null ? 7 : keepDaily,
            keepWeekly == null ? 4 : keepWeekly, keepMonthly == null ? 6 : keepMonthly);
        input.putObject("retention").put("keepLast", retention.keepLast()).put("keepDaily", retention.keepDaily())
            .put("keepWeekly", retention.keepWeekly()).put("keepMonthly", retention.keepMonthly());
      }
      putMatching(input, "drRegion", "--dr-region", drRegion, REGION, "is not an AWS region");
      putBetween(input, "pollSeconds", "--poll-seconds", pollSeconds, 0, 3600);
      return input;
    }
  }

  @Command(name = "restore", description = "Restore a backup set into new resources: a drill, or a hand-over.")
  static final class Restore extends Start {
    @Option(names = "--set-id", required = true, description = "the backup set (connectha backups CLUSTER)")
    String setId;

    @Option(names = "--mode", description = "drill (default: verify, then delete) or handover (keep)")
    String mode;

    @Option(names = "--db-instance-class", description = "e.g. db.m6g.large (default: the source's)")
    String dbInstanceClass;

    @Option(names = "--db-subnet-group", description = "default: the account's default DB subnet group")
    String dbSubnetGroup;

    @Option(names = "--poll-seconds", description = "0 to 3600 (default 30)")
    Integer pollSeconds;

    @Override
    Workflow workflow() {
      return Workflow.RESTORE;
    }

    @Override
    ObjectNode input() {
      ObjectNode input = base().put("setId", BackupSet.requireSetId(setId));
      if (mode != null) {
        input.put("mode", oneOf("--mode", mode, List.of("drill", "handover")));
      }
      putMatching(input, "dbInstanceClass", "--db-instance-class", dbInstanceClass, DB_CLASS, "must look like db.m6g.large");
      putMatching(input, "dbSubnetGroup", "--db-subnet-group", dbSubnetGroup, DB_SUBNET_GROUP, "is not a DB subnet group name");
      putBetween(input, "pollSeconds", "--poll-seconds", pollSeconds, 0, 3600);
      return input;
    }

    @Override
    void checkExisting(Cloud cloud) {
      super.checkExisting(cloud);
      cloud.ports().backupSets().get(cluster, setId);
    }
  }

  @Command(name = "upgrade", description = "Upgrade Connect on every node in Posit's order (stop all, one, the rest);"
      + " on a cluster of the eks topology: scale the workload to 0, restore point, one pod on the target, then the rest"
      + " (upgrade-eks).")
  static final class Upgrade extends Start {
    @Option(names = "--to", required = true, paramLabel = "VERSION", description = "the target version, YYYY.MM.PATCH")
    String targetVersion;

    @Option(names = "--accept-finding", paramLabel = "RULE", description = "a failing preflight rule that does not block (repeatable)")
    List<String> acceptFindings = List.of();

    @Option(names = "--converge-mixed-versions", description = "upgrade a cluster whose nodes run different versions")
    boolean convergeMixedVersions;

    @Option(names = "--restore-point", description = "cold (default), online or skip")
    String restorePoint;

    @Option(names = "--maintenance-page", description = "a 503 page on the load balancer while every node is down")
    boolean maintenancePage;

    @Option(names = "--concurrency", description = "nodes after the first upgraded at a time, 0 to 100 (0 = all)")
    Integer concurrency;

    @Option(names = "--retry-budget", description = "forward retries per node, 0 to 5 (default 1)")
    Integer retryBudget;

    @Option(names = "--poll-seconds", description = "1 to 60 (default 5)")
    Integer pollSeconds;

    @Option(names = "--ready-within-seconds", description = "eks: how long pods may take to go or to be ready, per step,"
        + " 10 to 7200 (default 900)")
    Integer readyWithinSeconds;

    @Override
    Workflow workflow() {
      return Workflow.UPGRADE;
    }

    /** A cluster of the eks topology is upgraded by upgrade-eks (the rolling upgrade refuses it). */
    @Override
    Workflow workflowOn(Cloud cloud) {
      return cloud.ports().clusters().load(cluster).onEks() ? Workflow.UPGRADE_EKS : Workflow.UPGRADE;
    }

    @Override
    ObjectNode input() {
      ObjectNode input = base().put("targetVersion", ConnectVersion.parse(targetVersion).toString());
      ObjectNode options = input.putObject("options");
      addEachMatching(options, "acceptFindings", "--accept-finding", acceptFindings, RULE, "is not a preflight rule id");
      if (convergeMixedVersions) {
        options.put("convergeMixedVersions", true);
      }
      if (restorePoint != null) {
        options.put("restorePoint", oneOf("--restore-point", restorePoint, List.of("cold", "online", "skip")));
      }
      if (maintenancePage) {
        options.put("maintenancePage", true);
      }
      putBetween(options, "concurrency", "--concurrency", concurrency, 0, 100);
      putBetween(options, "retryBudget", "--retry-budget", retryBudget, 0, 5);
      putBetween(options, "pollSeconds", "--poll-seconds", pollSeconds, 1, 60);
      putBetween(options, "readyWithinSeconds", "--ready-within-seconds", readyWithinSeconds, 10, 7200);
      return input;
    }
  }

  @Command(name = "provision", description = "Launch one node into a cluster: bootstrapped, on the schema's version,"
      + " checked against its peers, registered and healthy.")
  static final class Provision extends Start {
    @Option(names = "--az", paramLabel = "ZONE", description = "the zone to launch into, one of the cluster's"
        + " (default: the zone with the fewest nodes)")
    String az;

    @Option(names = "--avoid-az", paramLabel = "ZONE", description = "a zone not to choose (repeatable)")
    List<String> avoidAzs = List.of();

    @Mixin
    Reason reason = new Reason();

    @Mixin
    PollSeconds pollSeconds = new PollSeconds();

    @Mixin
    BootSeconds bootSeconds = new BootSeconds();

    @Override
    Workflow workflow() {
      return Workflow.PROVISION;
    }

    @Override
    ObjectNode input() {
      ObjectNode input = base();
      putMatching(input, "az", "--az", az, ZONE, "is not an Availability Zone name (e.g. us-east-1a)");
      addEachMatching(input, "avoidAzs", "--avoid-az", avoidAzs, ZONE, "is not an Availability Zone name (e.g. us-east-1a)");
      if (az != null && avoidAzs.contains(az)) {
        throw new InvalidInputException("--az " + az + " is also an --avoid-az: name a zone to launch into, or zones to avoid");
      }
      reason.put(input);
      pollSeconds.put(input);
      bootSeconds.put(input);
      return input;
    }

    /** The cluster exists and, when a zone is named, it is one of the cluster's (its subnetsByAz). */
    @Override
    void checkExisting(Cloud cloud) {
      ClusterDocument document = cloud.ports().clusters().load(cluster);
      if (az != null && !document.subnetsByAz().containsKey(az)) {
        throw new InvalidInputException("--az " + az + " is not a zone of cluster " + cluster + " (its subnetsByAz: "
            + String.join(", ", new TreeSet<>(document.subnetsByAz().keySet())) + ")");
      }
    }
  }

  @Command(name = "retire", description = "Take one node of a cluster out of service for good: deregistered, drained,"
      + " stopped, its licence deactivated, terminated.")
  static final class Retire extends Start {
    @Parameters(index = "1", paramLabel = "INSTANCE-ID", description = "the node, one of the cluster's (connectha status)")
    String instanceId;

    @Option(names = "--force", description = "retire a node connect-ha did not launch")
    boolean force;

    @Mixin
    DrainSeconds drainSeconds = new DrainSeconds();

    @Mixin
    Reason reason = new Reason();

    @Mixin
    PollSeconds pollSeconds = new PollSeconds();

    @Override
    Workflow workflow() {
      return Workflow.RETIRE;
    }

    @Override
    ObjectNode input() {
      ObjectNode input = base().put("instanceId", InstanceIds.require("INSTANCE-ID", List.of(instanceId)).get(0));
      if (force) {
        input.put("force", true);
      }
      drainSeconds.put(input);
      reason.put(input);
      pollSeconds.put(input);
      return input;
    }

    /** The cluster exists and the instance is one of its nodes (as status lists them). */
    @Override
    void checkExisting(Cloud cloud) {
      super.checkExisting(cloud);
      List<String> nodes = cloud.ports().nodes().nodesOf(cluster).stream().map(Node::instanceId).sorted().toList();
      if (!nodes.contains(instanceId)) {
        throw new InvalidInputException(instanceId + " is not a node of cluster " + cluster + " (its nodes: "
            + (nodes.isEmpty() ? "none" : String.join(", ", nodes)) + ")");
      }
    }
  }

  @Command(name = "ensure-capacity", description = "Bring a cluster to its size, balanced across its zones: nodes"
      + " provisioned in parallel or retired one at a time, under one lock (--poll-seconds, --boot-seconds and"
      + " --drain-seconds are passed to them).")
  static final class EnsureCapacity extends Start {
    @Option(names = "--desired", paramLabel = "N", description = "the size to reach for this run, 0 to 100 and not below"
        + " minHealthy (default: the cluster document's desiredNodes)")
    Integer desired;

    @Mixin
    PollSeconds pollSeconds = new PollSeconds();

    @Mixin
    BootSeconds bootSeconds = new BootSeconds();

    @Mixin
    DrainSeconds drainSeconds = new DrainSeconds();

    @Override
    Workflow workflow() {
      return Workflow.ENSURE_CAPACITY;
    }

    @Override
    ObjectNode input() {
      ObjectNode input = base();
      putBetween(input, "desiredNodes", "--desired", desired, 0, 100);
      pollSeconds.put(input);
      bootSeconds.put(input);
      drainSeconds.put(input);
      return input;
    }
  }
}
