package dev.connectha.workloads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.BackupSetNotFoundException;
import dev.connectha.errors.ConfigurationTooLargeException;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.errors.WorkloadNotFoundException;
import dev.connectha.fakes.FakeBackupSets;
import dev.connectha.fakes.FakeKeptConfigurations;
import dev.connectha.fakes.FakeConnectWorkloads;
import dev.connectha.json.Json;
import dev.connectha.model.BackupMode;
import dev.connectha.model.BackupSet;
import dev.connectha.model.BackupStatus;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.backup.ConfigurationContent;
import dev.connectha.model.backup.KeptConfiguration;
import dev.connectha.model.eks.HelmRelease;
import dev.connectha.ports.KeptConfigurations;
import dev.connectha.fakes.FakeClusterRegistry;
import dev.connectha.model.eks.EksWorkload;
import dev.connectha.model.eks.WorkloadKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** keepConfiguration: the content goes to the store beside the set, the set and the report get digests only. */
class ConfigurationKeeperTest {
  static final EksWorkload WHERE = WorkloadControlTest.WHERE;
  static final String GCFG = "[Database]\nProvider = postgres\n[Postgres]\nPassword = DB-SECRET\n";
  static final String CONFIG_MAP = "connect-rstudio-connect-config";

  final List<String> calls = new ArrayList<>();
  final FakeConnectWorkloads kube = new FakeConnectWorkloads(calls);
  final WorkloadControl control = new WorkloadControl(new FakeClusterRegistry(calls, WorkloadControlTest.eks("prod"),
      WorkloadControlTest.ec2("legacy")), kube, new dev.connectha.fakes.FakeLearnedStates(calls), pause -> { },
      eksCluster -> List.of());
  final FakeBackupSets sets = new FakeBackupSets(calls);
  final FakeKeptConfigurations store = new FakeKeptConfigurations(calls);
  final ConfigurationKeeper keeper = new ConfigurationKeeper(control, kube, sets, store);
  final RunWorkloadCommandHandler handler = new RunWorkloadCommandHandler(control, keeper, "ConnectHa");

  ConfigurationKeeperTest() {
    kube.workload(WHERE, WorkloadKind.DEPLOYMENT, 0, WorkloadControlTest.IMAGE);
    sets.sets.put("bs-1", BackupSet.started("bs-1", "prod", BackupMode.COLD, Instant.parse("2026-01-01T00:00:00Z"),
        ConnectVersion.parse("2024.08.0")));
    kube.configMaps.put(FakeConnectWorkloads.key(WHERE, CONFIG_MAP), Map.of("rstudio-connect.gcfg", GCFG));
    kube.releases.put(FakeConnectWorkloads.key(WHERE, "connect"), release(Map.of("replicas", 2,
        "license", Map.of("key", "LICENSE-SECRET"))));
  }

  static HelmRelease release(Map<String, Object> values) {
    return new HelmRelease("connect", "connect", 3, "deployed", "rstudio-connect", "0.7.0", "2024.08.0", values);
  }

  static RunWorkloadCommandInput keep(String setId) {
    return new RunWorkloadCommandInput("prod", "keepConfiguration", null, null, null, 1, 10, "exec-1", setId);
  }

  @Test
  void storesTheValuesAndConfigMapBesideTheSetAndReturnsOnlyDigestsAndSizes() throws Exception {
    WorkloadReport report = handler.handle(keep("bs-1"));

    byte[] stored = store.stored.get("prod/bs-1");
    ConfigurationContent content = ConfigurationContent.fromStored(stored);
    assertEquals(GCFG, content.data().get("rstudio-connect.gcfg"));
    assertEquals(Map.of("key", "LICENSE-SECRET"), content.release().values().get("license"));
    KeptConfiguration kept = report.kept();
    assertEquals(ConfigurationContent.digest(GCFG), kept.configDigests().get("rstudio-connect.gcfg"));
    assertEquals(stored.length, kept.storedBytes());
    assertEquals("rstudio-connect-0.7.0", kept.chart());
    assertEquals(kept, sets.sets.get("bs-1").configuration());
    String output = Json.MAPPER.writeValueAsString(report) + sets.sets.get("bs-1");
    assertFalse(output.contains("LICENSE-SECRET") || output.contains("DB-SECRET"), output);
  }

