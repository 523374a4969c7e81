package dev.connectha.localcloud.bench;

import dev.connectha.config.DocumentKind;
import dev.connectha.localcloud.LocalCloud;
import dev.connectha.localcloud.twin.JobType;
import dev.connectha.localcloud.twin.Twin;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Cold-backup downtime on the twin: from the moment StopRunningNodes starts to the moment
 * StartStoppedNodes has every node answering {@code /__ping__} again, against its floor (the twin's
 * durations: stop + the slower of snapshot and EFS backup + start). Also prints the execution's
 * total duration, Lambda invocations, state transitions and AWS API calls.
 * Usage: BackupBenchmark [STOP_S SNAPSHOT_S EFS_BACKUP_S START_S POLL_S]
 */
public final class BackupBenchmark {
  private BackupBenchmark() {}

  public static void main(String[] args) throws Exception {
    PrintStream console = Runs.console();
    int stop = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int snapshot = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    int efs = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    int start = args.length > 3 ? Integer.parseInt(args[3]) : 4;
    int poll = args.length > 4 ? Integer.parseInt(args[4]) : 1;
    try (LocalCloud cloud = LocalCloud.start()) {
      cloud.reset(Twin.Spec.defaults());
      cloud.twin().commandDuration(DocumentKind.STOP_CONNECT, Duration.ofSeconds(stop));
      cloud.twin().commandDuration(DocumentKind.START_CONNECT, Duration.ofSeconds(start));
      cloud.twin().backups().duration(JobType.DB_SNAPSHOT, Duration.ofSeconds(snapshot));
      cloud.twin().backups().duration(JobType.BACKUP, Duration.ofSeconds(efs));
      cloud.gateway().resetCounts();
      LocalCloud.Execution run = cloud.run("BackupStateMachine",
          "{\"cluster\":\"demo\",\"mode\":\"cold\",\"pollSeconds\":" + poll + "}", "backup-demo-bench-" + UUID.randomUUID(),
          Duration.ofMinutes(10));
      if (!run.succeeded()) {
        throw new IllegalStateException("the backup failed: " + run.error() + ": " + run.cause());
      }
      Instant down = Runs.entered(run, "StopRunningNodes");
      Instant up = Runs.exited(run, "StartStoppedNodes");
      double downtime = Duration.between(down, up).toMillis() / 1000.0;
      int floor = stop + Math.max(snapshot, efs) + start;
      long transitions = run.history().stream().filter(e -> e.stateEnteredEventDetails() != null).count();
      console.printf("cold backup on the twin (2 nodes; stop %d s, RDS snapshot %d s, EFS backup %d s, start %d s, poll %d s)%n",
          stop, snapshot, efs, start, poll);
      console.printf("downtime %.1f s against a floor of %d s (+%.1f s, %.0f%%; allowance one poll per wait: %d s)%n",
          downtime, floor, downtime - floor, 100.0 * (downtime - floor) / floor, 3 * poll);
      console.printf("execution %.1f s, %d Lambda invocations, %d state transitions, %d AWS API calls%n",
          run.duration().toMillis() / 1000.0, cloud.lambda().totalInvocations(), transitions, cloud.gateway().totalCalls());
      console.println("calls: " + cloud.gateway().callCounts());
    }
    System.exit(0);
  }
}
