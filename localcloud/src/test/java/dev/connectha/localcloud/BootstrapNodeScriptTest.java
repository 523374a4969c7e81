package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.config.DocumentKind;
import dev.connectha.localcloud.ScriptRuns.Output;
import dev.connectha.localcloud.twin.BareNode;
import dev.connectha.localcloud.twin.CommandDocument;
import dev.connectha.localcloud.twin.SimNode;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.RunAsAccount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real BootstrapNode document's script, taken from template.yaml with its parameters put in as
 * SSM does, run with bash against a {@link BareNode}: a node as EC2 launched it, with stubs for
 * accounts, mounts, chrony, the package managers and the AWS CLI (the config parameter and the
 * secrets are read on the node).
 */
class BootstrapNodeScriptTest {
  private static final CloudTemplate TEMPLATE = CloudTemplate.load(LocalCloud.projectRoot().resolve("template.yaml"),
      LocalCloud.STACK, LocalCloud.REGION,
      Map.of("TargetGroupArn", "tg", "DbInstanceIdentifier", "db", "FileSystemId", "fs-0123456789abcdef0"));
  private static final CommandDocument BOOTSTRAP = CommandDocument.of(TEMPLATE.properties("BootstrapNodeDocument"));

  private static final String FS = "fs-0123456789abcdef0";
  private static final String CONFIG_PARAMETER = "/connect/prod/rstudio-connect.gcfg";
  private static final String DB_SECRET = "connect/prod/db";
  private static final String LICENSE_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:connect/licence-AbCdEf";
  /** Distinctive secret values: none may appear anywhere but the root-only configuration. */
  private static final String DB_PASSWORD = "Pw-7c1e9f-\"quoted\"-\\slash";
  private static final String LICENSE_KEY = "LK-3b8d-51f0-SECRET-KEY";
  private static final String SHARED_CONFIG = """
      [Server]
      Address = "https://connect.example.com"

      [Database]
      Provider = "postgres"

      [Postgres]
      URL = "postgres://connect@connect-db.abc.eu-west-1.rds.amazonaws.com:5432/connect?sslmode=require"
      """;
  private static final String DATA = "/var/lib/rstudio-connect";
  private static final String NFS_LINE = FS + ".efs.eu-west-1.amazonaws.com:/ " + DATA
      + " nfs4 nfsvers=4.1,rsize=1048576,wsize=1048576,hard,timeo=600,retrans=2,noresvport,_netdev 0 0";
  private static final String EFS_LINE = FS + ":/ " + DATA + " efs _netdev,tls 0 0";

  @TempDir
  Path dir;

  private static BareNode.Spec bare(String osRelease) {
    BareNode.Spec spec = new BareNode.Spec(osRelease);
    spec.parameters.put(CONFIG_PARAMETER, SHARED_CONFIG);
    spec.secrets.put(DB_SECRET, DB_PASSWORD);
    spec.secrets.put(LICENSE_SECRET, LICENSE_KEY);
    return spec;
  }

  /** A bare node of {@code osRelease}, its spec changed by {@code setUp} before it is laid out. */
  private BareNode node(String osRelease, java.util.function.Consumer<BareNode.Spec> setUp) {
    BareNode.Spec spec = bare(osRelease);
    setUp.accept(spec);
    return new BareNode(dir, spec);
  }

  private static Map<String, List<String>> parameters() {
    return new HashMap<>(Map.of("fileSystemId", List.of(FS), "configParameter", List.of(CONFIG_PARAMETER),
        "dbPasswordSecretId", List.of(DB_SECRET), "connectUid", List.of("999"), "connectGid", List.of("998"),
        "runAsAccounts", List.of("svc-reports:2001:2001 svc-etl:2002:998")));
  }

  private static Map<String, List<String>> withLicence() {
    Map<String, List<String>> parameters = parameters();
    parameters.put("licenseKeySecretId", List.of(LICENSE_SECRET));
    return parameters;
  }

  private Output bootstrap(BareNode node, Map<String, List<String>> parameters) {
    return ScriptRuns.run(node.dir, node.bin, BOOTSTRAP.render(parameters), node.environment(), Duration.ofSeconds(60));
  }

