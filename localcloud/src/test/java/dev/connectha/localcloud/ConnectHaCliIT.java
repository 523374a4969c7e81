package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.cli.Cloud;
import dev.connectha.aws.DynamoDbIncidents;
import dev.connectha.cli.ConnectHa;
import dev.connectha.config.Config;
import dev.connectha.errors.ErrorNames;
import dev.connectha.json.Json;
import dev.connectha.localcloud.twin.Twin;
import dev.connectha.model.remediation.Incident;
import dev.connectha.model.remediation.IncidentKind;
import dev.connectha.ports.Incidents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator's command line, run in-process against the local cloud as an operator would run it
 * with {@code --local}: status, a preflight for scripts (--json), a cold backup followed to its end, the backup sets, a rolling
 * upgrade of a 2-node twin cluster followed through its phases and downtime, the history, a
 * node provisioned into a cluster made ready for it, the open incidents in the status, and an
 * execution started elsewhere followed.
 */
@ExtendWith(LocalCloudExtension.class)
class ConnectHaCliIT {
  private static final String FROM = "2024.08.0";
  private static final String TO = "2024.10.0";
  private final LocalCloud cloud;
  private Path connection;

  ConnectHaCliIT(LocalCloud cloud) {
    this.cloud = cloud;
  }

  /** What one command printed, and its exit code. */
  private record Run(int exit, String out, String err) {
    JsonNode json() {
      try {
        return Json.MAPPER.readTree(out);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + out, e);
      }
    }
  }

  private Run connectha(String... args) {
    return connectha(false, args);
  }

  /** Runs {@code connectha args} as in a terminal ({@code terminal}) or with its output piped. */
  private Run connectha(boolean terminal, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> line = new ArrayList<>(List.of(args));
    line.add("--local=" + connection);
    int exit = ConnectHa.run(line.toArray(String[]::new), Cloud::connect, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), terminal, Duration.ofMillis(200));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** A 2-node twin cluster; its deployment writes the connection file {@code connectha --local} reads. */
  private void cluster() {
    Twin.Spec d = Twin.Spec.defaults();
    cloud.reset(new Twin.Spec(d.cluster(), 2, d.zones(), FROM).withAutoScalingGroup());
    connection = cloud.connectionFile();
  }

  /** A 2-node twin cluster without an Auto Scaling group (which would replace a retired node). */
  private void clusterOfTwoNodes() {
    Twin.Spec d = Twin.Spec.defaults();
    cloud.reset(new Twin.Spec(d.cluster(), 2, d.zones(), FROM));
    connection = cloud.connectionFile();
  }

  /** A 2-node twin cluster made ready for a new node, as {@code localcloud/run provision} makes it. */
  private void clusterReadyForProvisioning() {
    clusterOfTwoNodes();
    RunWorkflow.prepareProvisioning(cloud);
    connection = cloud.connectionFile();
  }

  /** The command followed {@code workflow}'s execution for cluster demo to success. */
  private static void assertSucceeded(Run run, String workflow) {
    assertEquals(0, run.exit(), run.out() + run.err());
    assertTrue(run.out().startsWith("started " + workflow + "-demo-"), run.out());
  }

  /** The command printed each of {@code shown}; what it printed is kept in the failsafe report, as the operator reads it. */
  private static void assertShows(Run run, String... shown) {
    Stream.of(shown).forEach(s -> assertTrue(run.out().contains(s), s + " in\n" + run.out()));
    System.out.println(run.out());
  }

  /** The nodes {@code connectha status --json} lists, in every zone. */
  private List<JsonNode> nodesInStatus(JsonNode status) {
    List<JsonNode> nodes = new ArrayList<>();
    status.path("nodesByAz").forEach(zone -> zone.forEach(nodes::add));
    return nodes;
  }

  @Test
  void anOperatorSeesTheClusterBacksItUpUpgradesItAndReadsTheHistory() {
    cluster();

    Run status = connectha("status", "demo");
    assertEquals(0, status.exit(), status.err());
    assertTrue(status.out().contains("connect   schema " + FROM + ", nodes " + FROM + ", registered " + FROM), status.out());
    assertEquals(2, status.out().lines().filter(l -> l.matches("  us-east-1[a-z]  i-\\S+  running  healthy")).count(),
        status.out());
    assertTrue(status.out().contains("lock      free"), status.out());
    assertTrue(status.out().contains("backup    no complete backup set"), status.out());

    Run preflight = connectha("preflight", "demo", "--poll-seconds", "1", "--follow", "--json");
    assertEquals(0, preflight.exit(), preflight.out() + preflight.err());
    JsonNode checked = preflight.json();
    assertEquals("succeeded", checked.path("outcome").asText(), checked.toString());
    assertEquals("PASS", checked.at("/output/verdict").asText(), checked.toString());
    assertTrue(checked.path("subject").asText().contains("preflight demo: PASS"), checked.toString());
    assertTrue(checked.path("states").size() > 3, checked.toString());

    Run backup = connectha("backup", "demo", "--mode", "cold", "--poll-seconds", "1", "--follow");
    assertEquals(0, backup.exit(), backup.out() + backup.err());
    assertTrue(backup.out().startsWith("started backup-demo-"), backup.out());
    Stream.of("-> StopRunningNodes", "<- StartBackupSet (", "-> StartStoppedNodes", "execution SUCCEEDED in ")
        .forEach(s -> assertTrue(backup.out().contains(s), s + " in\n" + backup.out()));
    assertTrue(backup.out().contains("COMPLETE"), backup.out());

    Run backups = connectha("backups", "demo", "--json");
    assertEquals(0, backups.exit(), backups.err());
    assertEquals(1, backups.json().size(), backups.out());
    String setId = backups.json().get(0).path("setId").asText();
    assertEquals("COMPLETE", backups.json().get(0).path("status").asText());
    Run table = connectha("backups", "demo");
    assertTrue(table.out().lines().anyMatch(l -> l.startsWith(setId) && l.contains("COMPLETE") && l.contains("COLD")
        && l.contains(FROM)), table.out());

    Run upgrade = connectha("upgrade", "demo", "--to", TO, "--poll-seconds", "1", "--follow");
    assertEquals(0, upgrade.exit(), upgrade.out() + upgrade.err());
    List<String> phases = upgrade.out().lines().filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\d == .*"))
        .map(l -> l.substring(12)).toList();
    assertEquals(List.of("preflight", "stage", "stop", "restore point", "first node", "the rest", "verify", "report"), phases,
        upgrade.out());
    assertTrue(upgrade.out().contains("!! downtime starts"), upgrade.out());
    assertTrue(upgrade.out().lines().anyMatch(l -> l.matches(".* !! downtime ends after [0-9.]+s: the first upgraded node serves")),
        upgrade.out());
    assertTrue(upgrade.out().contains("UPGRADED"), upgrade.out());
    assertTrue(upgrade.out().contains("execution SUCCEEDED in "), upgrade.out());
    assertTrue(upgrade.out().contains(", downtime "), upgrade.out());
    System.out.println(upgrade.out()); // what the operator reads, kept in the failsafe report

    JsonNode after = connectha("status", "demo", "--json").json();
    assertEquals(TO, after.at("/connectVersion/schema").asText(), after.toString());
    assertEquals(TO, after.at("/connectVersion/nodes").asText(), after.toString());
    assertEquals(FROM, after.at("/connectVersion/registered").asText(), after.toString());
    assertTrue(after.path("lock").isNull(), after.toString());
    assertEquals("SUCCEEDED", after.at("/lastRuns/rolling-upgrade/status").asText(), after.toString());
    assertEquals("SUCCEEDED", after.at("/lastRuns/backup/status").asText(), after.toString());
    assertEquals("SUCCEEDED", after.at("/lastRuns/preflight/status").asText(), after.toString());
    assertTrue(after.at("/lastRuns/restore").isNull(), after.toString());
    // the upgrade's cold restore point, taken while every node was stopped on the old version, is the newest set now
    assertTrue(!setId.equals(after.at("/newestCompleteBackup/setId").asText())
        && after.at("/newestCompleteBackup/mode").asText().equals("COLD")
        && after.at("/newestCompleteBackup/connectVersion").asText().equals(FROM), after.toString());
    after.at("/nodesByAz").forEach(zone -> zone.forEach(n -> assertEquals("healthy", n.path("targetHealth").asText())));

    Run history = connectha("history", "demo");
    assertEquals(0, history.exit(), history.err());
    List<String> rows = history.out().lines().skip(1).toList();
    assertEquals(3, rows.size(), history.out());
    assertTrue(rows.get(0).contains("rolling-upgrade") && rows.get(0).contains("SUCCEEDED"), history.out());
    assertTrue(rows.get(1).contains("backup") && rows.get(1).contains("SUCCEEDED"), history.out());
    assertTrue(rows.get(2).contains("preflight") && rows.get(2).contains("SUCCEEDED"), history.out());
    JsonNode historyJson = connectha("history", "demo", "--json").json();
    assertTrue(historyJson.get(0).path("seconds").asDouble() > 0, historyJson.toString());
  }

  @Test
  void aHaltedUpgradeExitsThreeAndInATerminalTheStatusLineShowsTheDowntimeClock() {
    cluster();
    // the second node's start fails for good, after the first node migrated the schema: the upgrade halts forward
    cloud.gateway().injectFunctionError("connect-ha-RunNodeCommand", ErrorNames.UNSAFE_TO_PROCEED, 5, 1);

    Run upgrade = connectha(true, "upgrade", "demo", "--to", TO, "--retry-budget", "0", "--poll-seconds", "1", "--follow");

    assertEquals(3, upgrade.exit(), upgrade.out() + upgrade.err());
    assertTrue(upgrade.out().contains("HALTED"), upgrade.out());
    assertTrue(upgrade.out().contains("execution FAILED (halted)"), upgrade.out());
    // the status line is rewritten in place, and while every node is stopped it runs the downtime clock
    assertTrue(upgrade.out().contains("\r\033[2K[stop] ") || upgrade.out().contains("\r\033[2K[restore point] "), upgrade.out());
    assertTrue(upgrade.out().contains("\033[1;31mDOWN "), upgrade.out());
    assertTrue(upgrade.out().contains("!! downtime ends after"), upgrade.out());
  }

  @Test
  void whatTheWorkflowRefusesOrCannotFindIsANamedLineAndANonZeroExit() {
    cluster();

    Run downgrade = connectha("upgrade", "demo", "--to", "2024.06.0", "--follow");
    assertEquals(2, downgrade.exit(), downgrade.out() + downgrade.err());
    assertTrue(downgrade.out().contains("dev.connectha.errors.InvalidInputException"), downgrade.out());

    for (String command : List.of("backup", "status", "backups", "history")) {
      Run unknown = connectha(command, "nope");
      assertEquals(2, unknown.exit(), command);
      assertTrue(unknown.err().startsWith("dev.connectha.errors.ClusterNotFoundException: "), command + ": " + unknown.err());
      assertEquals(1, unknown.err().lines().count(), unknown.err());
    }

    Run noStack = connectha("status", "demo", "--stack", "other");
    assertEquals(1, noStack.exit());
    assertEquals(List.of("dev.connectha.errors.PreconditionFailedException: the local cloud has no stack 'other' (--debug for details)"),
        noStack.err().lines().toList());

    Run missing = connectha("follow", "backup-demo-20200101T000000Z");
    assertEquals(2, missing.exit(), missing.out() + missing.err());
    assertEquals(List.of("dev.connectha.errors.InvalidInputException: no execution 'backup-demo-20200101T000000Z' of workflow"
        + " backup in stack 'connect-ha' (connectha history CLUSTER lists them) (--debug for details)"),
        missing.err().lines().toList());
    assertEquals("", missing.out());

    assertEquals(List.of(), connectha("history", "demo", "--json").json().findValuesAsText("name").stream()
        .filter(n -> n.startsWith("backup-")).toList(), "the refused commands started nothing");
  }

  @Test
  void statusShowsTheOpenIncidentsAndFollowAttachesToABackupAnotherCommandStarted() {
    cluster();
    // GIVEN remediation's items, written through its own adapter: an open incident of demo reported twice, a closed one,
    // and another cluster's
    Incidents incidents = new DynamoDbIncidents(cloud.clients().dynamodb,
        Config.from(cloud.environmentOf("OpenIncidentFunction")));
    String node = cloud.twin().node(1).instanceId;
    Instant since = Instant.now().minusSeconds(90).truncatedTo(ChronoUnit.SECONDS);
    Instant expires = since.plus(Duration.ofDays(1));
    Incident dead = new Incident("demo", IncidentKind.NODE_DEAD, node, since);
    String remediation = "demo-" + node + "-20261130T220100Z";
    assertTrue(incidents.open(dead, remediation, expires));
    assertFalse(incidents.open(dead, remediation, expires), "the second event counts on the open incident");
    incidents.markStarted(dead.key());
    Incident zone = new Incident("demo", IncidentKind.AZ_IMPAIRED, "us-east-1b", since);
    assertTrue(incidents.open(zone, "demo-us-east-1b-20261130T220100Z", expires));
    assertTrue(incidents.close(zone.key(), "demo-us-east-1b-20261130T220100Z", "resolved", Instant.now(), expires));
    assertTrue(incidents.open(new Incident("other", IncidentKind.CLUSTER_DOWN, "cluster", since), "other-cluster-x", expires));

    Run status = connectha("status", "demo");
    assertEquals(0, status.exit(), status.err());
    assertShows(status, "incidents 1 open", "remediate        never");
    assertEquals(1, status.out().lines().filter(l -> l.startsWith("  node-dead     " + node + " since ")
        && l.endsWith("  2 events  remediate " + remediation)).count(), status.out());
    JsonNode json = connectha("status", "demo", "--json").json();
    JsonNode open = json.path("openIncidents");
    assertEquals(1, open.size(), json.toString());
    assertEquals("node-dead", open.get(0).path("kind").asText());
    assertEquals(node, open.get(0).path("subject").asText());
    assertEquals(since.toString(), open.get(0).path("since").asText());
    assertEquals(2, open.get(0).path("events").asInt());
    assertEquals(remediation, open.get(0).path("execution").asText());
    assertTrue(open.get(0).path("started").asBoolean(), json.toString());
    assertTrue(json.at("/lastRuns/remediate").isNull(), json.toString());

    // WHEN a backup started without --follow (its jobs take seconds) is followed by name from another command
    cloud.twin().backups().durations(Duration.ofSeconds(4));
    Run started = connectha("backup", "demo", "--poll-seconds", "1", "--json");
    assertEquals(0, started.exit(), started.out() + started.err());
    String name = started.json().path("name").asText();
    Run followed = connectha("follow", name);

    // THEN it attached while it ran, showed its states and summary, and exits with its outcome
    assertEquals(0, followed.exit(), followed.out() + followed.err());
    assertShows(followed, "following " + name + " (RUNNING)", "-> StartBackupSet", "COMPLETE", "execution SUCCEEDED in ");
    // an ended execution, by its ARN, for scripts: the same outcome at once
    Run again = connectha("follow", started.json().path("executionArn").asText(), "--json");
    assertEquals(0, again.exit(), again.out() + again.err());
    assertEquals(started.json().path("executionArn").asText(), again.json().path("executionArn").asText());
    assertEquals("succeeded", again.json().path("outcome").asText(), again.out());
    assertEquals(0, again.json().path("exitCode").asInt(), again.out());
  }

  @Test
  void anOperatorProvisionsANodeThatJoinsTheClusterHealthyOnTheSchemasVersion() {
    clusterReadyForProvisioning();

    Run provision = connectha("provision", "demo", "--reason", "more capacity", "--poll-seconds", "1", "--boot-seconds", "30",
        "--follow");

    assertSucceeded(provision, "provision-node");
    List<String> launched = cloud.twin().launchedInstances();
    assertEquals(1, launched.size(), launched.toString());
    assertShows(provision, "-> PlanProvision", "<- LaunchNode (", "<- BootstrapNode (", "<- InstallAndServe (", "-> ReleaseLock",
            "has a new node: " + launched.get(0) + " in us-east-1", "on Connect " + FROM, "Reason: more capacity",
            "execution SUCCEEDED in ");

    JsonNode after = connectha("status", "demo", "--json").json();
    List<JsonNode> nodes = nodesInStatus(after);
    assertEquals(3, nodes.size(), after.toString());
    nodes.forEach(n -> assertEquals("healthy", n.path("targetHealth").asText(), after.toString()));
    assertTrue(nodes.stream().anyMatch(n -> n.path("instanceId").asText().equals(launched.get(0))), after.toString());
    assertTrue(after.path("lock").isNull(), after.toString());
    assertEquals("SUCCEEDED", after.at("/lastRuns/provision-node/status").asText(), after.toString());
  }

  @Test
  void aZoneThatIsNotTheClustersIsRefusedWithExitTwoAndNothingIsLaunched() {
    clusterReadyForProvisioning();

    Run provision = connectha("provision", "demo", "--az", "us-east-1z", "--follow");

    assertEquals(2, provision.exit(), provision.out() + provision.err());
    assertEquals(List.of("dev.connectha.errors.InvalidInputException: --az us-east-1z is not a zone of cluster demo"
        + " (its subnetsByAz: us-east-1a, us-east-1b) (--debug for details)"), provision.err().lines().toList());
    assertEquals(List.of(), cloud.twin().launchedInstances());
    assertEquals(List.of(), connectha("history", "demo", "--json").json().findValuesAsText("name"), "nothing was started");
  }

  @Test
  void anOperatorRetiresANodeConnectHaDidNotLaunchAndTheOtherKeepsServing() {
    clusterOfTwoNodes();
    String retired = cloud.twin().node(1).instanceId;
    String kept = cloud.twin().node(0).instanceId;

    Run retire = connectha("retire", "demo", retired, "--force", "--drain-seconds", "0", "--follow");

    assertSucceeded(retire, "retire-node");
    assertShows(retire, "-> PlanRetire", "<- DeregisterNode (", "<- StopConnect (", "<- TerminateNode (", "-> ReleaseLock",
            "Node " + retired + " of Connect cluster demo", "drained for 0 s", "1 node(s) stay healthy",
            "execution SUCCEEDED in ");

    JsonNode after = connectha("status", "demo", "--json").json();
    assertEquals(List.of(kept), nodesInStatus(after).stream().map(n -> n.path("instanceId").asText()).toList(),
        after.toString());
    assertEquals("healthy", nodesInStatus(after).get(0).path("targetHealth").asText(), after.toString());
    assertTrue(after.path("lock").isNull(), after.toString());
    assertEquals("SUCCEEDED", after.at("/lastRuns/retire-node/status").asText(), after.toString());
  }

  @Test
  void anInstanceThatIsNotANodeOfTheClusterIsRefusedWithExitTwoAndNothingIsRetired() {
    clusterOfTwoNodes();
    String nodes = String.join(", ", cloud.twin().nodes().stream().map(n -> n.instanceId).sorted().toList());

    Run retire = connectha("retire", "demo", "i-0123456789abcdef0", "--force", "--follow");

    assertEquals(2, retire.exit(), retire.out() + retire.err());
    assertEquals(List.of("dev.connectha.errors.InvalidInputException: i-0123456789abcdef0 is not a node of cluster demo"
        + " (its nodes: " + nodes + ") (--debug for details)"), retire.err().lines().toList());
    assertEquals(List.of(), connectha("history", "demo", "--json").json().findValuesAsText("name"), "nothing was started");
    assertEquals(2, nodesInStatus(connectha("status", "demo", "--json").json()).size());
    cloud.twin().nodes().forEach(n -> assertTrue(n.serviceActive, n.instanceId + " still serves"));
  }

  @Test
  void anOperatorGrowsATwoNodeClusterToThreeWithEnsureCapacity() {
    clusterReadyForProvisioning();

    Run ensure = connectha("ensure-capacity", "demo", "--desired", "3", "--follow");

    assertSucceeded(ensure, "ensure-capacity");
    List<String> launched = cloud.twin().launchedInstances();
    assertEquals(1, launched.size(), launched.toString());
    assertShows(ensure, "-> PlanCapacity", "<- LaunchNodes (", "-> ReleaseLock", "Connect cluster demo has 3 nodes (it had 2)",
            launched.get(0), "execution SUCCEEDED in ");

    JsonNode after = connectha("status", "demo", "--json").json();
    List<JsonNode> nodes = nodesInStatus(after);
    assertEquals(3, nodes.size(), after.toString());
    nodes.forEach(n -> assertEquals("healthy", n.path("targetHealth").asText(), after.toString()));
    assertTrue(after.path("lock").isNull(), after.toString());
    assertEquals("SUCCEEDED", after.at("/lastRuns/ensure-capacity/status").asText(), after.toString());
  }

  // ---- a real terminal (tmux) and a pipe: the launcher as an operator runs it ----------------

  /** Runs the launcher with its output piped, as a script would. */
  private Run piped(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(cloud.root().resolve("cli/connectha").toString()));
    command.addAll(List.of(args));
    command.add("--local=" + connection);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(5, java.util.concurrent.TimeUnit.MINUTES), "connectha did not end: " + out);
    return new Run(process.exitValue(), out, "");
  }

  @Test
  void pipedTheLauncherPrintsPlainTimestampedLines() throws Exception {
    cluster();

    Run piped = piped("preflight", "demo", "--follow");

    assertEquals(0, piped.exit(), piped.out());
    assertFalse(piped.out().contains("\033"), "piped output has no terminal control sequence: " + piped.out());
    assertTrue(piped.out().contains("execution SUCCEEDED"), piped.out());
    assertTrue(piped.out().lines().anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d .*")), "timestamped lines: " + piped.out());
  }

  /** tmux on this machine's own server socket, so that a test never meets a user's sessions. */
  private static String tmux(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("tmux", "-L", "connectha-it"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), "tmux " + String.join(" ", args) + ": " + out);
    return out;
  }

  private static boolean tmuxInstalled() {
    try {
      return new ProcessBuilder("tmux", "-V").start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  @Test
  void underTmuxTheScreenShowsTheDowntimeClockWhileNoNodeServesAndTheSummaryAtTheEnd() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(tmuxInstalled(), "tmux is not installed (.ci/run installs it from Debian)");
    cluster();
    String session = "upgrade-" + ProcessHandle.current().pid();
    tmux("new-session", "-d", "-s", session, "-x", "150", "-y", "45");
    try {
      tmux("send-keys", "-t", session, cloud.root().resolve("cli/connectha") + " upgrade demo --to " + TO
          + " --poll-seconds 1 --follow --local=" + connection + "; echo E\"\"XIT=$?", "Enter"); // typed, it is not the marker
      List<String> screens = new ArrayList<>();
      Instant until = Instant.now().plus(Duration.ofMinutes(5));
      String screen = "";
      java.util.regex.Pattern exit = java.util.regex.Pattern.compile("(?m)^EXIT=(\\d+)$");
      while (!exit.matcher(screen).find() && Instant.now().isBefore(until)) {
        Thread.sleep(250);
        screen = tmux("capture-pane", "-p", "-t", session);
        screens.add(screen);
      }
      assertTrue(screen.lines().anyMatch("EXIT=0"::equals), "the upgrade ends with exit 0 on the screen:\n" + screen);
      // what the screen showed while every node was stopped: the status line, last on screen, with the downtime clock
      List<String> downtime = screens.stream().map(s -> s.strip().lines().reduce((a, b) -> b).orElse(""))
          .filter(last -> last.matches(".*\\bDOWN \\d.*")).toList();
      assertFalse(downtime.isEmpty(), "no screen showed the DOWN clock; the last one:\n" + screen);
      assertTrue(downtime.stream().anyMatch(l -> l.startsWith("[stop]") || l.startsWith("[restore point]")
          || l.startsWith("[first node]")), downtime.toString());
      // at the end: the summary, the outcome line, and no status line left over the output
      assertTrue(screen.contains("UPGRADED"), screen);
      assertTrue(screen.lines().anyMatch(l -> l.startsWith("execution SUCCEEDED in ")), screen);
      assertFalse(screen.lines().anyMatch(l -> l.contains("DOWN ") && l.startsWith("[")), screen);
    } finally {
      tmux("kill-session", "-t", session);
    }
  }
}
