package dev.connectha.aws;

import dev.connectha.config.Config;
import dev.connectha.model.BackupSet;
import dev.connectha.model.ClusterName;
import dev.connectha.model.backup.KeptConfiguration;
import dev.connectha.ports.KeptConfigurations;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.inject.Inject;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The configuration content an eks backup set keeps, in the backup set table beside the set's own
 * item: hash key {@code <cluster>#configuration}, range key the set's id, the gzip'd content in the
 * binary attribute {@code content}. A key of its own keeps it out of every list of the cluster's sets
 * (so out of every function's output) and gives it the whole 400 KB of an item; it is encrypted at rest
 * as the table is, and readable by the roles that read the table.
 */
public final class DynamoDbKeptConfigurations implements KeptConfigurations {
  static final String SUFFIX = "#configuration";
  private final DynamoDbClient dynamo;
  private final String table;

  @Inject
  public DynamoDbKeptConfigurations(DynamoDbClient dynamo, Config config) {
    this.dynamo = dynamo;
    this.table = config.backupSetTable();
  }

  @Override
  public void keep(String cluster, String setId, byte[] stored) {
    Map<String, AttributeValue> item = new LinkedHashMap<>(key(cluster, setId));
    item.put("content", AttributeValue.fromB(SdkBytes.fromByteArray(stored)));
    AwsCalls.call("keep the configuration of backup set " + setId + " of cluster " + cluster + " in " + table(),
        () -> dynamo.putItem(r -> r.tableName(table).item(item)));
  }

  @Override
  public Optional<byte[]> content(String cluster, String setId) {
    Map<String, AttributeValue> item = AwsCalls.call("read the configuration of backup set " + setId + " of cluster "
        + cluster + " in " + table(), () -> dynamo.getItem(r -> r.tableName(table).consistentRead(true)
            .key(key(cluster, setId)))).item();
    return item == null || !item.containsKey("content") ? Optional.empty()
        : Optional.of(item.get("content").b().asByteArray());
  }

  @Override
  public void forget(String cluster, String setId) {
    AwsCalls.call("delete the configuration of backup set " + setId + " of cluster " + cluster + " in " + table(),
        () -> dynamo.deleteItem(r -> r.tableName(table).key(key(cluster, setId))));
  }

  private String table() {
    if (table.isBlank()) {
      throw new IllegalStateException("BACKUP_SET_TABLE_NAME is not set");
    }
    return table;
  }

  private static Map<String, AttributeValue> key(String cluster, String setId) {
    ClusterName.require(cluster);
    BackupSet.requireSetId(setId);
    return Map.of("cluster", AttributeValue.fromS(cluster + SUFFIX), "setId", AttributeValue.fromS(setId));
  }

  // ---- the summary in the set's own item ----------------------------------------------------------

  static AttributeValue summaryItem(KeptConfiguration kept) {
    Map<String, AttributeValue> m = new LinkedHashMap<>();
    m.put("configMap", AttributeValue.fromS(kept.configMap()));
    Map<String, AttributeValue> digests = new TreeMap<>();
    kept.configDigests().forEach((k, v) -> digests.put(k, AttributeValue.fromS(v)));
    m.put("configDigests", AttributeValue.fromM(digests));
    m.put("helmRelease", AttributeValue.fromS(kept.helmRelease()));
    m.put("revision", AttributeValue.fromN(Integer.toString(kept.revision())));
    if (kept.chart() != null) {
      m.put("chart", AttributeValue.fromS(kept.chart()));
    }
    if (kept.appVersion() != null) {
      m.put("appVersion", AttributeValue.fromS(kept.appVersion()));
    }
    m.put("valuesDigest", AttributeValue.fromS(kept.valuesDigest()));
    m.put("valuesBytes", AttributeValue.fromN(Long.toString(kept.valuesBytes())));
    m.put("configBytes", AttributeValue.fromN(Long.toString(kept.configBytes())));
    m.put("storedBytes", AttributeValue.fromN(Long.toString(kept.storedBytes())));
    return AttributeValue.fromM(m);
  }

  static KeptConfiguration summary(Map<String, AttributeValue> m) {
    Map<String, String> digests = new TreeMap<>();
    m.get("configDigests").m().forEach((k, v) -> digests.put(k, v.s()));
    return new KeptConfiguration(m.get("configMap").s(), digests, m.get("helmRelease").s(),
        Integer.parseInt(m.get("revision").n()), text(m, "chart"), text(m, "appVersion"), m.get("valuesDigest").s(),
        Long.parseLong(m.get("valuesBytes").n()), Long.parseLong(m.get("configBytes").n()),
        Long.parseLong(m.get("storedBytes").n()));
  }

  private static String text(Map<String, AttributeValue> m, String name) {
    AttributeValue value = m.get(name);
    return value == null ? null : value.s();
  }
}