  private Output bootstrap(BareNode node) {
    return bootstrap(node, parameters());
  }

  // ---- the document in template.yaml ----------------------------------------------------------

  @Test
  void theDocumentIsOneShellStepWhoseParametersAreTheClusterDocumentsPatterns() {
    JsonNode content = TEMPLATE.properties("BootstrapNodeDocument").path("Content");
    JsonNode p = content.path("parameters");
    assertAll(
        () -> assertEquals(LocalCloud.documentName(LocalCloud.STACK, DocumentKind.BOOTSTRAP_NODE),
            TEMPLATE.ref("BootstrapNodeDocument")),
        () -> assertEquals(1, content.path("mainSteps").size()),
        () -> assertEquals("aws:runShellScript", content.path("mainSteps").get(0).path("action").asText()),
        () -> assertEquals(java.util.Set.of("fileSystemId", "dataDir", "configParameter", "dbPasswordSecretId",
            "licenseKeySecretId", "connectUid", "connectGid", "runAsAccounts"), BOOTSTRAP.parameters().keySet()),
        () -> assertEquals(ClusterDocument.DEFAULT_DATA_DIR, p.path("dataDir").path("default").asText()),
        () -> assertEquals("^" + ClusterDocument.DATA_DIR_PATTERN + "$", p.path("dataDir").path("allowedPattern").asText()),
        () -> assertEquals("^" + ClusterDocument.PARAMETER_NAME_PATTERN + "$", p.path("configParameter").path("allowedPattern").asText()),
        () -> assertEquals("^" + ClusterDocument.SECRET_ID_PATTERN + "$", p.path("dbPasswordSecretId").path("allowedPattern").asText()),
        () -> assertEquals("^(" + ClusterDocument.SECRET_ID_PATTERN + ")?$", p.path("licenseKeySecretId").path("allowedPattern").asText()),
        () -> assertTrue(p.path("runAsAccounts").path("allowedPattern").asText().startsWith("^(" + RunAsAccount.NAME_PATTERN + ":"),
            "the accounts' names follow RunAsAccount's"),
        () -> assertTrue(p.path("dbPasswordSecretId").path("default").isMissingNode(), "the database secret is required"));
  }

