package dev.connectha.localcloud.bench;

import dev.connectha.config.DocumentKind;
import dev.connectha.localcloud.LocalCloud;
import dev.connectha.localcloud.twin.Twin;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Provisioning on the twin. One node (provision-node): from the moment LaunchNode starts to the
 * moment the new node is healthy in the target group, against its floor (the twin's durations: boot
 * until the SSM agent is online + bootstrap + stage + install + start). Then ensure-capacity from one
 * node to N = 2, 5 and 10 (launches in parallel): the execution's duration against the same one-node
 * floor. Each with Lambda invocations, state transitions and AWS API calls.
 * Usage: ProvisionBenchmark [BOOT_S BOOTSTRAP_S STAGE_S INSTALL_S START_S POLL_S]
 */
public final class ProvisionBenchmark {
  private static final List<String> ZONES = List.of("us-east-1a", "us-east-1b", "us-east-1c");

  private ProvisionBenchmark() {}

  /** A cluster of {@code nodes} nodes over three zones, ready for provisioning, with the twin's durations set; counts reset. */
  private static void prepare(LocalCloud cloud, int nodes, int boot, int bootstrap, int stage, int install, int start) {
    cloud.reset(new Twin.Spec("demo", nodes, ZONES, "2024.08.0"));
    cloud.redeploy(cloud.twin().prepareProvisioning());
    cloud.twin().bootTime(Duration.ofSeconds(boot));
    cloud.twin().commandDuration(DocumentKind.BOOTSTRAP_NODE, Duration.ofSeconds(bootstrap));
    cloud.twin().commandDuration(DocumentKind.STAGE_CONNECT, Duration.ofSeconds(stage));
    cloud.twin().commandDuration(DocumentKind.INSTALL_CONNECT, Duration.ofSeconds(install));
    cloud.twin().commandDuration(DocumentKind.START_CONNECT, Duration.ofSeconds(start));
    cloud.gateway().resetCounts();
    cloud.lambda().resetCounts();
  }

  private static long transitions(LocalCloud.Execution run) {
    return run.history().stream().filter(e -> e.stateEnteredEventDetails() != null).count();
  }

  public static void main(String[] args) throws Exception {
    PrintStream console = Runs.console();
    int boot = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int bootstrap = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int stage = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int install = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    int start = args.length > 4 ? Integer.parseInt(args[4]) : 4;
    int poll = args.length > 5 ? Integer.parseInt(args[5]) : 1;
    int floor = boot + bootstrap + stage + install + start;
    try (LocalCloud cloud = LocalCloud.start()) {
      prepare(cloud, 2, boot, bootstrap, stage, install, start);
      LocalCloud.Execution run = cloud.run("ProvisionNodeStateMachine",
          "{\"cluster\":\"demo\",\"pollSeconds\":" + poll + ",\"reason\":\"benchmark\"}", "provision-node-bench-" + UUID.randomUUID(),
          Duration.ofMinutes(10));
      if (!run.succeeded()) {
        throw new IllegalStateException("provisioning failed: " + run.error() + ": " + run.cause());
      }
      Instant launched = Runs.entered(run, "LaunchNode");
      Instant healthy = Instant.parse(run.output().path("healthyAt").asText());
      double toHealthy = Duration.between(launched, healthy).toMillis() / 1000.0;
      console.printf("provision-node on the twin (2 nodes; boot %d s, bootstrap %d s, stage %d s, install %d s, start %d s, poll %d s)%n",
          boot, bootstrap, stage, install, start, poll);
      console.printf("launch to healthy %.1f s against a floor of %d s (%.2f x the floor; target floor x 1.1 + one poll = %.1f s)%n",
          toHealthy, floor, toHealthy / floor, floor * 1.1 + poll);
      StringBuilder steps = new StringBuilder("steps:");
      for (String state : List.of("PlanProvision", "AcquireLock", "LaunchNode", "AwaitNodeOnline", "BootstrapNode", "StageVersion",
          "InstallAndServe")) {
        steps.append(String.format(" %s %.1f s", state,
            Duration.between(Runs.entered(run, state), Runs.exited(run, state)).toMillis() / 1000.0));
      }
      Runs.detail(console, "provision", run, launched);
      Runs.detailEach(console, "install", cloud, "InstallNodeStateMachine", launched);
      console.println(steps + " (InstallAndServe: install + start + the peer check + register + healthy, in the child)");
      console.printf("execution %.1f s, %d Lambda invocations, %d state transitions (this execution's), %d AWS API calls%n",
          run.duration().toMillis() / 1000.0, cloud.lambda().totalInvocations(), transitions(run), cloud.gateway().totalCalls());
      console.println("calls: " + cloud.gateway().callCounts());
      for (int n : List.of(2, 5, 10)) {
        prepare(cloud, 1, boot, bootstrap, stage, install, start);
        LocalCloud.Execution grow = cloud.run("EnsureCapacityStateMachine", "{\"cluster\":\"demo\",\"desiredNodes\":" + n
            + ",\"pollSeconds\":" + poll + "}", "ensure-capacity-bench-" + UUID.randomUUID(), Duration.ofMinutes(20));
        if (!grow.succeeded()) {
          throw new IllegalStateException("ensure-capacity to " + n + " failed: " + grow.error() + ": " + grow.cause());
        }
        double took = Duration.between(Runs.entered(grow, "LaunchNodes"), Runs.exited(grow, "LaunchNodes")).toMillis() / 1000.0;
        console.printf("ensure-capacity 1 -> %d nodes: launches %.1f s (%.2f x one node's floor of %d s), execution %.1f s,"
                + " %d Lambda invocations, %d parent state transitions, %d AWS API calls%n", n, took, took / floor, floor,
            grow.duration().toMillis() / 1000.0, cloud.lambda().totalInvocations(), transitions(grow), cloud.gateway().totalCalls());
      }
    }
    System.exit(0);
  }
}