  @Test
  void theKeptValuesDigestIsTheOneTheConfigurationActionReportsForTheLiveRelease() {
    Configuration live = control.run(new RunWorkloadCommandInput("prod", "configuration", null, null, null, 1, 10, "exec-1")).configuration();

    KeptConfiguration kept = handler.handle(keep("bs-1")).kept();

    assertEquals(live.valuesDigest(), kept.valuesDigest());
    assertEquals(live.configDigests(), kept.configDigests());
  }

  @Test
  void aMissingHelmReleaseIsANamedErrorAndNothingIsStored() {
    kube.releases.clear();

    assertThrows(WorkloadNotFoundException.class, () -> handler.handle(keep("bs-1")));

    assertTrue(store.stored.isEmpty());
    assertNull(sets.sets.get("bs-1").configuration());
    assertFalse(calls.contains("sets.update bs-1"), calls.toString());
  }

  @Test
  void aMissingConfigMapIsANamedErrorAndNothingIsStored() {
    kube.configMaps.clear();

    assertThrows(WorkloadNotFoundException.class, () -> handler.handle(keep("bs-1")));

    assertTrue(store.stored.isEmpty());
    assertNull(sets.sets.get("bs-1").configuration());
  }

  @Test
  void valuesTooLargeToKeepAreANamedErrorAndNothingIsStored() {
    // random text does not compress: more than the store's limit even gzip'd
    byte[] noise = new byte[KeptConfigurations.MAX_STORED_BYTES];
    new Random(7).nextBytes(noise);
    kube.releases.put(FakeConnectWorkloads.key(WHERE, "connect"),
        release(Map.of("blob", java.util.Base64.getEncoder().encodeToString(noise))));

    ConfigurationTooLargeException e = assertThrows(ConfigurationTooLargeException.class,
        () -> handler.handle(keep("bs-1")));

    assertTrue(e.getMessage().contains("nothing was stored"), e.getMessage());
    assertTrue(store.stored.isEmpty());
    assertNull(sets.sets.get("bs-1").configuration());
  }

  @Test
  void aSetThatIsNotRecordedIsANamedErrorBeforeAnyKubernetesRead() {
    assertThrows(BackupSetNotFoundException.class, () -> handler.handle(keep("bs-9")));

    assertTrue(calls.stream().noneMatch(c -> c.startsWith("read ")), calls.toString());
    assertTrue(store.stored.isEmpty());
  }

  @Test
  void aFinishedSetKeepsWhatItHadAndTakesNoNewConfiguration() {
    sets.sets.put("bs-1", sets.sets.get("bs-1").withStatus(BackupStatus.COMPLETE, null));

    assertThrows(PreconditionFailedException.class, () -> handler.handle(keep("bs-1")));

    assertTrue(store.stored.isEmpty());
  }

  @Test
  void anEc2ClusterIsRefusedBeforeAnyRead() {
    assertThrows(PreconditionFailedException.class, () -> handler.handle(
        new RunWorkloadCommandInput("legacy", "keepConfiguration", null, null, null, 1, 10, "exec-1", "bs-1")));

    assertTrue(store.stored.isEmpty());
    assertTrue(calls.stream().noneMatch(c -> c.startsWith("sets.") || c.startsWith("read ")), calls.toString());
  }

  @Test
  void keepConfigurationNeedsASetIdAndNoOtherActionTakesOne() {
    assertThrows(InvalidInputException.class, () -> keep(null));
    assertThrows(InvalidInputException.class, () -> keep("bad/id"));
    assertThrows(InvalidInputException.class,
        () -> new RunWorkloadCommandInput("prod", "status", null, null, null, 1, 10, "exec-1", "bs-1"));
  }
}
