package dev.connectha.backup;

import dev.connectha.model.BackupSet;
import dev.connectha.model.backup.ConfigurationContent;
import dev.connectha.model.backup.KeptConfiguration;
import dev.connectha.ports.KeptConfigurations;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a restore returns of the configuration an eks backup set keeps (the Helm values and the
 * Connect ConfigMap): read back from where the set keeps it and checked against the digests its record
 * holds. Digests and keys only, never the content (it can hold a licence key): an operator reads the
 * content with {@link #fetch}. Every field is set (the workflow selects each): for a set that keeps none
 * (every ec2 set) {@code kept} is false and the strings are "".
 *
 * @param kept           whether the set keeps a configuration
 * @param verified       whether what is stored reads back with the record's digests
 * @param helmRelease    the Helm release
 * @param revision       its revision when kept
 * @param chart          {@code <chart>-<chartVersion>}
 * @param valuesDigest   {@code sha256:<hex>} of the values (canonical JSON)
 * @param configMap      the ConfigMap
 * @param configMapKeys  its keys
 * @param configDigests  each key → {@code sha256:<hex>}
 * @param storedBytes    the size stored
 * @param fetch          how to write the content to a file
 * @param cause          why it is not verified ("" when it is)
 */
public record RestoredConfiguration(boolean kept, boolean verified, String helmRelease, int revision, String chart,
    String valuesDigest, String configMap, List<String> configMapKeys, Map<String, String> configDigests,
    long storedBytes, String fetch, String cause) {

  /** A set that keeps no configuration. */
  static RestoredConfiguration none() {
    return new RestoredConfiguration(false, false, "", 0, "", "", "", List.of(), Map.of(), 0, "", "");
  }

  /** Reads the set's configuration back from the store and checks it against the record's digests. */
  static RestoredConfiguration of(BackupSet set, KeptConfigurations store) {
    KeptConfiguration kept = set.configuration();
    if (kept == null) {
      return none();
    }
    String cause = "";
    Optional<byte[]> stored = store.content(set.cluster(), set.setId());
    if (stored.isEmpty()) {
      cause = "the set's record names a kept configuration, but none is stored";
    } else {
      KeptConfiguration read = ConfigurationContent.fromStored(stored.get()).summary(stored.get().length);
      if (!read.equals(kept)) {
        cause = "what is stored reads back as values " + read.valuesDigest() + " and ConfigMap " + read.configDigests()
            + ", the record says values " + kept.valuesDigest() + " and ConfigMap " + kept.configDigests();
      }
    }
    return new RestoredConfiguration(true, cause.isEmpty(), kept.helmRelease(), kept.revision(), nonNull(kept.chart()),
        kept.valuesDigest(), kept.configMap(), kept.configKeys(), kept.configDigests(), kept.storedBytes(),
        "connectha backups " + set.cluster() + " --configuration " + set.setId() + " --to FILE", cause);
  }

  /** The lines of a restore's summary. */
  String describe() {
    if (!kept) {
      return "";
    }
    return "Helm values: release " + helmRelease + " revision " + revision + " (" + chart + "), values " + valuesDigest
        + "\nConfigMap:   " + configMap + " keys " + configMapKeys + "\n             " + storedBytes
        + " bytes kept with the set, " + (verified ? "read back with the recorded digests" : "NOT VERIFIED: " + cause)
        + "; write them to a file with: " + fetch + "\n";
  }

  private static String nonNull(String text) {
    return text == null ? "" : text;
  }
}
