package dev.connectha.localcloud.bench;

import dev.connectha.config.DocumentKind;
import dev.connectha.localcloud.Deployer;
import dev.connectha.localcloud.LocalCloud;
import dev.connectha.localcloud.twin.JobType;
import dev.connectha.localcloud.twin.Twin;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * Rolling-upgrade figures on the twin for 2, 5 and 10 nodes: downtime (first stop to the first
 * upgraded node healthy) against its floor (the twin's durations for stopping, the cold restore
 * point, install and start of one node), total duration, Lambda invocations, state transitions,
 * AWS API calls and the largest state payload; with {@code BENCH_TIMELINE} set, when each state of
 * the upgrade and of its restore point was entered.
 * Usage: UpgradeBenchmark [STOP STAGE INSTALL START SNAPSHOT EFS POLL] (seconds)
 */
public final class UpgradeBenchmark {
  private UpgradeBenchmark() {}

  public static void main(String[] args) throws Exception {
    PrintStream console = Runs.console();
    int[] d = {3, 2, 5, 4, 6, 8, 1};
    for (int i = 0; i < Math.min(args.length, d.length); i++) {
      d[i] = Integer.parseInt(args[i]);
    }
    int stop = d[0], stage = d[1], install = d[2], start = d[3], snapshot = d[4], efs = d[5], poll = d[6];
    int floor = stop + Math.max(snapshot, efs) + install + start;
    console.printf("rolling upgrade 2024.08.0 -> 2024.10.0 on the twin (stop %d s, stage %d s, install %d s, start %d s,"
        + " restore point: RDS snapshot %d s / EFS backup %d s; poll %d s)%n", stop, stage, install, start, snapshot, efs, poll);
    console.printf("downtime floor: stop + restore point + install + start of one node = %d s; target: floor + 10%% + one poll = %.1f s%n",
        floor, floor * 1.1 + poll);
    console.printf("%6s %10s %9s %9s %8s %12s %10s %12s %13s%n", "nodes", "downtime", "vs floor", "total", "lambda",
        "transitions", "API calls", "max payload", "within target");
    try (LocalCloud cloud = LocalCloud.start()) {
      for (int nodes : List.of(2, 5, 10)) {
        Twin.Spec defaults = Twin.Spec.defaults();
        Deployer.Deployment deployment = cloud.reset(new Twin.Spec(defaults.cluster(), nodes, defaults.zones(), "2024.08.0"));
        cloud.twin().commandDuration(DocumentKind.STOP_CONNECT, Duration.ofSeconds(stop));
        cloud.twin().commandDuration(DocumentKind.STAGE_CONNECT, Duration.ofSeconds(stage));
        cloud.twin().commandDuration(DocumentKind.INSTALL_CONNECT, Duration.ofSeconds(install));
        cloud.twin().commandDuration(DocumentKind.START_CONNECT, Duration.ofSeconds(start));
        cloud.twin().backups().duration(JobType.DB_SNAPSHOT, Duration.ofSeconds(snapshot));
        cloud.twin().backups().duration(JobType.BACKUP, Duration.ofSeconds(efs));
        cloud.gateway().resetCounts();
        LocalCloud.Execution run = cloud.run("RollingUpgradeStateMachine", "{\"cluster\":\"demo\",\"targetVersion\":\"2024.10.0\","
            + "\"options\":{\"pollSeconds\":" + poll + "}}", "rolling-upgrade-demo-bench-" + UUID.randomUUID(), Duration.ofMinutes(15));
        if (!run.succeeded()) {
          throw new IllegalStateException(nodes + " nodes: the upgrade failed: " + run.error() + ": " + run.cause());
        }
        // the upgrade learns that its first node serves when its install-node execution ends
        double downtime = Duration.between(Runs.entered(run, "MarkDowntimeStart"), Runs.entered(run, "IsFirstNodeServing?")).toMillis() / 1000.0;
        long transitions = run.history().stream().filter(e -> e.stateEnteredEventDetails() != null).count();
        int payload = run.history().stream().mapToInt(UpgradeBenchmark::payloadSize).max().orElse(0);
        console.printf("%6d %9.1fs %+8.1fs %8.1fs %8d %12d %10d %10.1fKB %13s%n", nodes, downtime, downtime - floor,
            run.duration().toMillis() / 1000.0, cloud.lambda().totalInvocations(), transitions, cloud.gateway().totalCalls(),
            payload / 1024.0, downtime <= floor * 1.1 + poll && payload < 64 * 1024 ? "yes" : "NO");
        if (System.getenv("BENCH_TIMELINE") != null) {
          Instant started = run.history().get(0).timestamp();
          timeline(console, "", run, started);
          timeline(console, "restore point: ", restorePoint(cloud, deployment, run), started);
        }
        String firstNode = deployment.stateMachineArn("InstallNodeStateMachine").replace(":stateMachine:", ":execution:") + ":"
            + run.history().stream().filter(e -> e.stateEnteredEventDetails() != null
                && e.stateEnteredEventDetails().name().equals("UpgradeFirstNode")).findFirst().orElseThrow()
                .stateEnteredEventDetails().input().replaceAll("(?s).*\"firstNode\":\"(i-[0-9a-f]+)\".*", "$1")
            + "-" + md5(run.arn());
        LocalCloud.Execution first = cloud.await(firstNode, Duration.ofSeconds(5));
        if (System.getenv("BENCH_TIMELINE") != null) {
          timeline(console, "first node: ", first, run.history().get(0).timestamp());
        }
        console.printf("%6s downtime by step, measured/floor: stop %s, restore point %s, install %s, start %s,"
            + " healthy in the target group %s, the upgrade learns it %s; downtime to the node's healthy check %.1f s%n", "",
            step(run, "MarkDowntimeStart", "IsColdRestorePointAsked?", stop),
            step(run, "IsColdRestorePointAsked?", "UpgradeFirstNode", Math.max(snapshot, efs)),
            step(first, "InstallNode", "StartNode", install), step(first, "StartNode", "CheckNodeHealthy", start),
            step(first, "CheckNodeHealthy", "NodeServing", 0),
            String.format("%.1f s", Duration.between(Runs.entered(first, "NodeServing"), Runs.entered(run, "IsFirstNodeServing?")).toMillis() / 1000.0),
            run.output().path("downtimeSeconds").asDouble());
        // what running the node steps as a child costs, against an inline block (about one state transition)
        console.printf("%6s nested executions: the first node's reaches its install in %.2f s, its end is seen in %.2f s;"
            + " the restore point's starts in %.2f s, its end is seen in %.2f s%n", "",
            seconds(Runs.entered(run, "UpgradeFirstNode"), Runs.entered(first, "InstallNode")),
            seconds(Runs.entered(first, "NodeServing"), Runs.entered(run, "DidTheFirstNodeStart?")),
            seconds(Runs.entered(run, "TakeColdRestorePoint"), Runs.entered(restorePoint(cloud, deployment, run), "ValidateInput")),
            seconds(Runs.entered(restorePoint(cloud, deployment, run), "ReportBackupSet"), Runs.entered(run, "UpgradeFirstNode")));
      }
    }
    System.exit(0);
  }

