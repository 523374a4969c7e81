package dev.connectha.workloads;

import dev.connectha.model.backup.ConfigurationContent;
import dev.connectha.model.eks.HelmRelease;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the workload's configuration is, without its contents: Helm values may hold a licence key or
 * a database password, and a function's output is kept in the Step Functions history. Each ConfigMap
 * key and the values are given as a SHA-256 digest, which is enough to tell two configurations apart.
 *
 * @param configMap    the ConfigMap's name
 * @param configDigests each key of its data → {@code sha256:<hex>}
 * @param helmRelease  the release's name
 * @param revision     its deployed revision
 * @param chart        {@code <chart>-<chartVersion>}
 * @param appVersion   the chart's appVersion
 * @param valuesDigest {@code sha256:<hex>} of the values, as canonical JSON (keys sorted)
 */
public record Configuration(String configMap, Map<String, String> configDigests, String helmRelease, int revision,
    String chart, String appVersion, String valuesDigest) {

  static Configuration of(String configMap, Map<String, String> data, HelmRelease release) {
    Map<String, String> digests = new TreeMap<>();
    data.forEach((key, value) -> digests.put(key, ConfigurationContent.digest(value)));
    return new Configuration(configMap, digests, release.name(), release.revision(),
        release.chart() + "-" + release.chartVersion(), release.appVersion(),
        ConfigurationContent.digest(new ConfigurationContent(configMap, data, release).canonicalValues()));
  }
}
