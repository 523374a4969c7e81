package dev.connectha.localcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectha.cli.Cloud;
import dev.connectha.cli.ConnectHa;
import dev.connectha.json.Json;
import dev.connectha.model.Topology;
import dev.connectha.localcloud.twin.KubernetesTwin;
import dev.connectha.localcloud.twin.Twin;
import dev.connectha.localcloud.twin.Violation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code localcloud/run preflight|backup|restore|upgrade|provision|retire|ensure-capacity [--nodes N] [--violate FAULT]...
 * [--input JSON] [--topology ec2|eks]}: starts the local cloud, seeds the twin cluster (for a provision or an
 * ensure-capacity, also ready for a new node: {@link #prepareProvisioning}; with {@code --topology eks}, also the EKS
 * cluster {@value KubernetesTwin#DEMO_CLUSTER} with N pods, which the workflow then runs on), then starts and follows the workflow's real state
 * machine with the operator's command line ({@code connectha <workflow> demo … --follow --local=FILE}),
 * so the demo and the tool are the same code: the console shows its progress and summary, then the
 * AWS API calls through the gateway. Exits with connectha's code: 0 succeeded, 1 failed, 2 bad input, 3 halted.
 */
public final class RunWorkflow {
  private static final List<String> WORKFLOWS = List.of("preflight", "backup", "restore", "upgrade", "provision", "retire",
      "ensure-capacity");
  /** The workflows that have a meaning on the eks topology (there are no instances to provision or retire). */
  private static final List<String> EKS_WORKFLOWS = List.of("preflight", "backup", "restore", "upgrade");
  /** Each workflow's --input fields that are connectha's arguments after the cluster, in their order. */
  private static final Map<String, List<String>> ARGUMENTS = Map.of("retire", List.of("/instanceId"));
  /** Each --input field connectha has an option for (JSON pointer → option); the others are dropped. */
  private static final Map<String, Map<String, String>> OPTIONS = Map.of(
      "preflight", Map.of("/pollSeconds", "--poll-seconds"),
      "backup", options("/mode", "--mode", "/retention/keepLast", "--keep-last", "/retention/keepDaily", "--keep-daily",
          "/retention/keepWeekly", "--keep-weekly", "/retention/keepMonthly", "--keep-monthly", "/drRegion", "--dr-region",
          "/pollSeconds", "--poll-seconds"),
      "restore", options("/setId", "--set-id", "/mode", "--mode", "/dbInstanceClass", "--db-instance-class",
          "/dbSubnetGroup", "--db-subnet-group", "/pollSeconds", "--poll-seconds"),
      "upgrade", options("/targetVersion", "--to", "/options/acceptFindings", "--accept-finding",
          "/options/convergeMixedVersions", "--converge-mixed-versions", "/options/restorePoint", "--restore-point",
          "/options/maintenancePage", "--maintenance-page", "/options/concurrency", "--concurrency",
          "/options/retryBudget", "--retry-budget", "/options/pollSeconds", "--poll-seconds"),
      "provision", options("/az", "--az", "/avoidAzs", "--avoid-az", "/reason", "--reason", "/pollSeconds", "--poll-seconds",
          "/bootSeconds", "--boot-seconds"),
      "retire", options("/force", "--force", "/drainSeconds", "--drain-seconds", "/reason", "--reason",
          "/pollSeconds", "--poll-seconds"),
      "ensure-capacity", options("/desiredNodes", "--desired", "/pollSeconds", "--poll-seconds", "/bootSeconds",
          "--boot-seconds", "/drainSeconds", "--drain-seconds"));

  private RunWorkflow() {}

  public static void main(String[] args) throws Exception {
    PrintStream console = System.out;
    Path log = functionLogsToFile();
    if (args.length == 0 || !WORKFLOWS.contains(args[0])) {
      System.err.println("usage: localcloud/run preflight|backup|restore|upgrade|provision|retire|ensure-capacity"
          + " [--nodes N] [--violate FAULT]... [--input JSON] [--topology ec2|eks]\n"
          + "  faults: " + List.of(Violation.values()) + "\n"
          + "  default inputs: backup {\"mode\":\"cold\"}, upgrade {\"targetVersion\":\"2024.10.0\"},"
          + " restore: the set of a backup run first, provision {\"pollSeconds\":1,\"bootSeconds\":60}"
          + " (the cluster made ready for a new node first), retire {\"instanceId\": the last node,\"force\":true,"
          + "\"drainSeconds\":0,\"pollSeconds\":1}, ensure-capacity {\"desiredNodes\": nodes + 1,\"pollSeconds\":1,"
          + "\"bootSeconds\":60,\"drainSeconds\":0}"
          + " (made ready like provision)");
      System.exit(ConnectHa.BAD_INPUT);
    }
    String workflow = args[0];
    int nodes = 2;
    List<Violation> violations = new ArrayList<>();
    String extra = null;
    Topology topology = Topology.EC2;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--nodes" -> nodes = Integer.parseInt(args[++i]);
        case "--violate" -> violations.add(Violation.valueOf(args[++i]));
        case "--input" -> extra = args[++i];
        case "--topology" -> topology = Topology.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (topology == Topology.EKS && (!EKS_WORKFLOWS.contains(workflow) || !violations.isEmpty())) {
      System.err.println("--topology eks: " + EKS_WORKFLOWS + " only, without --violate (the faults are the EC2 twin's)");
      System.exit(ConnectHa.BAD_INPUT);
    }
    int exit;
    try (LocalCloud cloud = LocalCloud.start()) {
      Twin.Spec spec = cluster(nodes);
      cloud.reset(spec);
      violations.forEach(cloud.twin()::apply);
      if (workflow.equals("provision") || workflow.equals("ensure-capacity")) {
        prepareProvisioning(cloud);
      }
      String cluster = spec.cluster();
      if (topology == Topology.EKS) {
        cluster = cloud.kubernetes().seed(KubernetesTwin.DEMO_CLUSTER, nodes).name();
        console.println("local cloud: moto + gateway on " + cloud.gateway().endpoint() + ", EKS cluster '" + cluster
            + "' with " + nodes + " Connect pod(s), its Kubernetes API on " + cloud.kubernetes().endpoint(cluster)
            + "; connectha --local=" + cloud.connectionFile());
      } else {
        console.println("local cloud: moto + gateway on " + cloud.gateway().endpoint() + ", twin cluster '" + cluster
            + "' with " + nodes + " node(s)" + (violations.isEmpty() ? "" : ", faults " + violations)
            + "; connectha --local=" + cloud.connectionFile());
      }
      Connectha connectha = new Connectha(cloud.connectionFile(), console);
      ObjectNode input = Json.MAPPER.createObjectNode().put("cluster", cluster);
      switch (workflow) {
        case "backup" -> input.put("pollSeconds", 1).put("mode", "cold");
        case "upgrade" -> input.put("targetVersion", "2024.10.0").putObject("options").put("pollSeconds", 1);
        case "provision" -> input.put("pollSeconds", 1).put("bootSeconds", 60);
        // force: the twin's seeded nodes were not launched by connect-ha (no connect-ha:launched-by tag), and
        // retire-node refuses such a node without force; drainSeconds 0: no requests to drain on the twin
        case "retire" -> input.put("instanceId", cloud.twin().node(nodes - 1).instanceId).put("force", true)
            .put("drainSeconds", 0).put("pollSeconds", 1);
        case "ensure-capacity" -> input.put("desiredNodes", nodes + 1).put("pollSeconds", 1).put("bootSeconds", 60)
            .put("drainSeconds", 0);
        default -> input.put("pollSeconds", 1);
      }
      if (extra != null) {
        input.setAll((ObjectNode) Json.MAPPER.readTree(extra));
      }
      if (workflow.equals("restore") && !input.has("setId")) {
        input.put("setId", connectha.newestBackup(input.path("cluster").asText()));
      }
      exit = connectha.run(command(workflow, input, console));
      console.println("function logs: " + log);
      console.println("AWS API calls through the gateway (the functions', the twin's and connectha's): "
          + cloud.gateway().totalCalls() + " " + cloud.gateway().callCounts());
    }
    System.exit(exit);
  }

  /**
   * The functions run in this JVM: their JSON logs go to a file, not the console (their EMF metrics
   * go to the local cloud's EmfAgent, which puts them into moto's CloudWatch).
   */
  static Path functionLogsToFile() throws IOException {
    Path log = Files.createDirectories(Path.of("localcloud/target/localcloud")).resolve("functions.log");
    System.setOut(new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8));
    return log;
  }

  /** The twin's default cluster with {@code nodes} nodes (one node: in one zone). */
  static Twin.Spec cluster(int nodes) {
    Twin.Spec defaults = Twin.Spec.defaults();
    return new Twin.Spec(defaults.cluster(), nodes, nodes == 1 ? defaults.zones().subList(0, 1) : defaults.zones(),
        defaults.connectVersion());
  }

  /**
   * Makes the seeded twin cluster ready for a new node, as an operator does before the first
   * launch: the cluster document already has a subnet in each of the twin's zones (seeding
   * registers them); the shared configuration and the database password are stored and registered
   * ({@link Twin#prepareProvisioning}), and a launched node's SSM agent comes online after a second.
   */
  static void prepareProvisioning(LocalCloud cloud) {
    cloud.redeploy(cloud.twin().prepareProvisioning());
    cloud.twin().bootTime(Duration.ofSeconds(1));
  }

  private static Map<String, String> options(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  /** {@code <workflow> <cluster> [options]} from the workflow's input; what no option carries is named and dropped. */
  static List<String> command(String workflow, ObjectNode input, PrintStream console) {
    List<String> command = new ArrayList<>(List.of(workflow, input.path("cluster").asText()));
    List<String> arguments = ARGUMENTS.getOrDefault(workflow, List.of());
    arguments.forEach(pointer -> command.add(input.at(pointer).asText()));
    Map<String, String> options = OPTIONS.get(workflow);
    List<String> dropped = new ArrayList<>();
    leaves(input, "", (pointer, value) -> {
      if (pointer.equals("/cluster") || arguments.contains(pointer)) {
        return;
      }
      String option = options.get(pointer.replaceFirst("/\\d+$", "")); // an array's items repeat the option
      if (option == null) {
        dropped.add(pointer.substring(1) + "=" + value);
      } else if (value.isBoolean()) {
        if (value.asBoolean()) {
          command.add(option);
        }
      } else {
        command.add(option);
        command.add(value.asText());
      }
    });
    if (!dropped.isEmpty()) {
      console.println("dropped from --input (connectha " + workflow + " has no option for them): " + String.join(", ", dropped));
    }
    return command;
  }

  private interface Leaf {
    void accept(String pointer, JsonNode value);
  }

  private static void leaves(JsonNode node, String pointer, Leaf leaf) {
    if (node.isObject()) {
      node.properties().forEach(f -> leaves(f.getValue(), pointer + "/" + f.getKey(), leaf));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        leaves(node.get(i), pointer + "/" + i, leaf);
      }
    } else {
      leaf.accept(pointer, node);
    }
  }

  /** The operator's command line against this local cloud, in this JVM. */
  private record Connectha(Path connectionFile, PrintStream console) {
    /** Runs {@code connectha args --follow --local=FILE}, printing as in the console; returns its exit code. */
    int run(List<String> args) {
      List<String> line = new ArrayList<>(args);
      line.add("--follow");
      console.println("connectha " + String.join(" ", line));
      return exec(line, console);
    }

    private int exec(List<String> args, PrintStream out) {
      List<String> line = new ArrayList<>(args);
      line.add("--local=" + connectionFile);
      return ConnectHa.run(line.toArray(String[]::new), Cloud::connect, out, System.err, System.console() != null,
          Duration.ofMillis(500));
    }

    /** A restore needs a complete set: {@code connectha backup} (online) first, then the newest set of {@code connectha backups --json}. */
    String newestBackup(String cluster) {
      int backup = run(List.of("backup", cluster, "--poll-seconds", "1"));
      if (backup != 0) {
        throw new IllegalStateException("the backup for the restore ended with exit code " + backup);
      }
      ByteArrayOutputStream listed = new ByteArrayOutputStream();
      int exit = exec(List.of("backups", cluster, "--json"), new PrintStream(listed, true, StandardCharsets.UTF_8));
      try {
        JsonNode sets = Json.MAPPER.readTree(listed.toString(StandardCharsets.UTF_8));
        for (JsonNode set : sets) {
          if (set.path("status").asText().equals("COMPLETE")) {
            console.println("restoring the newest complete set, " + set.path("setId").asText());
            return set.path("setId").asText();
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException("connectha backups --json (exit " + exit + "): " + listed, e);
      }
      throw new IllegalStateException("no complete backup set after the backup: " + listed);
    }
  }
}