  @Test
  void aClusterDocumentsAccountsRenderAsTheRunAsAccountsParameter() {
    String rendered = String.join(" ", Stream.of(new RunAsAccount("svc-reports", 2001, 2001), new RunAsAccount("svc-etl", 2002, 998))
        .map(RunAsAccount::asParameter).toList());
    Map<String, List<String>> parameters = parameters();
    parameters.put("runAsAccounts", List.of(rendered));

    assertTrue(BOOTSTRAP.render(parameters).contains("run_as_accounts='svc-reports:2001:2001 svc-etl:2002:998'"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"root:0:0", "svc:2001", "svc:2001:2001;reboot", "Svc:2001:2001", "svc:2001:2001  svc2:2002:2002"})
  void ssmRefusesRunAsAccountsOutsideThePattern(String accounts) {
    Map<String, List<String>> parameters = parameters();
    parameters.put("runAsAccounts", List.of(accounts));

    assertThrows(IllegalArgumentException.class, () -> BOOTSTRAP.render(parameters));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/srv/$(reboot)", "relative/dir", "/srv/data/", "/srv/../etc"})
  void ssmRefusesADataDirOutsideThePattern(String dataDir) {
    Map<String, List<String>> parameters = parameters();
    parameters.put("dataDir", List.of(dataDir));

    assertThrows(IllegalArgumentException.class, () -> BOOTSTRAP.render(parameters));
  }

  // ---- a bare node ends bootstrapped ----------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"UBUNTU_22_04", "RHEL_9", "ROCKY_8"})
  void aBareNodeEndsBootstrapped(String os) throws Exception {
    BareNode.Spec spec = bare((String) SimNode.class.getField(os).get(null));
    BareNode node = new BareNode(dir, spec);
    boolean debian = spec.debianFamily();

    JsonNode json = bootstrap(node).json();

    assertAll(
        () -> assertEquals(BareNode.INSTANCE_ID, json.path("instanceId").asText()),
        () -> assertTrue(json.path("changed").asBoolean()),
        () -> assertEquals(List.of("rstudio-connect", "svc-reports"), strings(json.path("groupsCreated"))),
        () -> assertEquals(List.of("rstudio-connect", "svc-reports", "svc-etl"), strings(json.path("usersCreated"))),
        () -> assertEquals(List.of("svc-reports", "svc-etl"), strings(json.path("addedToRstudioConnectGroup"))),
        () -> assertEquals("nfs4", json.path("mount").asText()),
        () -> assertEquals("written", json.path("fstab").asText()),
        () -> assertEquals(DATA + "/node-metrics/" + BareNode.INSTANCE_ID, json.path("metricsDataPath").asText()),
        () -> assertEquals("none", json.path("license").asText()),
        () -> assertEquals(-0.000012, json.path("clockOffsetSeconds").asDouble(), 1e-9));
    // accounts with the cluster's ids, before any package
    assertTrue(node.file("/etc/passwd").contains("\nrstudio-connect:x:999:998:"), node.file("/etc/passwd"));
    assertTrue(node.file("/etc/passwd").contains("\nsvc-reports:x:2001:2001:"));
    assertTrue(node.file("/etc/passwd").contains("\nsvc-etl:x:2002:998:"), "svc-etl's primary group is rstudio-connect's GID");
    assertTrue(node.file("/etc/group").contains("\nrstudio-connect:x:998:svc-reports,svc-etl\n"), node.file("/etc/group"));
    assertTrue(node.file("/etc/group").contains("\nsvc-reports:x:2001:\n"));
    // the file system, in fstab once and mounted
    assertEquals(List.of(NFS_LINE), fstabLines(node));
    assertTrue(node.file("/etc/fstab").startsWith("LABEL=cloudimg-rootfs\t/\text4"), "the root line is kept");
    assertTrue(BareNode.read(node.state.resolve("mounts")).contains(FS + ".efs.eu-west-1.amazonaws.com:/ " + DATA + " nfs4 nfsvers=4.1,"));
    assertTrue(Files.isDirectory(node.root.resolve("var/lib/rstudio-connect/node-metrics/" + BareNode.INSTANCE_ID)));
    // the shared configuration, with this node's values last
    String gcfg = node.file("/etc/rstudio-connect/rstudio-connect.gcfg");
    assertTrue(gcfg.startsWith(SHARED_CONFIG), gcfg);
    assertTrue(gcfg.endsWith("[Server]\nDataDir = \"" + DATA + "\"\n\n[Metrics]\nDataPath = \"" + DATA + "/node-metrics/"
        + BareNode.INSTANCE_ID + "\"\n\n[Postgres]\nPassword = \"Pw-7c1e9f-\\\"quoted\\\"-\\\\slash\"\n"), gcfg);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
        node.root.resolve("etc/rstudio-connect/rstudio-connect.gcfg"))));
    // chrony on the Amazon Time Sync Service, started and waited for
    String chronyConf = node.file(debian ? "/etc/chrony/chrony.conf" : "/etc/chrony.conf");
    String unit = debian ? "chrony" : "chronyd";
    assertTrue(chronyConf.endsWith("\nserver 169.254.169.123 prefer iburst minpoll 4 maxpoll 4\n"), chronyConf);
    assertTrue(chronyConf.startsWith(debian ? "pool ntp.ubuntu.com" : "pool 2.rhel.pool.ntp.org"), "the distribution's sources stay");
    assertEquals(List.of("systemctl enable " + unit, "systemctl restart " + unit), node.calls("systemctl"));
    assertEquals(List.of("chronyc waitsync 3 0.1 0 1"), node.calls("chronyc"));
    assertEquals(List.of(), node.calls(debian ? "apt-get" : "dnf"), "chrony and the NFS client were there");
    assertEquals(List.of("aws --region eu-west-1 ssm get-parameter --name " + CONFIG_PARAMETER
            + " --with-decryption --query Parameter.Value --output text",
        "aws --region eu-west-1 secretsmanager get-secret-value --secret-id " + DB_SECRET + " --query SecretString --output text"),
        node.calls("aws"));
  }

  @Test
  void theClockIsSynchronisedBeforeAccountsSecretsOrTheMount() {
    BareNode node = new BareNode(dir, bare(SimNode.UBUNTU_22_04));

    bootstrap(node).json();

    List<String> order = BareNode.read(node.state.resolve("calls")).lines().map(l -> l.split(" ")[0]).distinct().toList();
    assertEquals(List.of("systemctl", "chronyc", "groupadd", "useradd", "usermod", "aws", "mount"), order);
  }

  @Test
  void aSecondRunChangesNothing() {
    BareNode node = new BareNode(dir, bare(SimNode.RHEL_9));
    Map<String, List<String>> parameters = withLicence();
    bootstrap(node, parameters).json();
    Map<String, String> after = ScriptRuns.snapshot(node.root);
    int calls = BareNode.read(node.state.resolve("calls")).lines().toList().size();

    JsonNode second = bootstrap(node, parameters).json();

    assertFalse(second.path("changed").asBoolean(), second.toString());
    assertEquals(List.of(), strings(second.path("usersCreated")));
    assertEquals(List.of(), strings(second.path("groupsCreated")));
    assertEquals(List.of(), strings(second.path("addedToRstudioConnectGroup")));
    assertEquals("unchanged", second.path("fstab").asText());
    assertFalse(second.path("configWritten").asBoolean());
    assertEquals(after, ScriptRuns.snapshot(node.root), "no file changed");
    assertEquals(List.of(NFS_LINE), fstabLines(node));
    List<String> secondCalls = BareNode.read(node.state.resolve("calls")).lines().skip(calls).map(l -> l.split(" ")[0]).toList();
    assertFalse(secondCalls.contains("useradd") || secondCalls.contains("groupadd") || secondCalls.contains("usermod")
        || secondCalls.contains("mount"), secondCalls.toString());
    assertEquals(List.of("systemctl enable chronyd", "systemctl start chronyd"),
        node.calls("systemctl").subList(2, 4), "chrony.conf unchanged: started, not restarted");
  }

  // ---- accounts -------------------------------------------------------------------------------

  @ParameterizedTest(name = "{4}")
  @CsvSource(delimiter = '|', value = {
      "UBUNTU_22_04 | rstudio-connect:x:1500:998::/nonexistent:/usr/sbin/nologin | rstudio-connect:x:998: | rstudio-connect"
          + " | user rstudio-connect exists with UID 1500, but the cluster's is 999",
      "UBUNTU_22_04 | rstudio-connect:x:999:1700::/nonexistent:/usr/sbin/nologin | rstudio-connect:x:998: | rstudio-connect"
          + " | user rstudio-connect exists with primary GID 1700, but the cluster's is 998",
      "RHEL_9 | '' | rstudio-connect:x:1700: | rstudio-connect | group rstudio-connect exists with GID 1700, but the cluster's is 998",
      "RHEL_9 | ec2-user:x:2001:2001::/home/ec2-user:/bin/bash | ec2-user:x:2001: | svc-reports"
          + " | UID 2001, the cluster's for user svc-reports, belongs to user ec2-user",
      "ROCKY_8 | '' | docker:x:998: | rstudio-connect | GID 998, the cluster's for group rstudio-connect, belongs to group docker"})
  void anAccountWithOtherIdsIsAFailureThatNamesItAndChangesNoAccount(String os, String passwdLine, String groupLine,
      String account, String message) throws Exception {
    BareNode.Spec spec = bare((String) SimNode.class.getField(os).get(null));
    if (!passwdLine.isEmpty()) {
      spec.passwd.append(passwdLine).append('\n');
    }
    spec.group.append(groupLine).append('\n');
    BareNode node = new BareNode(dir, spec);
    String passwd = node.file("/etc/passwd");

    Output output = bootstrap(node);

    assertEquals(1, output.exit());
    assertEquals("", output.stdout());
    assertTrue(output.stderr().startsWith("ConnectHa-BootstrapNode: " + message), output.stderr());
    assertTrue(node.file("/etc/passwd").startsWith(passwd), "no account was changed silently");
    assertTrue(node.file("/etc/group").contains("\n" + groupLine + "\n"), node.file("/etc/group"));
    assertTrue(node.calls("useradd").stream().noneMatch(c -> c.endsWith(" " + account)), node.calls("useradd").toString());
    assertEquals(List.of(), node.calls("usermod"));
    assertFalse(Files.exists(node.root.resolve("etc/rstudio-connect/rstudio-connect.gcfg")));
  }

  @Test
  void anExistingAccountWithTheClustersIdsIsKept() {
    BareNode node = node(SimNode.UBUNTU_22_04, spec -> {
      spec.group.append("rstudio-connect:x:998:\n");
      spec.passwd.append("rstudio-connect:x:999:998::/home/rstudio-connect:/bin/false\n");
    });

    JsonNode json = bootstrap(node).json();

    assertEquals(List.of("svc-reports", "svc-etl"), strings(json.path("usersCreated")));
    assertTrue(node.file("/etc/passwd").contains("\nrstudio-connect:x:999:998::/home/rstudio-connect:/bin/false\n"));
  }

  // ---- the file system ------------------------------------------------------------------------

  @Test
  void withEfsUtilsTheFileSystemMountsOverTls() {
    BareNode node = node(SimNode.UBUNTU_22_04, spec -> spec.efsUtils = true);

    JsonNode json = bootstrap(node).json();

    assertEquals("efs-tls", json.path("mount").asText());
    assertEquals("127.0.0.1:/", json.path("mountSource").asText(), "efs-utils mounts through its local TLS tunnel");
    assertEquals(List.of(EFS_LINE), fstabLines(node));
    assertTrue(bootstrap(node).json().path("changed").asBoolean() == false, "a TLS mount is recognised as ours");
  }

  @Test
  void withoutAnNfsClientTheDistributionsIsInstalled() {
    BareNode.Spec rhel = bare(SimNode.RHEL_9);
    rhel.nfsClient = false;
    rhel.chrony = false;
    BareNode node = new BareNode(dir, rhel);

    bootstrap(node).json();

    assertEquals(List.of("dnf install -y chrony", "dnf install -y nfs-utils"), node.calls("dnf"));
    assertEquals(List.of(NFS_LINE), fstabLines(node));
  }

  @Test
  void anotherLineForTheDataDirectoryIsReplacedByOurs() throws IOException {
    BareNode node = new BareNode(dir, bare(SimNode.UBUNTU_22_04));
    Files.writeString(node.root.resolve("etc/fstab"), "fs-0ld.efs.eu-west-1.amazonaws.com:/ " + DATA + "/ nfs4 defaults 0 0\n",
        java.nio.file.StandardOpenOption.APPEND);

    bootstrap(node).json();

    assertEquals(List.of(NFS_LINE), fstabLines(node));
  }

  @Test
  void somethingElseMountedAtTheDataDirectoryIsAFailure() throws IOException {
    BareNode node = new BareNode(dir, bare(SimNode.UBUNTU_22_04));
    Files.writeString(node.state.resolve("mounts"), "/dev/nvme1n1 " + DATA + " ext4 rw\n", java.nio.file.StandardOpenOption.APPEND);

    Output output = bootstrap(node);

    assertEquals(1, output.exit());
    assertTrue(output.stderr().startsWith("ConnectHa-BootstrapNode: " + DATA + " already has /dev/nvme1n1 mounted, not " + FS),
        output.stderr());
  }

  // ---- configuration and secrets --------------------------------------------------------------

  @Test
  void aMissingConfigParameterFailsByNameAndWritesNoConfiguration() {
    BareNode node = node(SimNode.UBUNTU_22_04, spec -> spec.parameters.clear());

    Output output = bootstrap(node);

    assertEquals(1, output.exit());
    assertTrue(output.stderr().startsWith("ConnectHa-BootstrapNode: cannot read the config parameter " + CONFIG_PARAMETER
        + ": An error occurred (ParameterNotFound)"), output.stderr());
    assertNoConfiguration(node);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aMissingSecretFailsByNameAndWritesNoConfiguration(boolean licence) {
    BareNode node = node(SimNode.RHEL_9, spec -> spec.secrets.remove(licence ? LICENSE_SECRET : DB_SECRET));
    Map<String, List<String>> parameters = withLicence();

    Output output = bootstrap(node, parameters);

    assertEquals(1, output.exit());
    assertTrue(output.stderr().startsWith("ConnectHa-BootstrapNode: cannot read the "
        + (licence ? "licence key secret " + LICENSE_SECRET : "database password secret " + DB_SECRET)
        + ": An error occurred (ResourceNotFoundException)"), output.stderr());
    assertNoConfiguration(node);
  }

  @Test
  void anExistingConfigurationStaysWholeWhenASecretIsMissing() throws IOException {
    BareNode node = new BareNode(dir, bare(SimNode.UBUNTU_22_04));
    bootstrap(node).json();
    String before = node.file("/etc/rstudio-connect/rstudio-connect.gcfg");
    Files.delete(dir.resolve("aws/secrets").resolve(DB_SECRET.replace("/", "%2F")));

    assertEquals(1, bootstrap(node).exit());

    assertEquals(before, node.file("/etc/rstudio-connect/rstudio-connect.gcfg"));
    assertNoLeftovers(node);
  }

  @Test
  void anRdsManagedSecretGivesItsPasswordField() {
    String json = "{\"username\":\"connect\",\"password\":\"" + DB_PASSWORD.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    BareNode node = node(SimNode.UBUNTU_22_04, spec -> spec.secrets.put(DB_SECRET, json));

    bootstrap(node).json();

    assertTrue(node.file("/etc/rstudio-connect/rstudio-connect.gcfg")
        .endsWith("[Postgres]\nPassword = \"Pw-7c1e9f-\\\"quoted\\\"-\\\\slash\"\n"));
  }

  @Test
  void noSecretReachesOutputOrAnyFileButTheRootOnlyConfiguration() throws IOException {
    BareNode node = node(SimNode.UBUNTU_22_04, spec -> spec.licenseManager = true);
    Map<String, List<String>> parameters = withLicence();

    Output first = bootstrap(node, parameters);
    Output second = bootstrap(node, parameters);

    assertEquals("activated", first.json().path("license").asText());
    String escapedPassword = "Pw-7c1e9f-\\\"quoted\\\"-\\\\slash";
    for (Output output : List.of(first, second)) {
      for (String secret : List.of(DB_PASSWORD, escapedPassword, "Pw-7c1e9f", LICENSE_KEY)) {
        assertFalse(output.stdout().contains(secret) || output.stderr().contains(secret), "printed: " + secret);
      }
    }
    Path gcfg = node.root.resolve("etc/rstudio-connect/rstudio-connect.gcfg");
    try (Stream<Path> files = Files.walk(node.dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String content = Files.readString(file);
        assertFalse(content.contains(LICENSE_KEY), "the licence key is in " + file);
        if (!file.equals(gcfg)) {
          assertFalse(content.contains("Pw-7c1e9f"), "the database password is in " + file);
        }
      }
    }
    assertTrue(Files.readString(gcfg).contains(escapedPassword));
    assertEquals(List.of("license-manager activate"), node.calls("license-manager"), "activated once, not again");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
        node.root.resolve("var/lib/connect-ha/license-activated"))));
  }

  @Test
  void aFailedActivationIsReportedWithoutTheKey() throws IOException {
    BareNode node = node(SimNode.UBUNTU_22_04, spec -> spec.licenseManager = true);
    Files.writeString(node.bin.resolve("license-manager"), "#!/bin/sh\necho \"Activation of $2 failed: key rejected\"\nexit 1\n");
    Map<String, List<String>> parameters = withLicence();

    Output output = bootstrap(node, parameters);

    assertEquals(1, output.exit());
    assertEquals("ConnectHa-BootstrapNode: license-manager activate failed: Activation of [licence key] failed: key rejected \n",
        output.stderr());
  }

  @Test
  void beforeConnectIsInstalledTheLicenceWaitsAndItsKeyIsKeptNowhere() throws IOException {
    BareNode node = new BareNode(dir, bare(SimNode.RHEL_9));
    Map<String, List<String>> parameters = withLicence();

    assertEquals("pending-install", bootstrap(node, parameters).json().path("license").asText());
    assertFalse(Files.exists(node.root.resolve("var/lib/connect-ha/license-activated")));
  }

  @Test
  void withoutALicenceSecretNothingIsActivated() {
    BareNode node = node(SimNode.UBUNTU_22_04, spec -> spec.licenseManager = true);

    assertEquals("none", bootstrap(node).json().path("license").asText());
    assertEquals(List.of(), node.calls("license-manager"));
  }

  // ---- the clock ------------------------------------------------------------------------------

  @Test
  void aClockThatNeverSynchronisesFailsWithinItsBoundAndBeforeAnythingElse() {
    BareNode node = node(SimNode.RHEL_9, spec -> spec.clockSyncs = false);

    Output output = bootstrap(node);

    assertEquals(1, output.exit());
    assertTrue(output.stderr().startsWith("ConnectHa-BootstrapNode: the clock did not synchronise with the Amazon Time Sync Service "
        + "(169.254.169.123) within 3s: Reference ID : 00000000 ();Leap status : Not synchronised;"), output.stderr());
    assertEquals(List.of(), node.calls("useradd"));
    assertEquals(List.of(), node.calls("aws"));
    assertEquals(List.of(), node.calls("mount"));
  }

  @Test
  void withoutTheSsmAgentsVariablesTheInstanceMetadataServiceNamesTheNode() {
    BareNode node = node(SimNode.UBUNTU_22_04, spec -> spec.metadataOnly = true);

    JsonNode json = bootstrap(node).json();

    assertEquals(BareNode.INSTANCE_ID, json.path("instanceId").asText());
    assertTrue(node.calls("aws").get(0).startsWith("aws --region eu-west-1 "));
  }

  @Test
  void aDistributionPositDoesNotBuildForIsRefusedBeforeAnyChange() {
    BareNode node = new BareNode(dir, bare("ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"));

    Output output = bootstrap(node);

    assertEquals(1, output.exit());
    assertTrue(output.stderr().startsWith("ConnectHa-BootstrapNode: no Posit Connect package for Debian GNU/Linux 12"), output.stderr());
    assertEquals("", BareNode.read(node.state.resolve("calls")));
  }

  @Test
  void aNodeWithoutTheAwsCliIsRefusedBeforeAnyChange() throws IOException {
    BareNode node = new BareNode(dir, bare(SimNode.RHEL_9));
    Files.delete(node.bin.resolve("aws"));

    Output output = bootstrap(node);

    assertEquals(1, output.exit());
    assertTrue(output.stderr().startsWith("ConnectHa-BootstrapNode: the AWS CLI (aws) is not on this node"), output.stderr());
    assertEquals("", BareNode.read(node.state.resolve("calls")));
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static List<String> fstabLines(BareNode node) {
    return node.file("/etc/fstab").lines().filter(l -> l.contains(" " + DATA + " ") || l.contains(" " + DATA + "/ ")).toList();
  }

  private static List<String> strings(JsonNode array) {
    assertTrue(array.isArray(), array.toString());
    return Stream.of(array).flatMap(a -> java.util.stream.StreamSupport.stream(a.spliterator(), false)).map(JsonNode::asText).toList();
  }

  private static void assertNoConfiguration(BareNode node) {
    assertFalse(Files.exists(node.root.resolve("etc/rstudio-connect/rstudio-connect.gcfg")), "no configuration");
    assertNoLeftovers(node);
  }

  private static void assertNoLeftovers(BareNode node) {
    Path conf = node.root.resolve("etc/rstudio-connect");
    if (Files.isDirectory(conf)) {
      try (Stream<Path> files = Files.list(conf)) {
        assertEquals(List.of(), files.map(Path::getFileName).map(Path::toString).filter(n -> n.endsWith(".new")).toList());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