  /** The upgrade's restore point: its nested backup execution. */
  private static LocalCloud.Execution restorePoint(LocalCloud cloud, Deployer.Deployment deployment, LocalCloud.Execution run) {
    return cloud.await(deployment.stateMachineArn("BackupStateMachine").replace(":stateMachine:", ":execution:")
        + ":" + run.arn().substring(run.arn().lastIndexOf(':') + 1) + "-restore-point", Duration.ofSeconds(5));
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }

  /** Each state's entry, in seconds since {@code started}. */
  private static void timeline(PrintStream console, String prefix, LocalCloud.Execution run, Instant started) {
    run.history().stream().filter(e -> e.stateEnteredEventDetails() != null).forEach(e -> console.printf(
        "%14.2f %s%s%n", Duration.between(started, e.timestamp()).toMillis() / 1000.0, prefix,
        e.stateEnteredEventDetails().name()));
  }

  private static String step(LocalCloud.Execution run, String from, String to, int floor) {
    return String.format("%.1f/%d s", Duration.between(Runs.entered(run, from), Runs.entered(run, to)).toMillis() / 1000.0, floor);
  }

  private static String md5(String text) throws java.security.NoSuchAlgorithmException {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
        .digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static int payloadSize(HistoryEvent e) {
    int size = 0;
    if (e.stateEnteredEventDetails() != null && e.stateEnteredEventDetails().input() != null) {
      size = Math.max(size, e.stateEnteredEventDetails().input().length());
    }
    if (e.stateExitedEventDetails() != null && e.stateExitedEventDetails().output() != null) {
      size = Math.max(size, e.stateExitedEventDetails().output().length());
    }
    return size;
  }
}
