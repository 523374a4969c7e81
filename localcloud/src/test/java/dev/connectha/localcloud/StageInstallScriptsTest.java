package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.json.Json;
import dev.connectha.localcloud.ScriptRuns.Output;
import dev.connectha.localcloud.twin.CommandDocument;
import dev.connectha.localcloud.twin.NodeRoot;
import dev.connectha.localcloud.twin.PackageRepository;
import dev.connectha.localcloud.twin.SimNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real StageConnect and InstallConnect documents' scripts, taken from template.yaml
 * with their parameters put in as SSM does, run with bash against nodes laid out by
 * {@link NodeRoot}: /etc/os-release decides .deb or .rpm, the stub curl downloads from the twin's
 * package table, the stub package managers install into the node's state.
 */
class StageInstallScriptsTest {
  private static final CloudTemplate TEMPLATE = CloudTemplate.load(LocalCloud.projectRoot().resolve("template.yaml"),
      LocalCloud.STACK, LocalCloud.REGION,
      Map.of("TargetGroupArn", "tg", "DbInstanceIdentifier", "db", "FileSystemId", "fs-0123456789abcdef0"));
  private static final CommandDocument STAGE = CommandDocument.of(TEMPLATE.properties("StageConnectDocument"));
  private static final CommandDocument INSTALL = CommandDocument.of(TEMPLATE.properties("InstallConnectDocument"));
  private static final CommandDocument STOP = CommandDocument.of(TEMPLATE.properties("StopConnectDocument"));
  private static final CommandDocument START = CommandDocument.of(TEMPLATE.properties("StartConnectDocument"));
  private static final String SOURCE = NodeRoot.STANDALONE_SOURCE;
  private static final String CACHE = "/var/cache/connect-ha/packages/";

  @TempDir
  Path dir;

  /** A node laid out once; scripts run against it in turn, each seeing what the last one left. */
  private final class Node {
    final SimNode sim;
    final Path nodeDir;
    final Path bin;

    Node(SimNode sim, NodeRoot.Cluster cluster) {
      this.sim = sim;
      this.nodeDir = dir.resolve(sim.instanceId);
      this.bin = NodeRoot.write(nodeDir, sim, cluster);
    }

    Output stage(String version) {
      return stage(version, SOURCE);
    }

    Output stage(String version, String source) {
      return run(STAGE.render(Map.of("version", List.of(version), "packageSource", List.of(source))));
    }

    Output install(String version) {
      return run(INSTALL.render(Map.of("version", List.of(version))));
    }

    Output run(String script) {
      return ScriptRuns.run(nodeDir, bin, script, Map.of("CONNECT_HA_START_TIMEOUT", "1"), Duration.ofSeconds(60));
    }

    /** The node as the scripts left it. */
    SimNode readBack() {
      NodeRoot.readBack(nodeDir, sim);
      return sim;
    }

    Path cached(String file) {
      return nodeDir.resolve("root").resolve(NodeRoot.PACKAGE_CACHE).resolve(file);
    }

