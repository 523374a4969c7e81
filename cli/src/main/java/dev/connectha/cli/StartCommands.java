package dev.connectha.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectha.aws.AwsCalls;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.json.Json;
import dev.connectha.model.BackupSet;
import dev.connectha.model.ClusterName;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.RetentionPolicy;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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

  private StartCommands() {}

  abstract static class Start extends ClusterCommand {
    @Option(names = "--follow", description = "show live progress until the execution ends; the exit code is its outcome")
    boolean follow;

    abstract Workflow workflow();

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

    ObjectNode base() {
      return Json.MAPPER.createObjectNode().put("cluster", ClusterName.require(cluster));
    }

    @Override
    public Integer call() {
      ObjectNode input = input();
      String name = workflow().id() + "-" + cluster + "-" + STAMP.format(app.clock.instant());
      try (Cloud cloud = app.connect()) {
        String stateMachine = cloud.stateMachineArn(workflow());
        checkExisting(cloud);
        String arn = AwsCalls.call("StartExecution " + name, () -> cloud.sfn().startExecution(b -> b
            .stateMachineArn(stateMachine).name(name).input(input.toString()))).executionArn();
        if (!follow) {
          if (app.json) {
            app.out.println(Json.MAPPER.createObjectNode().put("workflow", workflow().id()).put("name", name)
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
            .follow(arn, workflow());
      }
    }
  }

  @Command(name = "preflight", description = "Check a cluster against Posit's HA checklist (read-only).")
  static final class Preflight extends Start {
    @Option(names = "--poll-seconds", description = "0 to 60 (default 5)")
    Integer pollSeconds;

    @Override
    Workflow workflow() {
      return Workflow.PREFLIGHT;
    }

    @Override
    ObjectNode input() {
      ObjectNode input = base();
      putBetween(input, "pollSeconds", "--poll-seconds", pollSeconds, 0, 60);
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

  @Command(name = "upgrade", description = "Upgrade Connect on every node in Posit's order (stop all, one, the rest).")
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

    @Override
    Workflow workflow() {
      return Workflow.UPGRADE;
    }

    @Override
    ObjectNode input() {
      ObjectNode input = base().put("targetVersion", ConnectVersion.parse(targetVersion).toString());
      ObjectNode options = input.putObject("options");
      for (String rule : acceptFindings) {
        if (!RULE.matcher(rule).matches()) {
          throw new InvalidInputException("--accept-finding is not a preflight rule id: '" + rule + "'");
        }
        options.withArray("acceptFindings").add(rule);
      }
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
      return input;
    }
  }
}
