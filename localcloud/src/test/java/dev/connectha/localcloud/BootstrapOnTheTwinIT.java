package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.config.Config;
import dev.connectha.config.DocumentKind;
import dev.connectha.json.Json;
import dev.connectha.localcloud.twin.SimNode;
import dev.connectha.localcloud.twin.Twin;
import dev.connectha.model.ClientToken;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.RunAsAccount;
import dev.connectha.ports.NodeCommands.CommandResult;
import dev.connectha.ports.NodeLauncher;
import dev.connectha.ports.NodeLauncher.Launch;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The BootstrapNode document end to end on the local cloud: a node launched with the real
 * {@link NodeLauncher} from a cluster whose document has the provisioning fields, the real script
 * sent through the real SSM adapter, run by the twin against the node's bare file tree with the
 * config parameter and the database secret read from the local cloud on the node, and what it did
 * read back into the twin's node.
 */
@ExtendWith(LocalCloudExtension.class)
class BootstrapOnTheTwinIT {
  private static final String CLUSTER = "demo";
  private static final List<String> ZONES = List.of("us-east-1a", "us-east-1b", "us-east-1c");
  private static final String EXECUTION =
      "arn:aws:states:us-east-1:123456789012:execution:connect-ha-provision-node:provision-node-demo-1";
  private static final DocumentKind DOCUMENT = DocumentKind.BOOTSTRAP_NODE;
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String CONFIG_PARAMETER = "/connect-ha/demo/rstudio-connect.gcfg";
  private static final String DB_SECRET = "connect-ha/demo/db-password";
  private static final String DB_PASSWORD = "Pw-twin-\"5e2a\"-\\SECRET";
  private static final String DATA = ClusterDocument.DEFAULT_DATA_DIR;

  private final LocalCloud cloud;
  private RealAdapters adapters;
  private NodeLauncher launcher;
  private ClusterDocument demo;

  BootstrapOnTheTwinIT(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @BeforeEach
  void aClusterReadyForProvisioningWithItsConfigAndSecretInTheCloud() {
    cloud.reset(new Twin.Spec(CLUSTER, 2, ZONES, "2024.08.0"));
    cloud.twin().bootTime(Duration.ofMillis(200));
    adapters = new RealAdapters(Config.from(cloud.environmentOf("DescribeClusterFunction")));
    launcher = adapters.nodeLauncher();
    ClusterDocument seeded = adapters.clusterRegistry().load(CLUSTER);
    // the seeded nodes' rstudio-connect is 999:999: a bootstrapped node must match them
    demo = adapters.clusterRegistry().save(new ClusterDocument(seeded.name(), seeded.targetGroupArn(), seeded.dbInstanceId(),
        seeded.dbClusterId(), seeded.fileSystemId(), seeded.launchTemplateId(), seeded.subnetsByAz(), seeded.backupVault(),
        seeded.backupRoleArn(), seeded.packageSource(), seeded.desiredNodes(), seeded.connectVersion(), DATA, CONFIG_PARAMETER,
        DB_SECRET, null, 999, 999, List.of(new RunAsAccount("svc-reports", 2001, 2001)), seeded.minHealthy()));
    assertEquals(List.of(), demo.missingForProvisioning());
    SimNode peer = cloud.twin().node(0);
    String shared = "[Server]\nAddress = \"" + peer.get("Server", "Address") + "\"\n\n[Database]\nProvider = \"postgres\"\n\n"
        + "[Postgres]\nURL = \"" + peer.get("Postgres", "URL") + "\"\n";
    cloud.clients().ssm.putParameter(b -> b.name(CONFIG_PARAMETER).value(shared).type(ParameterType.SECURE_STRING).overwrite(true));
    cloud.clients().secretsManager.createSecret(b -> b.name(DB_SECRET).secretString(DB_PASSWORD));
  }

  @AfterEach
  void closeClients() {
    adapters.close();
  }

  /** A node launched into {@code az} from the cluster's launch template, its agent online. */
  private String launched(String az) {
    String id = launcher.launch(new Launch(CLUSTER, demo.launchTemplateId(), demo.subnetsByAz().get(az), EXECUTION,
        ClientToken.of(EXECUTION, az)));
    launcher.awaitOnline(id, POLL, Duration.ofSeconds(20));
    return id;
  }

  /** The document's parameters for {@code cluster}, as provisioning sends them. */
  private static Map<String, List<String>> parameters(ClusterDocument cluster) {
    Map<String, List<String>> p = new LinkedHashMap<>();
    p.put("fileSystemId", List.of(cluster.fileSystemId()));
    p.put("dataDir", List.of(cluster.dataDir()));
    p.put("configParameter", List.of(cluster.configParameter()));
    p.put("dbPasswordSecretId", List.of(cluster.dbPasswordSecretId()));
    p.put("connectUid", List.of(cluster.connectUid().toString()));
    p.put("connectGid", List.of(cluster.connectGid().toString()));
    p.put("runAsAccounts", List.of(String.join(" ", cluster.runAsAccounts().stream().map(RunAsAccount::asParameter).toList())));
    return p;
  }

  /** Runs the deployed stack's document of {@code kind} on {@code instanceId}, as the functions send it. */
  private CommandResult run(DocumentKind kind, Map<String, List<String>> parameters, String instanceId) {
    return adapters.nodeCommands().run(adapters.config.documentName(kind), parameters, List.of(instanceId), POLL, TIMEOUT).get(0);
  }

  private static JsonNode json(CommandResult result) {
    assertEquals("Success", result.status(), result.stderr());
    try {
      return Json.MAPPER.readTree(result.stdout());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + result.stdout(), e);
    }
  }

