package dev.connectha.localcloud.bench;

import dev.connectha.localcloud.LocalCloud;
import dev.connectha.localcloud.twin.JobType;
import dev.connectha.localcloud.twin.KubernetesTwin;
import dev.connectha.localcloud.twin.Twin;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * upgrade-eks's downtime on the twin's Kubernetes: from the scale to 0 (MarkDowntimeStart) to the
 * first pod ready on the target (MarkFirstPodReady), against its floor: a pod's termination (the
 * scale-down) + the slower of the RDS snapshot and the EFS backup (the restore point) + a new pod's
 * start and readiness. The target is floor × 1.1 + one poll. Also prints the execution's total, the
 * Lambda invocations, state transitions, AWS API calls and Kubernetes API requests.
 * Usage: UpgradeEksBenchmark [REPLICAS TERMINATION_S SNAPSHOT_S EFS_BACKUP_S READY_S POLL_S]
 */
public final class UpgradeEksBenchmark {
  private static final String CLUSTER = "demo-eks";

  private UpgradeEksBenchmark() {}

  public static void main(String[] args) throws Exception {
    PrintStream console = Runs.console();
    int replicas = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int termination = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int snapshot = args.length > 2 ? Integer.parseInt(args[2]) : 6;
    int efs = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    int ready = args.length > 4 ? Integer.parseInt(args[4]) : 5;
    int poll = args.length > 5 ? Integer.parseInt(args[5]) : 1;
    try (LocalCloud cloud = LocalCloud.start()) {
      cloud.reset(Twin.Spec.defaults());
      KubernetesTwin kubernetes = cloud.kubernetes();
      kubernetes.readyAfter(Duration.ofSeconds(ready));
      kubernetes.terminationDelay(Duration.ofSeconds(termination));
      kubernetes.seed(CLUSTER, replicas, "2024.08.0");
      cloud.twin().backups().duration(JobType.DB_SNAPSHOT, Duration.ofSeconds(snapshot));
      cloud.twin().backups().duration(JobType.BACKUP, Duration.ofSeconds(efs));
      cloud.gateway().resetCounts();
      LocalCloud.Execution run = cloud.run("UpgradeEksStateMachine", "{\"cluster\":\"" + CLUSTER
          + "\",\"targetVersion\":\"2024.10.0\",\"options\":{\"pollSeconds\":" + poll + "}}",
          "upgrade-eks-" + CLUSTER + "-bench-" + UUID.randomUUID(), Duration.ofMinutes(10));
      if (!run.succeeded()) {
        throw new IllegalStateException("the upgrade failed: " + run.error() + ": " + run.cause());
      }
      Instant down = Runs.entered(run, "MarkDowntimeStart");
      Instant up = Runs.entered(run, "MarkFirstPodReady");
      double downtime = Duration.between(down, up).toMillis() / 1000.0;
      int floor = termination + Math.max(snapshot, efs) + ready;
      double target = floor * 1.1 + poll;
      long transitions = run.history().stream().filter(e -> e.stateEnteredEventDetails() != null).count();
      console.printf("upgrade-eks on the twin (%d replicas; pod termination %d s, RDS snapshot %d s, EFS backup %d s,"
          + " pod ready after %d s, poll %d s)%n", replicas, termination, snapshot, efs, ready, poll);
      console.printf("downtime %.1f s against a floor of %d s (+%.1f s, %.0f%%); target floor x 1.1 + one poll = %.1f s: %s%n",
          downtime, floor, downtime - floor, 100.0 * (downtime - floor) / floor, target,
          downtime <= target ? "MET" : "MISSED");
      console.printf("execution %.1f s, %d Lambda invocations, %d state transitions, %d AWS API calls,"
          + " %d Kubernetes API requests; Posit's rule broken: %s%n", run.duration().toMillis() / 1000.0,
          cloud.lambda().totalInvocations(), transitions, cloud.gateway().totalCalls(),
          kubernetes.apiRequests(CLUSTER).size(), kubernetes.upgradeViolations());
      console.println("calls: " + cloud.gateway().callCounts());
      console.println("the downtime, state by state (entered at, seconds after the scale to 0):");
      run.history().stream().filter(e -> e.stateEnteredEventDetails() != null && !e.timestamp().isBefore(down)
          && !e.timestamp().isAfter(up)).forEach(e -> console.printf("  %6.1f  %s%n",
          Duration.between(down, e.timestamp()).toMillis() / 1000.0, e.stateEnteredEventDetails().name()));
      Runs.detail(console, "upgrade", run, down);
      Runs.detailEach(console, "restore point", cloud, "BackupStateMachine", down);
    }
    System.exit(0);
  }
}
