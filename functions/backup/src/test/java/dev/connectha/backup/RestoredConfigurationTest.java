package dev.connectha.backup;

import static dev.connectha.backup.FakeRestoreCloud.CLUSTER;
import static dev.connectha.backup.FakeRestoreCloud.EXECUTION;
import static dev.connectha.backup.FakeRestoreCloud.SET;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.json.Json;
import dev.connectha.model.BackupSet;
import dev.connectha.model.FindingStatus;
import dev.connectha.model.backup.ConfigurationContent;
import dev.connectha.model.eks.HelmRelease;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A restore of an eks set returns the Helm values and ConfigMap it keeps: by digest, read back and checked. */
class RestoredConfigurationTest {
  static final ConfigurationContent CONTENT = new ConfigurationContent("connect-rstudio-connect-config",
      Map.of("rstudio-connect.gcfg", "[Postgres]\nPassword = DB-SECRET\n"), new HelmRelease("connect", "connect", 4,
          "deployed", "rstudio-connect", "0.7.0", "2024.08.0", Map.of("license", Map.of("key", "LICENSE-SECRET"))));

  final FakeRestoreCloud cloud = new FakeRestoreCloud();
  final RestoreService service = cloud.service();

  static RestoreInput drill() {
    return new RestoreInput(CLUSTER, SET, "drill", "", "", EXECUTION);
  }

  void keep(ConfigurationContent content) {
    byte[] stored = content.stored();
    cloud.configurations.keep(CLUSTER, SET, stored);
    BackupSet set = cloud.sets.get(SET);
    cloud.sets.put(SET, set.withConfiguration(content.summary(stored.length)));
  }

  RestoreService.Verification verifiedDrill() {
    service.start(drill());
    cloud.instanceBecomes("available");
    cloud.jobCompletes();
    assertTrue(service.check(drill()).done());
    return service.verify(drill());
  }

  @Test
  void aDrillOfAnEksSetReturnsTheKeptValuesAndConfigMapByDigestBesideTheDatabaseAndFiles() throws Exception {
    keep(CONTENT);

    RestoreService.Verification v = verifiedDrill();

    RestoredConfiguration c = v.configuration();
    String everything = Json.MAPPER.writeValueAsString(v);
    assertAll(
        () -> assertTrue(v.passed(), v.cause()),
        () -> assertTrue(c.kept() && c.verified(), c.cause()),
        () -> assertEquals(CONTENT.summary(0).valuesDigest(), c.valuesDigest()),
        () -> assertEquals(List.of("rstudio-connect.gcfg"), c.configMapKeys()),
        () -> assertEquals(4, c.revision()),
        () -> assertTrue(v.findings().stream().anyMatch(f -> f.rule().equals("kept-configuration")
            && f.status() == FindingStatus.PASS)),
        () -> assertTrue(v.summary().contains("Helm values: release connect revision 4"), v.summary()),
        () -> assertTrue(v.summary().contains("connectha backups prod --configuration " + SET), v.summary()),
        () -> assertFalse(everything.contains("LICENSE-SECRET") || everything.contains("DB-SECRET"), everything));
  }

  @Test
  void storedContentThatNoLongerMatchesTheRecordFailsTheDrill() {
    keep(CONTENT);
    cloud.configurations.keep(CLUSTER, SET, new ConfigurationContent(CONTENT.configMap(), Map.of("other", "x"),
        CONTENT.release()).stored());

    RestoreService.Verification v = verifiedDrill();

    assertFalse(v.passed());
    assertFalse(v.configuration().verified());
    assertTrue(v.cause().contains("FAIL kept-configuration"), v.cause());
  }

  @Test
  void aRecordThatNamesAConfigurationWithNothingStoredFailsTheDrill() {
    keep(CONTENT);
    cloud.configurations.forget(CLUSTER, SET);

    RestoreService.Verification v = verifiedDrill();

    assertFalse(v.passed());
    assertTrue(v.configuration().cause().contains("none is stored"), v.configuration().cause());
  }

  @Test
  void aSetWithoutAConfigurationReportsNoneAndKeepsTheEc2Checks() {
    RestoreService.Verification v = verifiedDrill();

    assertTrue(v.passed(), v.cause());
    assertFalse(v.configuration().kept());
    assertEquals(12, v.findings().size());
    assertFalse(v.summary().contains("Helm values"), v.summary());
  }
}
