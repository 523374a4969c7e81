package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.json.Json;
import dev.connectha.localcloud.ScriptRuns.Output;
import dev.connectha.localcloud.twin.NodeRoot;
import dev.connectha.localcloud.twin.SimNode;
import dev.connectha.model.NodeFacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real NodeFacts document's script, taken from template.yaml, run with bash against simulated
 * nodes laid out by {@link NodeRoot} (a directory standing for the node's file system, and stub
 * dpkg-query, systemctl, id, findmnt and chronyc), its stdout read as {@link NodeFacts}.
 */
class NodeFactsScriptTest {
  private static final String SCRIPT = LocalCloud.script(CloudTemplate.load(
          LocalCloud.projectRoot().resolve("template.yaml"), LocalCloud.STACK, LocalCloud.REGION,
          Map.of("TargetGroupArn", "tg", "DbInstanceIdentifier", "db", "FileSystemId", "fs-0123456789abcdef0"))
      .properties("NodeFactsDocument"));
  private static final String DB_HOST = "prod-db.c9akciq32.us-east-1.rds.amazonaws.com";
  private static final String EFS_SOURCE = "fs-0123456789abcdef0.efs.us-east-1.amazonaws.com:/";
  private static final String CONFIG = "root/etc/rstudio-connect/rstudio-connect.gcfg";

  @TempDir
  Path dir;

  /** A node configured the way Posit's HA guide asks: PostgreSQL, DataDir on EFS, its own metrics path. */
  private static SimNode configuredNode() {
    SimNode node = new SimNode();
    node.instanceId = "i-0123456789abcdef0";
    node.connectVersion = "2024.08.0";
    node.set("Server", "Address", "https://connect.example.com")
        .set("Server", "DataDir", "/var/lib/rstudio-connect")
        .set("HTTP", "Listen", ":3939")
        .set("Database", "Provider", "postgres")
        .set("Postgres", "URL", "postgres://connect@" + DB_HOST + ":5432/connect?sslmode=require")
        .set("Metrics", "DataPath", "/var/lib/rstudio-connect-metrics")
        .set("Authentication", "Provider", "password");
    node.accounts.put("rstudio-connect", new int[] {999, 998});
    node.mounts.put("/", new SimNode.Mount("/", "ext4", "/dev/nvme0n1p1"));
    node.mounts.put("/var/lib/rstudio-connect", new SimNode.Mount("/var/lib/rstudio-connect", "nfs4", EFS_SOURCE));
    node.clockOffsetSeconds = 0.000_042;
    return node;
  }

  private Output run(SimNode node) {
    return run(node, UnaryOperator.identity());
  }

