package dev.connectha.localcloud;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.localcloud.twin.Twin;
import dev.connectha.localcloud.twin.Violation;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectha.json.Json;

/**
 * {@code localcloud/run preflight|backup|restore|upgrade [--nodes N] [--violate FAULT]... [--input JSON]}:
 * starts the local cloud,
 * seeds the twin cluster, runs the workflow's real state machine and prints what the operator
 * would read: the published summary, then the execution's status. Exits 0 when the execution
 * succeeded (whatever the findings), 1 when it failed.
 */
public final class RunWorkflow {
  private RunWorkflow() {}

  public static void main(String[] args) throws Exception {
    // The functions run in this JVM: their JSON logs and EMF metrics go to a file, not the console.
    PrintStream console = System.out;
    Path log = Files.createDirectories(Path.of("localcloud/target/localcloud")).resolve("functions.log");
    System.setOut(new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8));
    Map<String, String> stateMachines = Map.of("preflight", "PreflightStateMachine", "backup", "BackupStateMachine",
        "restore", "RestoreStateMachine", "upgrade", "RollingUpgradeStateMachine");
    if (args.length == 0 || !stateMachines.containsKey(args[0])) {
      System.err.println("usage: localcloud/run preflight|backup|restore|upgrade [--nodes N] [--violate FAULT]... [--input JSON]\n"
          + "  faults: " + List.of(Violation.values()) + "\n"
          + "  default inputs: backup {\"mode\":\"cold\"}, upgrade {\"targetVersion\":\"2024.10.0\"},"
          + " restore: the set of a backup run first");
      System.exit(2);
    }
    String workflow = args[0];
    int nodes = 2;
    List<Violation> violations = new ArrayList<>();
    String extra = null;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--nodes" -> nodes = Integer.parseInt(args[++i]);
        case "--violate" -> violations.add(Violation.valueOf(args[++i]));
        case "--input" -> extra = args[++i];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    int exit;
    try (LocalCloud cloud = LocalCloud.start()) {
      Twin.Spec defaults = Twin.Spec.defaults();
      Twin.Spec spec = new Twin.Spec(defaults.cluster(), nodes, nodes == 1 ? defaults.zones().subList(0, 1) : defaults.zones(),
          defaults.connectVersion());
      cloud.reset(spec);
      violations.forEach(cloud.twin()::apply);
      console.println("local cloud: moto + gateway on " + cloud.gateway().endpoint() + ", twin cluster '" + spec.cluster()
          + "' with " + nodes + " node(s)" + (violations.isEmpty() ? "" : ", faults " + violations));
      ObjectNode input = Json.MAPPER.createObjectNode().put("cluster", spec.cluster()).put("pollSeconds", 1);
      switch (workflow) {
        case "backup" -> input.put("mode", "cold");
        case "upgrade" -> input.put("targetVersion", "2024.10.0").putObject("options").put("pollSeconds", 1);
        case "restore" -> input.put("setId", firstBackup(cloud, spec.cluster(), console));
        default -> { }
      }
      if (extra != null) {
        input.setAll((ObjectNode) Json.MAPPER.readTree(extra));
      }
      console.println(workflow + " " + input);
      LocalCloud.Execution run = cloud.run(stateMachines.get(workflow), input.toString(), workflow + "-" + spec.cluster() + "-cli",
          Duration.ofMinutes(10));
      console.println();
      cloud.notifications().forEach(console::println);
      console.println("execution " + run.status() + " in " + run.duration().toMillis() + " ms"
          + (run.succeeded() ? "" : ": " + run.error() + ": " + run.cause() + "\nlast states: " + run.lastStates(6)));
      if (run.succeeded() && workflow.equals("preflight")) {
        JsonNode out = run.output();
        console.println("verdict " + out.path("verdict").asText() + ": " + out.path("passed").asInt() + " pass, "
            + out.path("warned").asInt() + " warn, " + out.path("failed").asInt() + " fail " + out.path("failedRules"));
      }
      console.println("function logs and EMF metrics: " + log);
      console.println("AWS API calls through the gateway: " + cloud.gateway().totalCalls() + " "
          + cloud.gateway().callCounts());
      exit = run.succeeded() ? 0 : 1;
    }
    System.exit(exit);
  }

  /** A restore needs a complete set: take an online backup first. */
  private static String firstBackup(LocalCloud cloud, String cluster, PrintStream console) {
    LocalCloud.Execution backup = cloud.run("BackupStateMachine", "{\"cluster\":\"" + cluster + "\",\"pollSeconds\":1}",
        "backup-" + cluster + "-cli", Duration.ofMinutes(5));
    console.println("backup for the restore: " + backup.status() + " " + backup.output());
    cloud.notifications();
    return backup.output().path("setId").asText();
  }
}
