package dev.connectha.aws.eks;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.json.Json;
import dev.connectha.model.eks.HelmRelease;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Helm 3's release storage (its default Secret driver): each revision is a Secret
 * {@code sh.helm.release.v1.<release>.v<revision>} of type {@code helm.sh/release.v1}, labelled
 * {@code owner=helm, name=<release>, version=<revision>, status=<status>}. Its {@code release} key holds
 * the release as JSON, gzipped and base64-encoded by Helm; the Kubernetes API base64-encodes Secret data
 * once more, so a client reading {@code data.release} decodes base64 twice, then gunzips (Helm writes
 * gzip; it also reads a release that is not gzipped, and so does this).
 */
public final class HelmReleases {
  public static final String SECRET_TYPE = "helm.sh/release.v1";
  public static final String DATA_KEY = "release";
  private static final byte[] GZIP_MAGIC = {(byte) 0x1f, (byte) 0x8b};

  private HelmReleases() {}

  /** The name of the Secret holding {@code revision} of {@code release}. */
  public static String secretName(String release, int revision) {
    return "sh.helm.release.v1." + release + ".v" + revision;
  }

  /** Decodes a storage Secret's {@code data.release} as the API returns it (base64 of Helm's base64). */
  public static HelmRelease decode(String secretData) {
    try {
      byte[] helmEncoded = Base64.getDecoder().decode(secretData.strip());
      byte[] bytes = Base64.getDecoder().decode(new String(helmEncoded, StandardCharsets.US_ASCII).strip());
      if (bytes.length > 1 && bytes[0] == GZIP_MAGIC[0] && bytes[1] == GZIP_MAGIC[1]) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
          bytes = in.readAllBytes();
        }
      }
      return fromJson(Json.MAPPER.readTree(bytes));
    } catch (IllegalArgumentException | IOException e) {
      throw new PreconditionFailedException("not a Helm 3 release record: " + e.getMessage(), e);
    }
  }

  private static HelmRelease fromJson(JsonNode release) {
    JsonNode metadata = release.path("chart").path("metadata");
    JsonNode config = release.path("config");
    Map<String, Object> values = config.isObject()
        ? Json.MAPPER.convertValue(config, new TypeReference<Map<String, Object>>() {}) : Map.of();
    return new HelmRelease(release.path("name").asText(), release.path("namespace").asText(),
        release.path("version").asInt(), release.path("info").path("status").asText(),
        metadata.path("name").asText(), metadata.path("version").asText(), metadata.path("appVersion").asText(null),
        values);
  }
}
