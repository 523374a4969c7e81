package dev.connectha.aws.eks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.model.eks.HelmRelease;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HelmReleasesTest {
  private static final String CONFIG = """
      {"replicas":2,"image":{"tag":"ubuntu2204-2024.06.0"},
       "config":{"Server":{"Address":"https://connect.example.com"},"Metrics":{"DataPath":"/metrics"}},
       "launcher":{"enabled":true},"pod":{"env":[{"name":"TZ","value":"UTC"}]}}""";

  @Test
  void decodesTheApisBase64OfHelmsGzippedBase64IntoTheReleaseAndItsUserValues() {
    String data = HelmReleaseSecrets.apiData(HelmReleaseSecrets.releaseJson("connect", "posit", 3, "deployed", CONFIG));

    HelmRelease release = HelmReleases.decode(data);

    assertEquals("connect", release.name());
    assertEquals("posit", release.namespace());
    assertEquals(3, release.revision());
    assertEquals("deployed", release.status());
    assertEquals("rstudio-connect", release.chart());
    assertEquals("0.7.20", release.chartVersion());
    assertEquals("2024.06.0", release.appVersion());
    assertEquals(2, release.values().get("replicas"));
    assertEquals(Map.of("tag", "ubuntu2204-2024.06.0"), release.values().get("image"));
    assertEquals(Map.of("Server", Map.of("Address", "https://connect.example.com"), "Metrics",
        Map.of("DataPath", "/metrics")), release.values().get("config"));
    assertEquals(List.of(Map.of("name", "TZ", "value", "UTC")), ((Map<?, ?>) release.values().get("pod")).get("env"));
  }

  @Test
  void theChartsDefaultsAreNotTheReleasesValues() {
    HelmRelease release = HelmReleases.decode(
        HelmReleaseSecrets.apiData(HelmReleaseSecrets.releaseJson("connect", "posit", 1, "deployed", "{}")));

    assertEquals(Map.of(), release.values(), "helm get values: only what the user set");
  }

  @Test
  void aReleaseInstalledWithoutValuesHasNone() {
    HelmRelease release = HelmReleases.decode(
        HelmReleaseSecrets.apiData(HelmReleaseSecrets.releaseJson("connect", "posit", 1, "deployed", "null")));

    assertEquals(Map.of(), release.values());
  }

  @Test
  void readsARecordHelmDidNotGzip() {
    String plain = HelmReleaseSecrets.helmEncoded(HelmReleaseSecrets.releaseJson("connect", "posit", 4, "deployed",
        CONFIG), false);

    HelmRelease release = HelmReleases.decode(Base64.getEncoder().encodeToString(
        plain.getBytes(StandardCharsets.US_ASCII)));

    assertEquals(4, release.revision());
    assertEquals(2, release.values().get("replicas"));
  }

  @Test
  void somethingThatIsNotAHelmRecordIsANamedError() {
    String once = Base64.getEncoder().encodeToString(HelmReleaseSecrets.releaseJson("connect", "posit", 1, "deployed",
        CONFIG).getBytes(StandardCharsets.UTF_8));

    assertThrows(PreconditionFailedException.class, () -> HelmReleases.decode("not base64 at all!"));
    assertThrows(PreconditionFailedException.class, () -> HelmReleases.decode(once), "base64 only once");
  }

  @Test
  void namesTheStorageSecretAsHelmDoes() {
    assertEquals("sh.helm.release.v1.connect.v12", HelmReleases.secretName("connect", 12));
  }
}