  /** Lays out {@code node}, lets {@code editConfig} rewrite its rstudio-connect.gcfg (null: delete it), runs the script. */
  private Output run(SimNode node, UnaryOperator<String> editConfig) {
    Path nodeDir = dir.resolve(node.instanceId == null ? "node" : node.instanceId);
    Path bin = NodeRoot.write(nodeDir, node);
    try {
      Path config = nodeDir.resolve(CONFIG);
      String edited = editConfig.apply(Files.readString(config));
      if (edited == null) {
        Files.delete(config);
      } else {
        Files.writeString(config, edited);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ScriptRuns.run(nodeDir, bin, SCRIPT, Map.of(), Duration.ofSeconds(30));
  }

  @Test
  void configuredNodeReportsItsFacts() {
    NodeFacts facts = run(configuredNode()).as(NodeFacts.class);

    assertAll(
        () -> assertEquals("2024.08.0", facts.connectVersion()),
        () -> assertEquals("active", facts.serviceState()),
        () -> assertTrue(facts.configHash().matches("[0-9a-f]{64}"), facts.configHash()),
        () -> assertEquals("postgres", facts.databaseProvider()),
        () -> assertEquals(DB_HOST, facts.postgresHost()),
        () -> assertEquals("/var/lib/rstudio-connect", facts.serverDataDir()),
        () -> assertEquals("/var/lib/rstudio-connect/db", facts.databaseDir()),
        () -> assertNull(facts.landingDir()),
        () -> assertEquals("nfs4", facts.dataDirFsType()),
        () -> assertEquals(EFS_SOURCE, facts.dataDirSource()),
        () -> assertTrue(facts.onSharedFileSystem(facts.dataDirFsType())),
        () -> assertEquals("/var/lib/rstudio-connect-metrics", facts.metricsDataPath()),
        () -> assertEquals("ext4", facts.metricsFsType(), "a sibling of DataDir is not on DataDir's mount"),
        () -> assertFalse(facts.graphiteEnabled()),
        () -> assertEquals("rstudio-connect", facts.runAsUser()),
        () -> assertEquals(999, facts.runAsUid()),
        () -> assertEquals(998, facts.runAsGid()),
        () -> assertEquals("rstudio-connect", facts.appsRunAsUser()),
        () -> assertEquals(999, facts.appsRunAsUid()),
        () -> assertEquals(998, facts.appsRunAsGid()),
        () -> assertEquals("chrony", facts.clockSource()),
        () -> assertTrue(facts.clockSynchronized()),
        () -> assertEquals(0.000_042, facts.clockOffsetSeconds(), 1e-9));
  }

  @Test
  void scriptPrintsExactlyTheFieldsOfNodeFactsAsOneJsonObject() throws IOException {
    Output output = run(configuredNode());

    JsonNode json = Json.MAPPER.readTree(output.stdout());
    Set<String> printed = new TreeSet<>();
    json.fieldNames().forEachRemaining(printed::add);

    assertTrue(json.isObject());
    assertTrue(output.stdout().endsWith("}\n") && output.stdout().lines().count() == 1, output.stdout());
    assertEquals(Stream.of(NodeFacts.class.getRecordComponents()).map(RecordComponent::getName)
        .collect(Collectors.toCollection(TreeSet::new)), printed);
    assertEquals("", output.stderr());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "postgres://connect@db.internal:5432/connect?sslmode=require | db.internal",
      "postgres://connect:s3cret@db.internal/connect                | db.internal",
      "postgres://db.internal:5432/connect                          | db.internal",
      "postgres://db.internal?sslmode=disable                       | db.internal",
      "postgresql://connect@10.0.1.5/connect                        | 10.0.1.5",
      "'\"postgres://connect@db.internal:5432/connect\"'            | db.internal"})
  void postgresHostIsTheUrlsHostWithoutUserPortOrQuery(String url, String host) {
    SimNode node = configuredNode().set("Postgres", "URL", url);

    assertEquals(host, run(node).as(NodeFacts.class).postgresHost());
  }

  @ParameterizedTest(name = "{0} s")
  @CsvSource({"-0.25", "0.5", "-1.000001", "0"})
  void clockOffsetIsSignedSlowNegativeFastPositive(double offset) {
    SimNode node = configuredNode();
    node.clockOffsetSeconds = offset;

    assertEquals(offset, run(node).as(NodeFacts.class).clockOffsetSeconds(), 1e-6);
  }

  @Test
  void unsynchronisedChronyIsReportedAsNotSynchronized() {
    SimNode node = configuredNode();
    node.clockSynchronized = false;

    NodeFacts facts = run(node).as(NodeFacts.class);

    assertEquals("chrony", facts.clockSource());
    assertFalse(facts.clockSynchronized());
  }

  @Test
  void nodeWithoutConfigurationFallsBackToConnectsDefaults() {
    SimNode node = configuredNode();
    node.config.clear();

    NodeFacts facts = run(node).as(NodeFacts.class);

    assertDefaults(facts);
    assertTrue(facts.configHash().matches("[0-9a-f]{64}"), facts.configHash());
  }

  @Test
  void nodeWithoutAConfigurationFileFallsBackToConnectsDefaultsWithoutAHash() {
    NodeFacts facts = run(configuredNode(), config -> null).as(NodeFacts.class);

    assertDefaults(facts);
    assertNull(facts.configHash());
  }

  private static void assertDefaults(NodeFacts facts) {
    assertAll(
        () -> assertEquals("sqlite", facts.databaseProvider()),
        () -> assertNull(facts.postgresHost()),
        () -> assertEquals("/var/lib/rstudio-connect", facts.serverDataDir()),
        () -> assertEquals("/var/lib/rstudio-connect/db", facts.databaseDir()),
        () -> assertEquals("/var/lib/rstudio-connect/metrics", facts.metricsDataPath()),
        () -> assertEquals("nfs4", facts.dataDirFsType()),
        () -> assertEquals("nfs4", facts.metricsFsType(), "the default metrics path is inside DataDir"),
        () -> assertEquals("rstudio-connect", facts.appsRunAsUser()),
        () -> assertEquals("2024.08.0", facts.connectVersion()));
  }

  @Test
  void configHashIgnoresCommentsBlankLinesIndentationAndTheMetricsDataPath() {
    SimNode node = configuredNode();
    String plain = run(node).as(NodeFacts.class).configHash();

    String reformatted = run(node, config -> "# managed by the team\n\n"
        + config.replace("[Server]\n", "[Server]\n  ; the public address\n\n")
            .replace("Listen = :3939", "   Listen = :3939   ")
            .replace("DataPath = /var/lib/rstudio-connect-metrics", "DataPath = /mnt/node-2/metrics")
        + "\n\n; end\n").as(NodeFacts.class).configHash();

    assertEquals(plain, reformatted);
  }

  @Test
  void configHashChangesWhenAnotherSettingChanges() {
    String plain = run(configuredNode()).as(NodeFacts.class).configHash();

    String otherAddress = run(configuredNode().set("Server", "Address", "https://connect-old.example.com"))
        .as(NodeFacts.class).configHash();
    String graphiteOn = run(configuredNode().set("Metrics", "Graphite", "true")).as(NodeFacts.class).configHash();
    String sameKeyOtherSection = run(configuredNode().set("Server", "DataPath", "/elsewhere")).as(NodeFacts.class).configHash();

    assertNotEquals(plain, otherAddress);
    assertNotEquals(plain, graphiteOn, "only Metrics.DataPath is per node, not the rest of [Metrics]");
    assertNotEquals(plain, sameKeyOtherSection, "DataPath outside [Metrics] counts");
  }

  @Test
  void configValueWithADoubleQuoteAndABackslashYieldsValidJson() throws IOException {
    String landing = "/srv/land\"ing\\dir";
    SimNode node = configuredNode().set("Server", "LandingDir", landing).set("Applications", "RunAs", "odd\"user\\x");

    Output output = run(node);

    JsonNode json = Json.MAPPER.readTree(output.stdout());
    assertEquals(landing, json.path("landingDir").asText());
    assertEquals("odd\"user\\x", output.as(NodeFacts.class).appsRunAsUser());
    assertNull(output.as(NodeFacts.class).appsRunAsUid());
  }

  @Test
  void missingRunAsAccountYieldsNullIds() {
    SimNode node = configuredNode();
    node.accounts.clear();

    NodeFacts facts = run(node).as(NodeFacts.class);

    assertEquals("rstudio-connect", facts.runAsUser());
    assertNull(facts.runAsUid());
    assertNull(facts.runAsGid());
    assertNull(facts.appsRunAsUid());
  }

  @Test
  void separateApplicationsRunAsAccountIsReportedWithItsIds() {
    SimNode node = configuredNode().set("Applications", "RunAs", "connect-apps");
    node.accounts.put("connect-apps", new int[] {2001, 2002});

    NodeFacts facts = run(node).as(NodeFacts.class);

    assertEquals("connect-apps", facts.appsRunAsUser());
    assertEquals(2001, facts.appsRunAsUid());
    assertEquals(2002, facts.appsRunAsGid());
    assertEquals(999, facts.runAsUid());
  }

  @Test
  void connectNotInstalledYieldsNullVersion() {
    SimNode node = configuredNode();
    node.connectVersion = null;

    NodeFacts facts = run(node).as(NodeFacts.class);

    assertNull(facts.connectVersion());
    assertEquals("inactive", facts.serviceState());
  }

  @Test
  void stoppedServiceIsReportedInactive() {
    SimNode node = configuredNode();
    node.serviceActive = false;

    NodeFacts facts = run(node).as(NodeFacts.class);

    assertEquals("2024.08.0", facts.connectVersion());
    assertEquals("inactive", facts.serviceState());
  }

  @Test
  void packageVersionWithADebianRevisionYieldsTheConnectVersion() {
    SimNode node = configuredNode();
    node.connectVersion = "2024.08.0-7~jammy";

    assertEquals("2024.08.0", run(node).as(NodeFacts.class).connectVersion());
  }
}
