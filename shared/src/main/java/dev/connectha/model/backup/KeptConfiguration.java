package dev.connectha.model.backup;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a backup set of an eks-topology cluster says about the configuration it keeps: the Helm
 * release's values and the Connect ConfigMap, by SHA-256 digest and size only. The content itself
 * (which can hold a licence key or a database password) is stored beside the set's record
 * ({@code dev.connectha.ports.KeptConfigurations}) and never travels through a workflow's state.
 *
 * @param configMap     the ConfigMap's name
 * @param configDigests each key of its data → {@code sha256:<hex>} of its value
 * @param helmRelease   the Helm release's name
 * @param revision      its deployed revision when it was kept
 * @param chart         {@code <chart>-<chartVersion>}
 * @param appVersion    the chart's appVersion
 * @param valuesDigest  {@code sha256:<hex>} of the values as canonical JSON (keys sorted): the digest
 *                      RunWorkloadCommand's {@code configuration} action reports for the live release
 * @param valuesBytes   the size of that JSON
 * @param configBytes   the size of the ConfigMap's data (keys and values, UTF-8)
 * @param storedBytes   the size of what is stored (gzip of both)
 */
public record KeptConfiguration(String configMap, Map<String, String> configDigests, String helmRelease, int revision,
    String chart, String appVersion, String valuesDigest, long valuesBytes, long configBytes, long storedBytes) {

  public KeptConfiguration {
    Objects.requireNonNull(configMap, "configMap");
    Objects.requireNonNull(helmRelease, "helmRelease");
    Objects.requireNonNull(valuesDigest, "valuesDigest");
    configDigests = Map.copyOf(new TreeMap<>(Objects.requireNonNullElse(configDigests, Map.of())));
  }

  /** The ConfigMap's keys, sorted. */
  public List<String> configKeys() {
    return configDigests.keySet().stream().sorted().toList();
  }

  /** One line for a summary: what is kept, by digest. */
  public String describe() {
    return "Helm release " + helmRelease + " revision " + revision + " (" + chart + "), values " + valuesDigest + " ("
        + valuesBytes + " bytes); ConfigMap " + configMap + " keys " + configKeys() + " (" + configBytes + " bytes); "
        + storedBytes + " bytes stored";
  }
}
