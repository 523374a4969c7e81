package dev.connectha.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.json.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClusterDocumentTest {

  private static ClusterDocument document(String name, String dbInstanceId, String dbClusterId, String fileSystemId,
      Map<String, String> subnetsByAz, int desiredNodes) {
    return new ClusterDocument(name, "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/connect/abc",
        dbInstanceId, dbClusterId, fileSystemId, "lt-0123", subnetsByAz, "connect-vault",
        "arn:aws:iam::123456789012:role/backup", "https://cdn.posit.co", desiredNodes,
        ConnectVersion.parse("2024.08.0"));
  }

  @Test
  void acceptsACompleteDocument() {
    ClusterDocument doc = document("prod", "connect-db", null, "fs-0123abcd", Map.of("eu-west-1a", "subnet-a"), 2);
    assertEquals("prod", doc.name());
    assertEquals(Map.of("eu-west-1a", "subnet-a"), doc.subnetsByAz());
  }

  @Test
  void acceptsAnAuroraClusterInsteadOfAnInstance() {
    ClusterDocument doc = document("prod", null, "connect-aurora", "fs-0123abcd", Map.of(), 2);
    assertEquals("connect-aurora", doc.dbClusterId());
  }

  @Test
  void rejectsAnInvalidName() {
    assertThrows(InvalidInputException.class,
        () -> document("Prod", "connect-db", null, "fs-0123abcd", Map.of(), 2));
  }

  @Test
  void rejectsBothDatabaseKinds() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> document("prod", "connect-db", "connect-aurora", "fs-0123abcd", Map.of(), 2));
    assertTrue(e.getMessage().contains("exactly one"), e.getMessage());
  }

  @Test
  void rejectsNoDatabase() {
    assertThrows(InvalidInputException.class, () -> document("prod", null, null, "fs-0123abcd", Map.of(), 2));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  "})
  void rejectsABlankFileSystem(String fileSystemId) {
    assertThrows(InvalidInputException.class, () -> document("prod", "connect-db", null, fileSystemId, Map.of(), 2));
  }

  @Test
  void rejectsAMissingFileSystem() {
    assertThrows(InvalidInputException.class, () -> document("prod", "connect-db", null, null, Map.of(), 2));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1})
  void rejectsFewerThanOneDesiredNode(int desiredNodes) {
    assertThrows(InvalidInputException.class,
        () -> document("prod", "connect-db", null, "fs-0123abcd", Map.of(), desiredNodes));
  }

  @Test
  void treatsMissingSubnetsAsNone() {
    assertEquals(Map.of(), document("prod", "connect-db", null, "fs-0123abcd", null, 1).subnetsByAz());
  }

  @Test
  void keepsItsOwnCopyOfTheSubnets() {
    Map<String, String> subnets = new HashMap<>(Map.of("eu-west-1a", "subnet-a"));
    ClusterDocument doc = document("prod", "connect-db", null, "fs-0123abcd", subnets, 1);
    subnets.put("eu-west-1b", "subnet-b");
    assertEquals(Map.of("eu-west-1a", "subnet-a"), doc.subnetsByAz());
    assertThrows(UnsupportedOperationException.class, () -> doc.subnetsByAz().put("x", "y"));
  }

  @Test
  void readsFromJsonWithTheVersionAsText() throws Exception {
    String json = """
        {"name":"prod","dbInstanceId":"connect-db","fileSystemId":"fs-0123abcd",
         "subnetsByAz":{"eu-west-1a":"subnet-a"},"desiredNodes":2,"connectVersion":"2024.08.0",
         "somethingNew":"ignored"}""";
    ClusterDocument doc = Json.MAPPER.readValue(json, ClusterDocument.class);
    assertEquals(ConnectVersion.parse("2024.08.0"), doc.connectVersion());
    assertEquals(2, doc.desiredNodes());
    assertEquals(null, doc.targetGroupArn());
  }

  // ---- what provisioning needs (dataDir, config source, secrets, accounts, minHealthy) ---------

  private static ClusterDocument provisionable(String dataDir, String configParameter, String dbPasswordSecretId,
      String licenseKeySecretId, Integer connectUid, Integer connectGid, List<RunAsAccount> runAsAccounts,
      Integer minHealthy) {
    return new ClusterDocument("prod", null, "connect-db", null, "fs-0123abcd", "lt-0123",
        Map.of("eu-west-1a", "subnet-a"), "connect-vault", null, "https://cdn.posit.co/connect", 3,
        ConnectVersion.parse("2024.08.0"), dataDir, configParameter, dbPasswordSecretId, licenseKeySecretId, connectUid,
        connectGid, runAsAccounts, minHealthy);
  }

  @Test
  void aDocumentFromBeforeProvisioningGetsConnectsDataDirAndOneHealthyNode() {
    ClusterDocument doc = document("prod", "connect-db", null, "fs-0123abcd", Map.of(), 2);

    assertEquals("/var/lib/rstudio-connect", doc.dataDir());
    assertEquals(1, doc.minHealthy());
    assertEquals(List.of(), doc.runAsAccounts());
    assertEquals(null, doc.configParameter());
    assertEquals(List.of("subnetsByAz", "configParameter", "dbPasswordSecretId", "connectUid", "connectGid"),
        doc.missingForProvisioning());
  }

  @Test
  void readsTheProvisioningFieldsFromJson() throws Exception {
    String json = """
        {"name":"prod","dbInstanceId":"connect-db","fileSystemId":"fs-0123abcd","launchTemplateId":"lt-0123",
         "subnetsByAz":{"eu-west-1a":"subnet-a"},"desiredNodes":3,"connectVersion":"2024.08.0",
         "dataDir":"/srv/connect","configParameter":"/connect/prod/rstudio-connect.gcfg",
         "dbPasswordSecretId":"arn:aws:secretsmanager:eu-west-1:123456789012:secret:connect-db-AbCdEf",
         "licenseKeySecretId":"connect/licence","connectUid":"999","connectGid":998,
         "runAsAccounts":[{"name":"svc-reports","uid":2001,"gid":2001}],"minHealthy":2}""";

    ClusterDocument doc = Json.MAPPER.readValue(json, ClusterDocument.class);

    assertEquals("/srv/connect", doc.dataDir());
    assertEquals("/connect/prod/rstudio-connect.gcfg", doc.configParameter());
    assertEquals("arn:aws:secretsmanager:eu-west-1:123456789012:secret:connect-db-AbCdEf", doc.dbPasswordSecretId());
    assertEquals("connect/licence", doc.licenseKeySecretId());
    assertEquals(999, doc.connectUid(), "the template registers numbers as strings");
    assertEquals(998, doc.connectGid());
    assertEquals(List.of(new RunAsAccount("svc-reports", 2001, 2001)), doc.runAsAccounts());
    assertEquals("svc-reports:2001:2001", doc.runAsAccounts().get(0).asParameter());
    assertEquals(2, doc.minHealthy());
    assertEquals(List.of(), doc.missingForProvisioning());
  }

  @Test
  void theTemplatesEmptyParametersMeanUnset() throws Exception {
    String json = """
        {"name":"prod","dbInstanceId":"connect-db","fileSystemId":"fs-0123abcd","desiredNodes":2,
         "connectVersion":"2024.08.0","dataDir":"","configParameter":"","dbPasswordSecretId":"",
         "licenseKeySecretId":"","connectUid":"","connectGid":"","runAsAccounts":[],"minHealthy":1}""";

    ClusterDocument doc = Json.MAPPER.readValue(json, ClusterDocument.class);

    assertEquals("/var/lib/rstudio-connect", doc.dataDir());
    assertEquals(null, doc.licenseKeySecretId());
    assertEquals(null, doc.connectUid());
  }

  @ParameterizedTest
  @ValueSource(strings = {"var/lib/connect", "/", "/srv/connect/", "/srv/../etc", "/srv/$(reboot)", "/srv/con nect"})
  void rejectsADataDirThatIsNotAPlainAbsolutePath(String dataDir) {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> provisionable(dataDir, null, null, null, null, null, null, null));
    assertTrue(e.getMessage().contains("dataDir"), e.getMessage());
  }

  @Test
  void rejectsMalformedConfigParameterAndSecretsByName() {
    for (String field : List.of("configParameter", "dbPasswordSecretId", "licenseKeySecretId")) {
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> provisionable(null,
          field.equals("configParameter") ? "/connect/gcfg; reboot" : "/connect/gcfg",
          field.equals("dbPasswordSecretId") ? "db secret" : "db",
          field.equals("licenseKeySecretId") ? "licence'key" : null, null, null, null, null), field);
      assertTrue(e.getMessage().contains(field), e.getMessage());
    }
  }

  @Test
  void rejectsAUidWithoutItsGidAndRootsIds() {
    assertTrue(assertThrows(InvalidInputException.class, () -> provisionable(null, null, null, null, 999, null, null, null))
        .getMessage().contains("connectUid and connectGid"));
    assertTrue(assertThrows(InvalidInputException.class, () -> provisionable(null, null, null, null, 0, 998, null, null))
        .getMessage().contains("connectUid must be at least 1"));
    assertTrue(assertThrows(InvalidInputException.class, () -> provisionable(null, null, null, null, 999, 0, null, null))
        .getMessage().contains("connectGid must be at least 1"));
  }

  @Test
  void rejectsRunAsAccountsThatClash() {
    RunAsAccount reports = new RunAsAccount("svc-reports", 2001, 2001);
    assertTrue(assertThrows(InvalidInputException.class, () -> provisionable(null, null, null, null, 999, 998,
        List.of(reports, reports), null)).getMessage().contains("runAsAccounts lists svc-reports twice"));
    assertTrue(assertThrows(InvalidInputException.class, () -> provisionable(null, null, null, null, 999, 998,
        List.of(new RunAsAccount("rstudio-connect", 999, 998)), null)).getMessage().contains("connectUid/connectGid describe"));
    assertTrue(assertThrows(InvalidInputException.class, () -> provisionable(null, null, null, null, 999, 998,
        List.of(new RunAsAccount("svc-reports", 999, 2001)), null)).getMessage().contains("uid 999 is another account's"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Reports", "1st", "svc reports", "a-name-far-too-long-for-useradd-to-take"})
  void rejectsARunAsAccountNameUseraddWouldRefuse(String name) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> new RunAsAccount(name, 2001, 2001));
    assertTrue(e.getMessage().startsWith("runAsAccounts: "), e.getMessage());
  }

  @Test
  void rejectsARunAsAccountAsRoot() {
    assertThrows(InvalidInputException.class, () -> new RunAsAccount("svc-reports", 0, 2001));
    assertThrows(InvalidInputException.class, () -> new RunAsAccount("svc-reports", 2001, 0));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void rejectsMinHealthyOutsideOneToDesiredNodes(int minHealthy) {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> provisionable(null, null, null, null, null, null, null, minHealthy));
    assertTrue(e.getMessage().contains("minHealthy must be between 1 and desiredNodes (3)"), e.getMessage());
  }

  // ---- topology ------------------------------------------------------------------------------

  @Test
  void aDocumentWithoutATopologyIsEc2() throws Exception {
    ClusterDocument doc = Json.MAPPER.readValue("""
        {"name":"prod","dbInstanceId":"connect-db","fileSystemId":"fs-0123abcd","desiredNodes":2,
         "connectVersion":"2024.08.0"}""", ClusterDocument.class);
    assertEquals(Topology.EC2, doc.topology());
    assertEquals(null, doc.eks());
    assertTrue(!doc.onEks());
  }

  @Test
  void readsAnEksClusterWithTheChartsContainerAndConfigMapByDefault() throws Exception {
    ClusterDocument doc = Json.MAPPER.readValue("""
        {"name":"prod","topology":"eks","dbInstanceId":"connect-db","fileSystemId":"fs-0123abcd","desiredNodes":2,
         "connectVersion":"2024.08.0","targetGroupArn":"arn:tg",
         "eks":{"cluster":"posit","namespace":"connect","workload":"connect-rstudio-connect","helmRelease":"connect"}}
        """, ClusterDocument.class);
    assertTrue(doc.onEks());
    assertEquals(dev.connectha.model.eks.EksWorkload.of("posit", "connect", "connect-rstudio-connect"),
        doc.eks().eksWorkload());
    assertEquals("connect-rstudio-connect-config", doc.eks().configMap());
    assertEquals("eks", Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(doc)).path("topology").asText());
  }

  @Test
  void anEksTopologyWithoutItsWorkloadIsRefusedByName() {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> new ClusterDocument("prod", null,
        "connect-db", null, "fs-1", null, Map.of(), null, null, null, 2, ConnectVersion.parse("2024.08.0"), null, null,
        null, null, null, null, null, null, null, Topology.EKS, null));
    assertTrue(e.getMessage().contains("topology eks needs eks"), e.getMessage());
  }

  @Test
  void anEksPlacementOnAnEc2ClusterIsRefused() {
    EksPlacement eks = new EksPlacement("posit", "connect", "connect-rstudio-connect", null, "connect", null);
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> new ClusterDocument("prod", null,
        "connect-db", null, "fs-1", null, Map.of(), null, null, null, 2, ConnectVersion.parse("2024.08.0"), null, null,
        null, null, null, null, null, null, null, Topology.EC2, eks));
    assertTrue(e.getMessage().contains("topology is ec2"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"k8s", "EKS2", ""})
  void anUnknownTopologyIsRefusedByName(String topology) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> Topology.of(topology));
    assertTrue(e.getMessage().contains("ec2 or eks"), e.getMessage());
  }

  @Test
  void anEksPlacementNeedsAHelmReleaseAndKubernetesNames() {
    assertThrows(InvalidInputException.class, () -> new EksPlacement("posit", "connect", "connect-rsc", null, null, null));
    assertThrows(InvalidInputException.class, () -> new EksPlacement("posit", "Connect", "connect-rsc", null, "c", null));
    assertThrows(InvalidInputException.class, () -> new EksPlacement("posit", "connect", "connect_rsc", null, "c", null));
  }
}
