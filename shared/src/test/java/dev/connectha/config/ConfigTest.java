package dev.connectha.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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
    assertEquals("ConnectHa-NodeFacts", config.nodeFactsDocument());
    assertEquals("ConnectHa-StopConnect", config.stopConnectDocument());
    assertEquals("ConnectHa-StartConnect", config.startConnectDocument());
    assertEquals("ConnectHa-ConnectStatus", config.connectStatusDocument());
    assertEquals("ConnectHa-StageConnect", config.stageConnectDocument());
    assertEquals("ConnectHa-InstallConnect", config.installConnectDocument());
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
        Map.entry("NODE_FACTS_DOCUMENT", "Test-NodeFacts"),
        Map.entry("COMMAND_TIMEOUT_SECONDS", "30"),
        Map.entry("STOP_CONNECT_DOCUMENT", "Test-Stop"),
        Map.entry("START_CONNECT_DOCUMENT", "Test-Start"),
        Map.entry("CONNECT_STATUS_DOCUMENT", "Test-Status"),
        Map.entry("STAGE_CONNECT_DOCUMENT", "Test-Stage"),
        Map.entry("INSTALL_CONNECT_DOCUMENT", "Test-Install")));
    assertEquals(Map.entry("us-east-2", Optional.of(URI.create("http://localhost:4566"))),
        Map.entry(config.region(), config.endpointOverride()));
    assertEquals(Optional.of(new Config.Credentials("AKIDEXAMPLE", "secret", "token")), config.credentials());
    assertEquals("/test/clusters/", config.clusterPrefix());
    assertEquals("/test/learned/", config.learnedPrefix());
    assertEquals("connect-ha-locks", config.lockTable());
    assertEquals("connect-ha-backup-sets", config.backupSetTable());
    assertEquals("Test-NodeFacts", config.nodeFactsDocument());
    assertEquals("Test-Stop", config.stopConnectDocument());
    assertEquals("Test-Start", config.startConnectDocument());
    assertEquals("Test-Status", config.connectStatusDocument());
    assertEquals("Test-Stage", config.stageConnectDocument());
    assertEquals("Test-Install", config.installConnectDocument());
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

  @Test
  void rejectsANonNumericCommandTimeout() {
    assertThrows(NumberFormatException.class,
        () -> Config.from(Map.of("AWS_REGION", "eu-west-1", "COMMAND_TIMEOUT_SECONDS", "two minutes")));
  }
}
