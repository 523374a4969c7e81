package dev.connectha.localcloud.bench;

import dev.connectha.json.Json;
import dev.connectha.localcloud.LocalCloud;
import dev.connectha.localcloud.twin.Twin;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Provisioning one node on the twin: from the moment LaunchNode starts to the moment the new node
 * is healthy in the target group, against its floor (the twin's durations: boot until the SSM agent
 * is online + bootstrap + stage + install + start). Also prints the execution's total duration,
 * Lambda invocations, state transitions and AWS API calls.
 * Usage: ProvisionBenchmark [BOOT_S BOOTSTRAP_S STAGE_S INSTALL_S START_S POLL_S]
 */
public final class ProvisionBenchmark {
  private static final List<String> ZONES = List.of("us-east-1a", "us-east-1b", "us-east-1c");

  private ProvisionBenchmark() {}

  public static void main(String[] args) throws Exception {
    PrintStream console = Runs.console();
    int boot = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int bootstrap = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int stage = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int install = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    int start = args.length > 4 ? Integer.parseInt(args[4]) : 4;
    int poll = args.length > 5 ? Integer.parseInt(args[5]) : 1;
    try (LocalCloud cloud = LocalCloud.start()) {
      cloud.reset(new Twin.Spec("demo", 2, ZONES.subList(0, 2), "2024.08.0"));
      Map<String, String> subnets = new TreeMap<>();
      cloud.clients().ec2.describeSubnets().subnets().stream().filter(s -> ZONES.contains(s.availabilityZone()))
          .forEach(s -> subnets.putIfAbsent(s.availabilityZone(), s.subnetId()));
      cloud.redeploy(Map.of("SubnetsByAz", Json.MAPPER.writeValueAsString(subnets)));
      cloud.redeploy(cloud.twin().prepareProvisioning());
      cloud.twin().bootTime(Duration.ofSeconds(boot));
      cloud.twin().commandDuration("ConnectHa-BootstrapNode", Duration.ofSeconds(bootstrap));
      cloud.twin().commandDuration("ConnectHa-StageConnect", Duration.ofSeconds(stage));
      cloud.twin().commandDuration("ConnectHa-InstallConnect", Duration.ofSeconds(install));
      cloud.twin().commandDuration("ConnectHa-StartConnect", Duration.ofSeconds(start));
      cloud.gateway().resetCounts();
      LocalCloud.Execution run = cloud.run("ProvisionNodeStateMachine",
          "{\"cluster\":\"demo\",\"pollSeconds\":" + poll + ",\"reason\":\"benchmark\"}", "provision-node-bench-" + UUID.randomUUID(),
          Duration.ofMinutes(10));
      if (!run.succeeded()) {
        throw new IllegalStateException("provisioning failed: " + run.error() + ": " + run.cause());
      }
      Instant launched = Runs.entered(run, "LaunchNode");
      Instant healthy = Instant.parse(run.output().path("healthyAt").asText());
      Instant served = Runs.exited(run, "InstallAndServe");
      double toHealthy = Duration.between(launched, healthy).toMillis() / 1000.0;
      int floor = boot + bootstrap + stage + install + start;
      long transitions = run.history().stream().filter(e -> e.stateEnteredEventDetails() != null).count();
      console.printf("provision-node on the twin (2 nodes; boot %d s, bootstrap %d s, stage %d s, install %d s, start %d s, poll %d s)%n",
          boot, bootstrap, stage, install, start, poll);
      console.printf("launch to healthy %.1f s against a floor of %d s (%.2f x the floor; target floor x 1.1 + one poll = %.1f s)%n",
          toHealthy, floor, toHealthy / floor, floor * 1.1 + poll);
      console.printf("launch to the child's end %.1f s; execution %.1f s, %d Lambda invocations, %d state transitions (this"
              + " execution's), %d AWS API calls%n", Duration.between(launched, served).toMillis() / 1000.0,
          run.duration().toMillis() / 1000.0, cloud.lambda().totalInvocations(), transitions, cloud.gateway().totalCalls());
      console.println("calls: " + cloud.gateway().callCounts());
    }
    System.exit(0);
  }
}
