package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectha.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** localcloud/run's --input becomes the options of connectha's start commands. */
class RunWorkflowTest {
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();

  private List<String> command(String workflow, String input) throws IOException {
    return RunWorkflow.command(workflow, (ObjectNode) Json.MAPPER.readTree(input),
        new PrintStream(console, true, StandardCharsets.UTF_8));
  }

  @Test
  void mapsAnUpgradesInputToConnecthaOptionsRepeatingOnePerAcceptedFinding() throws IOException {
    assertEquals(List.of("upgrade", "demo", "--to", "2024.10.0", "--accept-finding", "clock-sync", "--accept-finding",
            "cross-zone", "--maintenance-page", "--concurrency", "1", "--poll-seconds", "1"),
        command("upgrade", "{\"cluster\":\"demo\",\"targetVersion\":\"2024.10.0\",\"options\":{\"acceptFindings\":"
            + "[\"clock-sync\",\"cross-zone\"],\"maintenancePage\":true,\"convergeMixedVersions\":false,"
            + "\"concurrency\":1,\"pollSeconds\":1}}"));
    assertEquals("", console.toString(StandardCharsets.UTF_8));
  }

  @Test
  void mapsABackupsRetentionAndModeToConnecthaOptions() throws IOException {
    assertEquals(List.of("backup", "demo", "--poll-seconds", "1", "--mode", "online", "--keep-last", "2"),
        command("backup", "{\"cluster\":\"demo\",\"pollSeconds\":1,\"mode\":\"online\",\"retention\":{\"keepLast\":2}}"));
  }

  @Test
  void mapsAProvisionsInputToConnecthaOptionsRepeatingOnePerAvoidedZone() throws IOException {
    assertEquals(List.of("provision", "demo", "--poll-seconds", "1", "--boot-seconds", "60",
            "--avoid-az", "us-east-1a", "--avoid-az", "us-east-1b", "--reason", "capacity"),
        command("provision", "{\"cluster\":\"demo\",\"pollSeconds\":1,\"bootSeconds\":60,"
            + "\"avoidAzs\":[\"us-east-1a\",\"us-east-1b\"],\"reason\":\"capacity\"}"));
    assertEquals(List.of("provision", "demo", "--az", "us-east-1c"),
        command("provision", "{\"cluster\":\"demo\",\"az\":\"us-east-1c\",\"lockHeldBy\":\"arn:x\"}"));
    assertEquals("dropped from --input (connectha provision has no option for them): lockHeldBy=\"arn:x\"\n",
        console.toString(StandardCharsets.UTF_8));
  }

  @Test
  void mapsARetiresInstanceToTheArgumentAfterTheClusterAndForceToAFlag() throws IOException {
    assertEquals(List.of("retire", "demo", "i-0123456789abcdef0", "--force", "--drain-seconds", "0", "--poll-seconds", "1",
            "--reason", "scale in"),
        command("retire", "{\"cluster\":\"demo\",\"instanceId\":\"i-0123456789abcdef0\",\"force\":true,"
            + "\"drainSeconds\":0,\"pollSeconds\":1,\"reason\":\"scale in\"}"));
    assertEquals(List.of("retire", "demo", "i-01234567"),
        command("retire", "{\"instanceId\":\"i-01234567\",\"cluster\":\"demo\",\"force\":false}"));
    assertEquals("", console.toString(StandardCharsets.UTF_8));
  }

  @Test
  void mapsAnEnsureCapacitysInputToConnecthaOptions() throws IOException {
    assertEquals(List.of("ensure-capacity", "demo", "--desired", "3", "--poll-seconds", "1", "--boot-seconds", "60",
            "--drain-seconds", "0"),
        command("ensure-capacity", "{\"cluster\":\"demo\",\"desiredNodes\":3,\"pollSeconds\":1,\"bootSeconds\":60,"
            + "\"drainSeconds\":0,\"lockHeldBy\":\"arn:x\"}"));
    assertEquals("dropped from --input (connectha ensure-capacity has no option for them): lockHeldBy=\"arn:x\"\n",
        console.toString(StandardCharsets.UTF_8));
  }

  @Test
  void dropsTheFieldsNoConnecthaOptionCarriesAndNamesThem() throws IOException {
    assertEquals(List.of("restore", "demo", "--set-id", "s-1", "--mode", "handover"),
        command("restore", "{\"cluster\":\"demo\",\"setId\":\"s-1\",\"mode\":\"handover\",\"executionId\":\"x\"}"));
    assertEquals("dropped from --input (connectha restore has no option for them): executionId=\"x\"\n",
        console.toString(StandardCharsets.UTF_8));
  }
}