    String state(String name) {
      try {
        return Files.readString(nodeDir.resolve("state").resolve(name)).strip();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private Node node(String osRelease, boolean active) {
    return node(osRelease, active, NodeRoot.Cluster.standalone());
  }

  private Node node(String osRelease, boolean active, NodeRoot.Cluster cluster) {
    SimNode sim = new SimNode();
    sim.instanceId = "i-0123456789abcdef0";
    sim.connectVersion = "2024.08.0";
    sim.serviceActive = active;
    sim.osRelease = osRelease;
    sim.set("HTTP", "Listen", ":3939");
    return new Node(sim, cluster);
  }

  // ---- the documents in template.yaml ---------------------------------------------------------

  @Test
  void bothDocumentsAreOneShellStepWithTheirParametersChecked() {
    for (String logicalId : List.of("StageConnectDocument", "InstallConnectDocument")) {
      JsonNode content = TEMPLATE.properties(logicalId).path("Content");
      JsonNode version = content.path("parameters").path("version");
      assertAll(logicalId,
          () -> assertEquals("Command", TEMPLATE.properties(logicalId).path("DocumentType").asText()),
          () -> assertEquals(1, content.path("mainSteps").size()),
          () -> assertEquals("aws:runShellScript", content.path("mainSteps").get(0).path("action").asText()),
          () -> assertTrue(content.path("mainSteps").get(0).path("inputs").path("runCommand").get(0).asText()
              .startsWith("#!/bin/bash\n")),
          () -> assertEquals("String", version.path("type").asText()),
          () -> assertEquals("^[0-9]{4}\\.[0-9]{2}\\.[0-9]{1,3}$", version.path("allowedPattern").asText()),
          () -> assertTrue(version.path("default").isMissingNode(), "the version is required"));
    }
    JsonNode source = TEMPLATE.properties("StageConnectDocument").path("Content").path("parameters").path("packageSource");
    assertEquals("https://cdn.posit.co/connect", source.path("default").asText());
    assertEquals("^" + dev.connectha.model.ConnectPackages.SOURCE_PATTERN + "$", source.path("allowedPattern").asText(),
        "the same pattern RunNodeCommand checks");
    assertEquals(List.of("version"), List.copyOf(INSTALL.parameters().keySet()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2024.10", "2024.10.0'; reboot; '", "$(reboot)", "2024.10.0 "})
  void ssmRefusesAVersionOutsideTheAllowedPatternBeforeAnyNodeRunsIt(String version) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> INSTALL.render(Map.of("version", List.of(version))));

    assertTrue(e.getMessage().contains("does not match the allowed pattern"), e.getMessage());
  }

  @Test
  void theScriptsCheckTheVersionAgainWhateverSsmLetThrough() {
    // a Java-style "$" lets a final newline through the allowedPattern; bash's =~ does not
    Node node = node(SimNode.UBUNTU_22_04, false);

    Output stage = node.stage("2024.10.0\n");
    Output install = node.install("2024.10.0\n");

    assertEquals(1, stage.exit());
    assertTrue(stage.stderr().startsWith("ConnectHa-StageConnect: not a Connect version"), stage.stderr());
    assertEquals(1, install.exit());
    assertTrue(install.stderr().startsWith("ConnectHa-InstallConnect: not a Connect version"), install.stderr());
  }

  @Test
  void ssmRefusesAMissingVersionAndAnUnknownParameter() {
    assertThrows(IllegalArgumentException.class, () -> STAGE.render(Map.of()));
    assertThrows(IllegalArgumentException.class,
        () -> INSTALL.render(Map.of("version", List.of("2024.10.0"), "force", List.of("true"))));
    assertTrue(STAGE.render(Map.of("version", List.of("2024.10.0"))).contains("source='https://cdn.posit.co/connect'"),
        "packageSource defaults to Posit's CDN");
  }

  // ---- StageConnect ---------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource({
      "UBUNTU_22_04, rstudio-connect_2024.10.0~ubuntu22_amd64.deb",
      "UBUNTU_24_04, rstudio-connect_2024.10.0~ubuntu24_amd64.deb",
      "RHEL_9, rstudio-connect-2024.10.0.el9.x86_64.rpm",
      "ROCKY_8, rstudio-connect-2024.10.0.el8.x86_64.rpm"})
  void stagesThePackageBuiltForTheNodesDistributionWhileConnectServes(String os, String file) throws Exception {
    Node node = node((String) SimNode.class.getField(os).get(null), true);
    Map<String, String> before = ScriptRuns.snapshot(node.nodeDir.resolve("state"));

    JsonNode json = node.stage("2024.10.0").json();

    assertEquals(Json.MAPPER.createObjectNode().put("staged", CACHE + file).put("version", "2024.10.0"), json);
    assertTrue(Files.readString(node.cached(file)).contains("Version: 2024.10.0\n"));
    assertEquals(before, ScriptRuns.snapshot(node.nodeDir.resolve("state")), "the service, its version and its journal are untouched");
    assertEquals(Map.of(file, Files.readString(node.cached(file))), node.readBack().stagedPackages);
    assertTrue(node.sim.serviceActive);
    assertEquals("2024.08.0", node.sim.connectVersion);
  }

  @Test
  void aTrailingSlashOnThePackageSourceIsFine() {
    assertEquals(CACHE + "rstudio-connect_2024.09.1~ubuntu22_amd64.deb",
        node(SimNode.UBUNTU_22_04, true).stage("2024.09.1", SOURCE + "/").json().path("staged").asText());
  }

  @Test
  void anUnpublishedVersionFailsWithTheUrlAndLeavesNothingBehind() throws IOException {
    Node node = node(SimNode.UBUNTU_22_04, true);

    Output output = node.stage("2024.11.0");

    assertEquals(1, output.exit());
    assertEquals("", output.stdout());
    assertTrue(output.stderr().startsWith("ConnectHa-StageConnect: the package source has no Connect 2024.11.0 for ubuntu22: "
        + SOURCE + "/2024.11/rstudio-connect_2024.11.0~ubuntu22_amd64.deb (curl: (22) The requested URL returned error: 404)"),
        output.stderr());
    try (Stream<Path> files = Files.list(node.cached("x").getParent())) {
      assertEquals(List.of(), files.toList(), "no partial download is left to look staged");
    }
  }

  @Test
  void aSourceThatCannotBeReachedIsADownloadFailure() {
    Output output = node(SimNode.UBUNTU_22_04, true).stage("2024.10.0", "https://mirror.example.com/connect");

    assertEquals(1, output.exit());
    assertTrue(output.stderr().startsWith("ConnectHa-StageConnect: could not download https://mirror.example.com/connect/2024.10/"),
        output.stderr());
  }

  @Test
  void aPackageAlreadyStagedIsKeptWithoutDownloadingAgain() throws IOException {
    SimNode sim = new SimNode();
    sim.instanceId = "i-0123456789abcdef0";
    sim.connectVersion = "2024.08.0";
    sim.stagedPackages.put("rstudio-connect_2024.12.0~ubuntu22_amd64.deb", "staged earlier\n");
    Node node = new Node(sim, NodeRoot.Cluster.standalone());

    JsonNode json = node.stage("2024.12.0").json();

    assertEquals(CACHE + "rstudio-connect_2024.12.0~ubuntu22_amd64.deb", json.path("staged").asText());
    assertEquals("staged earlier\n", Files.readString(node.cached("rstudio-connect_2024.12.0~ubuntu22_amd64.deb")),
        "2024.12.0 is not published: only the cached file can have answered");
  }

  @Test
  void anEmptyFileInTheCacheIsDownloadedAgain() throws IOException {
    SimNode sim = new SimNode();
    sim.instanceId = "i-0123456789abcdef0";
    sim.connectVersion = "2024.08.0";
    sim.stagedPackages.put("rstudio-connect_2024.10.0~ubuntu22_amd64.deb", "");
    Node node = new Node(sim, NodeRoot.Cluster.standalone());

    node.stage("2024.10.0").json();

    assertTrue(Files.readString(node.cached("rstudio-connect_2024.10.0~ubuntu22_amd64.deb")).contains("Version: 2024.10.0"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n",
      "ID=\"amzn\"\nID_LIKE=\"centos rhel fedora\"\nVERSION_ID=\"2023\"\nPRETTY_NAME=\"Amazon Linux 2023\"\n",
      "ID=ubuntu\nID_LIKE=debian\nVERSION_ID=\"20.04\"\nPRETTY_NAME=\"Ubuntu 20.04.6 LTS\"\n"})
  void aDistributionPositDoesNotBuildForIsRefusedByName(String osRelease) {
    Output output = node(osRelease, true).stage("2024.10.0");

    assertEquals(1, output.exit());
    assertTrue(output.stderr().startsWith("ConnectHa-StageConnect: no Posit Connect package for "), output.stderr());
  }

  @Test
  void aNodeWithoutOsReleaseIsRefused() {
    Output output = node(null, true).stage("2024.10.0");

    assertEquals(1, output.exit());
    assertTrue(output.stderr().contains("cannot read /etc/os-release"), output.stderr());
  }

  // ---- InstallConnect -------------------------------------------------------------------------

  @Test
  void installIsRefusedWhileConnectRunsAndNothingChanges() {
    Node node = node(SimNode.UBUNTU_22_04, true);
    node.stage("2024.10.0").json();

    Output output = node.install("2024.10.0");

    assertEquals(1, output.exit());
    assertEquals("", output.stdout());
    assertTrue(output.stderr().contains("stop Connect before installing"), output.stderr());
    assertEquals("2024.08.0", node.readBack().connectVersion);
    assertTrue(node.sim.serviceActive);
  }

  @Test
  void installWithoutStagingIsRefused() {
    Node node = node(SimNode.UBUNTU_22_04, false);

    Output output = node.install("2024.10.0");

    assertEquals(1, output.exit());
    assertTrue(output.stderr().contains("Connect 2024.10.0 is not staged: no " + CACHE
        + "rstudio-connect_2024.10.0~ubuntu22_amd64.deb (run ConnectHa-StageConnect first)"), output.stderr());
    assertEquals("2024.08.0", node.readBack().connectVersion);
  }

  @ParameterizedTest
  @ValueSource(strings = {"UBUNTU_22_04", "RHEL_9"})
  void stopStageInstallLeavesTheNewVersionInstalledAndConnectStopped(String os) throws Exception {
    Node node = node((String) SimNode.class.getField(os).get(null), true);

    node.stage("2024.10.0").json();
    node.run(STOP.script());
    JsonNode installed = node.install("2024.10.0").json();

    assertEquals(Json.MAPPER.createObjectNode().put("connectVersion", "2024.10.0").put("serviceState", "inactive"), installed);
    SimNode after = node.readBack();
    assertEquals("2024.10.0", after.connectVersion);
    assertFalse(after.serviceActive, "installing never starts Connect");
    assertFalse(Files.exists(node.nodeDir.resolve("root/usr/sbin/policy-rc.d")), "the install's policy-rc.d is gone");
  }

  @ParameterizedTest
  @ValueSource(strings = {"UBUNTU_22_04", "RHEL_9"})
  void anOlderStagedVersionInstallsToo(String os) throws Exception {
    Node node = node((String) SimNode.class.getField(os).get(null), false);
    node.stage("2024.06.0").json();

    assertEquals("2024.06.0", node.install("2024.06.0").json().path("connectVersion").asText(),
        "bringing a node back to the old version before it started the new one needs a downgrade");
  }

  @Test
  void installingTheInstalledVersionAgainIsANoOp() {
    Node node = node(SimNode.UBUNTU_22_04, false);
    node.stage("2024.08.0").json();

    assertEquals("2024.08.0", node.install("2024.08.0").json().path("connectVersion").asText());
    assertEquals("2024.08.0", node.install("2024.08.0").json().path("connectVersion").asText());
  }

  @Test
  void aPackageOfTheOtherFormatIsNotInstalled() throws IOException {
    Node node = node(SimNode.RHEL_9, false);
    Files.writeString(node.cached("rstudio-connect-2024.10.0.el9.x86_64.rpm"),
        "Package: rstudio-connect\nVersion: 2024.10.0\nFormat: deb\n");

    Output output = node.install("2024.10.0");

    assertEquals(1, output.exit());
    assertTrue(output.stderr().startsWith("ConnectHa-InstallConnect: dnf install " + CACHE
        + "rstudio-connect-2024.10.0.el9.x86_64.rpm failed: dnf: "), output.stderr());
    assertEquals("2024.08.0", node.readBack().connectVersion);
  }

  // ---- starting against the schema ------------------------------------------------------------

  @Test
  void startingTheNewVersionMigratesTheSchema() {
    Node node = node(SimNode.UBUNTU_22_04, true, new NodeRoot.Cluster(new PackageRepository(SOURCE), "2024.08.0"));
    node.stage("2024.10.0").json();
    node.run(STOP.script());
    node.install("2024.10.0").json();

    JsonNode started = node.run(START.script()).json();

    assertEquals("2024.10.0", started.path("connectVersion").asText());
    assertEquals("2024.10.0", node.state("schema"));
    List<String> kinds = NodeRoot.readBack(node.nodeDir, node.sim).stream().map(e -> e.kind() + " " + e.version()).toList();
    assertEquals(List.of("stop 2024.08.0", "start 2024.10.0"), kinds);
    assertTrue(node.sim.journal.stream().anyMatch(l -> l.endsWith("Migrating the database schema from Connect 2024.08.0 to 2024.10.0")),
        node.sim.journal.toString());
  }

  @Test
  void anOldConnectRefusesToStartAgainstANewerSchemaAndTheStartSaysWhy() {
    Node node = node(SimNode.UBUNTU_22_04, false, new NodeRoot.Cluster(new PackageRepository(SOURCE), "2024.10.0"));

    Output output = node.run(START.script());

    assertEquals(1, output.exit());
    assertTrue(output.stderr().startsWith("ConnectHa-StartConnect: rstudio-connect is failed: it stopped while starting"),
        output.stderr());
    assertTrue(output.stderr().contains("The database schema is from Connect 2024.10.0, newer than this Connect (2024.08.0)"),
        "the journal says why: " + output.stderr());
    assertEquals("2024.10.0", node.state("schema"), "an old Connect never touches the schema");
    SimNode after = node.readBack();
    assertFalse(after.serviceActive);
    assertTrue(after.serviceFailed);
  }

  @Test
  void withoutADatabaseAnyVersionStarts() {
    Node node = node(SimNode.UBUNTU_22_04, false);

    assertEquals("active", node.run(START.script()).json().path("serviceState").asText());
    assertFalse(Files.exists(node.nodeDir.resolve("state/schema")));
  }
}
