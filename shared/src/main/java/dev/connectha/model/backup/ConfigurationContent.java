package dev.connectha.model.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.json.Json;
import dev.connectha.model.eks.HelmRelease;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The configuration a backup set of an eks cluster keeps, content and all: the Connect ConfigMap's
 * data and the Helm release (with its values). It may hold secrets: it is only ever written to the
 * store beside the set's record ({@link #stored()}, gzip of its JSON) and read back from there; what
 * a workflow sees is its {@link #summary(long) summary}, by digest.
 *
 * @param configMap the ConfigMap's name
 * @param data      its data
 * @param release   the Helm release, values included
 */
public record ConfigurationContent(String configMap, Map<String, String> data, HelmRelease release) {

  public ConfigurationContent {
    data = new TreeMap<>(data == null ? Map.of() : data);
  }

  /** What is stored: gzip of this record as JSON. */
  public byte[] stored() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(Json.MAPPER.writeValueAsBytes(this));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The content {@link #stored()} wrote; a store that holds anything else is a precondition failure. */
  public static ConfigurationContent fromStored(byte[] stored) {
    try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(stored))) {
      return Json.MAPPER.readValue(gzip.readAllBytes(), ConfigurationContent.class);
    } catch (IOException e) {
      throw new PreconditionFailedException("the kept configuration cannot be read back: " + e.getMessage(), e);
    }
  }

  /** Its digests and sizes; {@code storedBytes} is the size of {@link #stored()}. */
  public KeptConfiguration summary(long storedBytes) {
    Map<String, String> digests = new TreeMap<>();
    long configBytes = 0;
    for (Map.Entry<String, String> entry : data.entrySet()) {
      digests.put(entry.getKey(), digest(entry.getValue()));
      configBytes += utf8(entry.getKey()).length + utf8(entry.getValue()).length;
    }
    String values = canonicalValues();
    return new KeptConfiguration(configMap, digests, release.name(), release.revision(),
        release.chart() + "-" + release.chartVersion(), release.appVersion(), digest(values), utf8(values).length,
        configBytes, storedBytes);
  }

  /** The values as JSON with sorted keys, so that one configuration always has one digest. */
  public String canonicalValues() {
    try {
      return Json.MAPPER.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsString(release.values());
    } catch (JsonProcessingException e) {
      throw new PreconditionFailedException("the Helm release's values cannot be written as JSON: " + e.getMessage(), e);
    }
  }

  /** {@code sha256:<hex>} of the text's UTF-8 bytes. */
  public static String digest(String text) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(utf8(text)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static byte[] utf8(String text) {
    return (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
  }
}
