package dev.connectha.aws.eks;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Helm 3 storage Secrets as Helm writes them, for the tests. */
final class HelmReleaseSecrets {
  private HelmReleaseSecrets() {}

  /** The release JSON Helm stores (the fields the decoder reads, plus a manifest it ignores). */
  static String releaseJson(String name, String namespace, int revision, String status, String configJson) {
    return """
        {"name":"%s","namespace":"%s","version":%d,"info":{"status":"%s","description":"Upgrade complete"},
         "chart":{"metadata":{"name":"rstudio-connect","version":"0.7.20","appVersion":"2024.06.0"},
                  "values":{"replicas":1,"image":{"repository":"ghcr.io/rstudio/rstudio-connect"}}},
         "config":%s,
         "manifest":"---\\napiVersion: apps/v1\\nkind: Deployment\\n"}
        """.formatted(name, namespace, revision, status, configJson);
  }

  /** Helm's encoding of a release: gzip, then base64 (the API's own base64 of Secret data comes on top). */
  static String helmEncoded(String json, boolean gzip) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    if (gzip) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
        zip.write(bytes);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      bytes = out.toByteArray();
    }
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** {@code data.release} as the API returns it: the base64 of Helm's encoding. */
  static String apiData(String json) {
    return Base64.getEncoder().encodeToString(helmEncoded(json, true).getBytes(StandardCharsets.US_ASCII));
  }

  static Secret secret(String release, String namespace, int revision, String status, String configJson) {
    return new SecretBuilder()
        .withNewMetadata().withName(HelmReleases.secretName(release, revision)).withNamespace(namespace)
        .withLabels(Map.of("owner", "helm", "name", release, "version", String.valueOf(revision), "status", status))
        .endMetadata()
        .withType(HelmReleases.SECRET_TYPE)
        .withData(Map.of(HelmReleases.DATA_KEY,
            apiData(releaseJson(release, namespace, revision, status, configJson))))
        .build();
  }
}