  @Test
  void aLaunchedNodeIsBootstrappedWithTheClustersIdsMountAndConfigAndASecondRunChangesNothing() {
    String id = launched("us-east-1b");

    CommandResult first = run(DOCUMENT, parameters(demo), id);

    JsonNode did = json(first);
    SimNode node = cloud.twin().node(id);
    String metrics = DATA + "/node-metrics/" + id;
    String efs = demo.fileSystemId() + ".efs.us-east-1.amazonaws.com:/";
    assertAll(
        () -> assertTrue(did.path("changed").asBoolean()),
        () -> assertEquals(id, did.path("instanceId").asText()),
        () -> assertTrue(node.files.get("root/etc/passwd").contains("\nrstudio-connect:x:999:999:"), node.files.get("root/etc/passwd")),
        () -> assertTrue(node.files.get("root/etc/passwd").contains("\nsvc-reports:x:2001:2001:")),
        () -> assertTrue(node.files.get("root/etc/group").contains("\nrstudio-connect:x:999:svc-reports\n"), node.files.get("root/etc/group")),
        () -> assertEquals(List.of(999, 999), List.of(node.accounts.get("rstudio-connect")[0], node.accounts.get("rstudio-connect")[1])),
        () -> assertEquals(1, node.files.get("root/etc/fstab").lines().filter(l -> l.split("\\s+").length > 1
            && l.split("\\s+")[1].equals(DATA)).count(), node.files.get("root/etc/fstab")),
        () -> assertTrue(node.files.get("root/etc/fstab").contains(efs + " " + DATA + " nfs4 nfsvers=4.1,")),
        () -> assertEquals(new SimNode.Mount(DATA, "nfs4", efs), node.mounts.get(DATA)),
        () -> assertEquals(metrics, node.get("Metrics", "DataPath")),
        () -> assertTrue(node.configFile.contains("[Metrics]\nDataPath = \"" + metrics + "\"\n"), node.configFile),
        () -> assertEquals(DB_PASSWORD, node.get("Postgres", "Password"), "the password read from the local cloud's secret"),
        () -> assertTrue(node.clockSynchronized),
        () -> assertFalse(first.stdout().contains(DB_PASSWORD) || first.stderr().contains(DB_PASSWORD), "no secret printed"),
        () -> assertNull(node.connectVersion, "Connect comes with install-node, not the bootstrap"));

    JsonNode again = json(run(DOCUMENT, parameters(demo), id));

    assertAll(
        () -> assertFalse(again.path("changed").asBoolean(), again.toString()),
        () -> assertFalse(again.path("configWritten").asBoolean()),
        () -> assertEquals("unchanged", again.path("fstab").asText()),
        () -> assertEquals(List.of(), List.copyOf(Json.MAPPER.convertValue(again.path("usersCreated"), List.class))),
        () -> assertEquals(1, cloud.twin().node(id).files.get("root/etc/fstab").lines().filter(l -> l.contains(" " + DATA + " ")).count()));
  }

  @Test
  void aBootstrappedNodeHasTheSeededNodesFactsButConnect() {
    String id = launched("us-east-1c");
    json(run(DOCUMENT, parameters(demo), id));

    JsonNode fresh = json(run(DocumentKind.NODE_FACTS, Map.of(), id));
    JsonNode seeded = json(run(DocumentKind.NODE_FACTS, Map.of(), cloud.twin().node(0).instanceId));

    for (String fact : List.of("databaseProvider", "postgresHost", "serverDataDir", "dataDirFsType", "dataDirSource",
        "runAsUser", "runAsUid", "runAsGid", "clockSource", "clockSynchronized")) {
      assertEquals(seeded.path(fact), fresh.path(fact), fact + ": " + fresh + " vs " + seeded);
    }
    assertAll(
        // the seeded nodes keep metrics on their own disk; a bootstrapped one on the shared file system, at its own path
        () -> assertEquals(DATA + "/node-metrics/" + id, fresh.path("metricsDataPath").asText()),
        () -> assertEquals("nfs4", fresh.path("metricsFsType").asText()),
        () -> assertFalse(fresh.path("configHash").asText().isEmpty()),
        () -> assertTrue(fresh.path("connectVersion").isNull(), "Connect is not installed yet: " + fresh));
  }

  @Test
  void aMissingSecretFailsTheBootstrapNamingItAndWritesNoConfiguration() {
    cloud.clients().secretsManager.deleteSecret(b -> b.secretId(DB_SECRET).forceDeleteWithoutRecovery(true));
    String id = launched("us-east-1a");

    CommandResult result = run(DOCUMENT, parameters(demo), id);

    SimNode node = cloud.twin().node(id);
    assertAll(
        () -> assertEquals("Failed", result.status()),
        () -> assertTrue(result.stderr().contains("cannot read the database password secret " + DB_SECRET)
            && result.stderr().contains("ResourceNotFoundException"), result.stderr()),
        () -> assertTrue(node.config.isEmpty(), "no rstudio-connect.gcfg"),
        () -> assertNull(node.configFile),
        () -> assertFalse(node.files.containsKey("root/etc/rstudio-connect/rstudio-connect.gcfg")));
  }
}
