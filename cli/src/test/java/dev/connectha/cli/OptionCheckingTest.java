package dev.connectha.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Options are checked before anything connects: bad input is exit code 2, one named line, and no AWS call. */
class OptionCheckingTest {
  private final List<Cloud.Target> connections = new ArrayList<>();
  /** Records that a command tried to reach AWS, and goes no further. */
  private final Function<Cloud.Target, Cloud> connector = target -> {
    connections.add(target);
    throw new PreconditionFailedException("no AWS in this test");
  };
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String line) {
    return ConnectHa.run(line.split(" "), connector, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), false, Duration.ZERO);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "upgrade demo --to 2024.10",                          // malformed version
      "upgrade demo",                                       // no target
      "upgrade Demo! --to 2024.10.0",                       // not a cluster name
      "upgrade demo --to 2024.10.0 --restore-point warm",
      "upgrade demo --to 2024.10.0 --concurrency 101",
      "upgrade demo --to 2024.10.0 --retry-budget 6",
      "upgrade demo --to 2024.10.0 --poll-seconds 0",
      "upgrade demo --to 2024.10.0 --accept-finding Clock_Sync",
      "upgrade demo --to 2024.10.0 --unknown-option",
      "backup demo --mode stopped",                         // the upgrade's own mode
      "backup demo --keep-last 0",                          // would delete every set
      "backup demo --keep-daily -1",
      "backup demo --dr-region mars",
      "backup demo --poll-seconds 3601",
      "restore demo",                                       // no set
      "restore demo --set-id bad/id",
      "restore demo --set-id bs-1 --mode swap",
      "restore demo --set-id bs-1 --db-instance-class m6g.large",
      "preflight demo --poll-seconds 61",
      "preflight",                                          // no cluster
      "history demo --limit 0",
      "backups demo --configuration bs-1",                 // the content goes to a file, never the terminal
      "backups demo --configuration bad/id --to f.json",
      "backups demo --to f.json",
      "status",
      "provision demo --az us-east-1",                      // a region, not a zone
      "provision demo --avoid-az us-east-1a --avoid-az east",
      "provision demo --az us-east-1b --avoid-az us-east-1b",
      "provision demo --poll-seconds 61",
      "provision demo --boot-seconds 0",
      "provision demo --boot-seconds 841",
      "provision Demo!",                                    // not a cluster name
      "retire demo",                                        // no instance
      "retire demo i-0123456",                              // 7 hex digits
      "retire demo i-0123456789abcdef",                     // 16
      "retire demo I-01234567",
      "retire demo i-0123456g",
      "retire demo i-01234567 --drain-seconds -1",
      "retire demo i-01234567 --drain-seconds 3601",
      "retire demo i-01234567 --poll-seconds 61",
      "retire demo i-01234567 --reason a\tb",               // not one line of text
      "retire-node demo i-01234567",                        // the workflow's name, not the command's
      "ensure-capacity demo --desired -1",
      "ensure-capacity demo --desired 101",
      "ensure-capacity demo --poll-seconds 61",
      "ensure-capacity demo --boot-seconds 0",
      "ensure-capacity demo --boot-seconds 841",
      "ensure-capacity demo --drain-seconds 3601",
      "ensure-capacity demo --desired three",
      "ensure-capacity Demo!",
      "status demo --endpoint ht^tp://x",
      "follow",                                             // no execution
      "follow rolling-upgrade-demo-2026/11/30",             // not a name
      "follow demo-i-0123456789abcdef0-20261130T220100Z",   // a remediation's name does not say its workflow
      "follow backup-demo-20261130T220100Z --workflow upgrade", // the command's name, not the workflow's
      "follow arn:aws:states:us-east-1:123:execution:connect-ha-backup:backup-demo-1"})
  void badInputIsExitCodeTwoWithOneNamedLineAndNoAwsCall(String line) {
    int exit = run(line);

    assertEquals(2, exit, line + ": " + err());
    assertEquals(List.of(), connections, "connected although the input was bad: " + line);
    List<String> lines = err().lines().toList();
    assertTrue(lines.get(0).startsWith("dev.connectha.errors.InvalidInputException: "), err());
    assertTrue(lines.size() == 1 || !lines.get(1).startsWith("\tat "), "a stack trace without --debug: " + err());
  }

  @Test
  void goodInputConnectsWithTheGlobalOptionsAndAnErrorThereIsOneNamedLineExitingOne() {
    int exit = run("upgrade demo --to 2024.10.0 --stack other --endpoint http://127.0.0.1:4566 --region eu-west-1 --follow");

    assertEquals(1, exit, err());
    assertEquals(1, connections.size());
    Cloud.Target target = connections.get(0);
    assertEquals("other", target.stack());
    assertEquals("http://127.0.0.1:4566", target.endpoint().orElseThrow().toString());
    assertEquals("eu-west-1", target.region().orElseThrow());
    assertEquals(List.of("dev.connectha.errors.PreconditionFailedException: no AWS in this test (--debug for details)"),
        err().lines().toList());
  }

  @Test
  void everyCommandHasItsHelpWithoutConnecting() {
    int exit = run("upgrade --help");

    assertEquals(0, exit, err());
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("--restore-point"), out.toString(StandardCharsets.UTF_8));
    assertEquals(List.of(), connections);
  }

  @Test
  void debugPrintsTheStackTrace() {
    run("status demo --debug");

    assertTrue(err().contains("\tat dev.connectha.cli."), err());
  }

  @Test
  void theDefaultStackIsConnectHaAndLocalFindsTheLocalCloudsFile() {
    run("backups demo --local");

    assertEquals("connect-ha", connections.get(0).stack());
    assertTrue(connections.get(0).localFile().orElseThrow().endsWith(Cloud.LOCAL_FILE), connections.toString());
    assertTrue(connections.get(0).endpoint().isEmpty());
  }

  private static JsonNode input(StartCommands.Start command, String... args) {
    new picocli.CommandLine(command).parseArgs(args);
    return command.input();
  }

  @Test
  void theUpgradesOptionsBecomeItsInputsOptions() {
    JsonNode input = input(new StartCommands.Upgrade(), "demo", "--to", "2024.10.0", "--accept-finding", "rds-multi-az",
        "--accept-finding", "clock-sync", "--converge-mixed-versions", "--restore-point", "skip", "--maintenance-page",
        "--concurrency", "2", "--retry-budget", "0", "--poll-seconds", "1");

    assertEquals(Json.MAPPER.createObjectNode().put("cluster", "demo").put("targetVersion", "2024.10.0")
        .set("options", Json.MAPPER.createObjectNode().<com.fasterxml.jackson.databind.node.ObjectNode>set("acceptFindings",
            Json.MAPPER.createArrayNode().add("rds-multi-az").add("clock-sync"))
            .put("convergeMixedVersions", true).put("restorePoint", "skip").put("maintenancePage", true)
            .put("concurrency", 2).put("retryBudget", 0).put("pollSeconds", 1)), input);
  }

  @Test
  void aBackupsRetentionIsReplacedWholeWithTheDocumentedDefaultsForWhatIsNotGiven() {
    JsonNode input = input(new StartCommands.Backup(), "demo", "--mode", "cold", "--keep-last", "3", "--poll-seconds", "1");

    assertEquals("{\"cluster\":\"demo\",\"mode\":\"cold\",\"retention\":{\"keepLast\":3,\"keepDaily\":7,\"keepWeekly\":4,"
        + "\"keepMonthly\":6},\"pollSeconds\":1}", input.toString());
  }

  @Test
  void aProvisionsOptionsBecomeItsInputRepeatingOneZonePerAvoidedZone() {
    JsonNode input = input(new StartCommands.Provision(), "demo", "--avoid-az", "us-east-1a", "--avoid-az", "us-east-1b",
        "--reason", "capacity for the term", "--poll-seconds", "1", "--boot-seconds", "60");

    assertEquals("{\"cluster\":\"demo\",\"avoidAzs\":[\"us-east-1a\",\"us-east-1b\"],\"reason\":\"capacity for the term\","
        + "\"pollSeconds\":1,\"bootSeconds\":60}", input.toString());
    assertEquals("{\"cluster\":\"demo\",\"az\":\"eu-central-1c\"}",
        input(new StartCommands.Provision(), "demo", "--az", "eu-central-1c").toString());
  }

  @Test
  void aRetiresInstanceAndOptionsBecomeItsInputAndForceOnlyWhenGiven() {
    JsonNode input = input(new StartCommands.Retire(), "demo", "i-0123456789abcdef0", "--force", "--drain-seconds", "0",
        "--reason", "scale in", "--poll-seconds", "1");

    assertEquals("{\"cluster\":\"demo\",\"instanceId\":\"i-0123456789abcdef0\",\"force\":true,\"drainSeconds\":0,"
        + "\"reason\":\"scale in\",\"pollSeconds\":1}", input.toString());
    assertEquals("{\"cluster\":\"demo\",\"instanceId\":\"i-01234567\"}",
        input(new StartCommands.Retire(), "demo", "i-01234567").toString());
  }

  @Test
  void anEnsureCapacitysOptionsBecomeItsInput() {
    JsonNode input = input(new StartCommands.EnsureCapacity(), "demo", "--desired", "0", "--poll-seconds", "1",
        "--boot-seconds", "840", "--drain-seconds", "3600");

    assertEquals("{\"cluster\":\"demo\",\"desiredNodes\":0,\"pollSeconds\":1,\"bootSeconds\":840,\"drainSeconds\":3600}",
        input.toString());
    assertEquals("{\"cluster\":\"demo\"}", input(new StartCommands.EnsureCapacity(), "demo").toString());
  }

  @Test
  void aRestoreNamesItsSetAndMode() {
    JsonNode input = input(new StartCommands.Restore(), "demo", "--set-id", "bs-1", "--mode", "handover",
        "--db-instance-class", "db.m6g.large");

    assertEquals("{\"cluster\":\"demo\",\"setId\":\"bs-1\",\"mode\":\"handover\",\"dbInstanceClass\":\"db.m6g.large\"}",
        input.toString());
  }
}
