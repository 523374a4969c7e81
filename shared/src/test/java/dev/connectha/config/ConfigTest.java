package dev.connectha.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigTest {

  @Test
  void usesDefaultsWhenOnlyTheRegionIsSet() {
    Config config = Config.from(Map.of("AWS_REGION", "eu-west-1"));
    assertEquals("eu-west-1", config.region());
    assertEquals(Optional.empty(), config.endpointOverride());
    assertEquals(Optional.empty(), config.credentials());
    assertEquals("/connect-ha/clusters/", config.clusterPrefix());
    assertEquals("/connect-ha/learned/", config.learnedPrefix());
    assertEquals("", config.lockTable());
    assertEquals("", config.backupSetTable());
    assertEquals(Optional.empty(), config.documentPrefix(), "no stack's document names by default: they would collide");
    assertEquals(Duration.ofSeconds(120), config.commandTimeout());
    assertEquals("ConnectHa", config.metricsNamespace());
  }

  @Test
  void readsEveryVariable() {
    Config config = Config.from(Map.ofEntries(
        Map.entry("AWS_REGION", "us-east-2"),
        Map.entry("AWS_ENDPOINT_URL", "http://localhost:4566"),
        Map.entry("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
        Map.entry("AWS_SECRET_ACCESS_KEY", "secret"),
        Map.entry("AWS_SESSION_TOKEN", "token"),
        Map.entry("CLUSTER_PARAMETER_PREFIX", "/test/clusters/"),
        Map.entry("LEARNED_PARAMETER_PREFIX", "/test/learned/"),
        Map.entry("LOCK_TABLE_NAME", "connect-ha-locks"),
        Map.entry("BACKUP_SET_TABLE_NAME", "connect-ha-backup-sets"),
        Map.entry("NODE_DOCUMENT_PREFIX", "test-stack-"),
        Map.entry("COMMAND_TIMEOUT_SECONDS", "30")));
    assertEquals(Map.entry("us-east-2", Optional.of(URI.create("http://localhost:4566"))),
        Map.entry(config.region(), config.endpointOverride()));
    assertEquals(Optional.of(new Config.Credentials("AKIDEXAMPLE", "secret", "token")), config.credentials());
    assertEquals("/test/clusters/", config.clusterPrefix());
    assertEquals("/test/learned/", config.learnedPrefix());
    assertEquals("connect-ha-locks", config.lockTable());
    assertEquals("connect-ha-backup-sets", config.backupSetTable());
    assertEquals(Optional.of("test-stack-"), config.documentPrefix());
    assertEquals("test-stack-NodeFacts", config.documentName(DocumentKind.NODE_FACTS));
    assertEquals("test-stack-StopConnect", config.documentName(DocumentKind.STOP_CONNECT));
    assertEquals("test-stack-StartConnect", config.documentName(DocumentKind.START_CONNECT));
    assertEquals("test-stack-ConnectStatus", config.documentName(DocumentKind.CONNECT_STATUS));
    assertEquals("test-stack-StageConnect", config.documentName(DocumentKind.STAGE_CONNECT));
    assertEquals("test-stack-InstallConnect", config.documentName(DocumentKind.INSTALL_CONNECT));
    assertEquals(Duration.ofSeconds(30), config.commandTimeout());
  }

  @Test
  void fallsBackToTheDefaultRegion() {
    assertEquals("eu-central-1", Config.from(Map.of("AWS_DEFAULT_REGION", "eu-central-1")).region());
  }

  @Test
  void prefersAwsRegionOverTheDefaultRegion() {
    assertEquals("eu-west-1",
        Config.from(Map.of("AWS_REGION", "eu-west-1", "AWS_DEFAULT_REGION", "eu-central-1")).region());
  }

  @Test
  void treatsABlankRegionAsUnset() {
    assertEquals("eu-central-1",
        Config.from(Map.of("AWS_REGION", " ", "AWS_DEFAULT_REGION", "eu-central-1")).region());
  }

  @Test
  void rejectsAMissingRegion() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Config.from(Map.of()));
    assertTrue(e.getMessage().contains("AWS_REGION"), e.getMessage());
  }

  @Test
  void ignoresABlankEndpoint() {
    assertEquals(Optional.empty(),
        Config.from(Map.of("AWS_REGION", "eu-west-1", "AWS_ENDPOINT_URL", "")).endpointOverride());
  }

  @Test
  void readsCredentialsWithoutASessionToken() {
    Config config = Config.from(Map.of("AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
        "AWS_SECRET_ACCESS_KEY", "secret"));
    assertEquals(Optional.of(new Config.Credentials("AKIDEXAMPLE", "secret", null)), config.credentials());
  }

  @Test
  void ignoresASecretWithoutAnAccessKey() {
    assertEquals(Optional.empty(),
        Config.from(Map.of("AWS_REGION", "eu-west-1", "AWS_SECRET_ACCESS_KEY", "secret")).credentials());
  }

  @ParameterizedTest
  @ValueSource(strings = {"connect-ha/clusters/", "/connect-ha/clusters", "", "clusters"})
  void rejectsAPrefixThatIsNotAPath(String prefix) {
    Map<String, String> env = new HashMap<>(Map.of("AWS_REGION", "eu-west-1"));
    env.put("CLUSTER_PARAMETER_PREFIX", prefix);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Config.from(env));
    assertTrue(e.getMessage().contains("CLUSTER_PARAMETER_PREFIX"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"connect-ha/learned/", "/connect-ha/learned", "", "/connect-ha/clusters/"})
  void rejectsALearnedPrefixThatIsNotAPathOrIsTheClustersOwn(String prefix) {
    Map<String, String> env = new HashMap<>(Map.of("AWS_REGION", "eu-west-1"));
    env.put("LEARNED_PARAMETER_PREFIX", prefix);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Config.from(env));
    assertTrue(e.getMessage().contains("LEARNED_PARAMETER_PREFIX"), e.getMessage());
  }

  // ---- the stack's SSM documents ------------------------------------------------------------------

  @Test
  void namesEveryDocumentOfTheStackAfterItsPrefix() {
    Config config = Config.from(Map.of("AWS_REGION", "eu-west-1", "NODE_DOCUMENT_PREFIX", "connect-ha-"));
    assertEquals(Map.of(
            DocumentKind.NODE_FACTS, "connect-ha-NodeFacts",
            DocumentKind.STOP_CONNECT, "connect-ha-StopConnect",
            DocumentKind.START_CONNECT, "connect-ha-StartConnect",
            DocumentKind.CONNECT_STATUS, "connect-ha-ConnectStatus",
            DocumentKind.STAGE_CONNECT, "connect-ha-StageConnect",
            DocumentKind.INSTALL_CONNECT, "connect-ha-InstallConnect",
            DocumentKind.BOOTSTRAP_NODE, "connect-ha-BootstrapNode",
            DocumentKind.DEACTIVATE_LICENSE, "connect-ha-DeactivateLicense"),
        Arrays.stream(DocumentKind.values()).collect(Collectors.toMap(k -> k, config::documentName)));
  }

  @Test
  void twoStacksNameNoDocumentAlike() {
    Config blue = Config.from(Map.of("AWS_REGION", "eu-west-1", "NODE_DOCUMENT_PREFIX", "connect-ha-blue-"));
    Config green = Config.from(Map.of("AWS_REGION", "eu-west-1", "NODE_DOCUMENT_PREFIX", "connect-ha-green-"));
    Set<String> names = new HashSet<>();
    for (DocumentKind kind : DocumentKind.values()) {
      names.add(blue.documentName(kind));
      names.add(green.documentName(kind));
    }
    assertEquals(2 * DocumentKind.values().length, names.size(), names.toString());
  }

  @Test
  void refusesToNameADocumentWithoutThePrefix() {
    Config config = Config.from(Map.of("AWS_REGION", "eu-west-1"));
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> config.documentName(DocumentKind.STOP_CONNECT));
    assertTrue(e.getMessage().startsWith("NODE_DOCUMENT_PREFIX is not set, so the StopConnect document"), e.getMessage());
  }

  @Test
  void treatsABlankPrefixAsUnset() {
    Config config = Config.from(Map.of("AWS_REGION", "eu-west-1", "NODE_DOCUMENT_PREFIX", " "));
    assertEquals(Optional.empty(), config.documentPrefix());
    assertThrows(InvalidConfigurationException.class, () -> config.documentName(DocumentKind.NODE_FACTS));
  }

  @ParameterizedTest
  @ValueSource(strings = {"connect ha-", "stacks/connect-ha-", "connect-ha:", "connect-hä-", "aws-connect-", "AWS-",
      "amazon-connect-", "Amzn-"})
  void rejectsAPrefixSsmWouldRefuseInADocumentName(String prefix) {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> Config.from(Map.of("AWS_REGION", "eu-west-1", "NODE_DOCUMENT_PREFIX", prefix)));
    assertTrue(e.getMessage().startsWith("NODE_DOCUMENT_PREFIX "), e.getMessage());
    assertTrue(e.getMessage().endsWith("'" + prefix + "'"), e.getMessage());
  }

  @Test
  void acceptsThePrefixThatMakesTheLongestNameSsmAllows() {
    int longest = "DeactivateLicense".length();
    String prefix = "s".repeat(128 - longest - 1) + "-";
    Config config = Config.from(Map.of("AWS_REGION", "eu-west-1", "NODE_DOCUMENT_PREFIX", prefix));
    assertEquals(128, config.documentName(DocumentKind.DEACTIVATE_LICENSE).length());
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> Config.from(Map.of("AWS_REGION", "eu-west-1", "NODE_DOCUMENT_PREFIX", "s" + prefix)));
    assertTrue(e.getMessage().startsWith("NODE_DOCUMENT_PREFIX is 112 characters long; SSM names are at most 128, "
        + "so it may be at most 111"), e.getMessage());
  }

  @Test
  void rejectsANonNumericCommandTimeout() {
    assertThrows(NumberFormatException.class,
        () -> Config.from(Map.of("AWS_REGION", "eu-west-1", "COMMAND_TIMEOUT_SECONDS", "two minutes")));
  }
}
