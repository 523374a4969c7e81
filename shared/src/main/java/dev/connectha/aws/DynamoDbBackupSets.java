package dev.connectha.aws;

import dev.connectha.config.Config;
import dev.connectha.errors.BackupSetNotFoundException;
import dev.connectha.errors.ConnectHaException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.model.BackupMode;
import dev.connectha.model.BackupSet;
import dev.connectha.model.BackupStatus;
import dev.connectha.model.ClusterName;
import dev.connectha.model.ConnectVersion;
import dev.connectha.ports.BackupSets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.inject.Inject;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Backup sets in the backup set table: hash key {@code cluster}, range key {@code setId}, one item
 * per set. Timestamps are ISO-8601 strings (what Step Functions' context object gives, so a state
 * machine can write them too); absent fields are absent attributes; DR copies are a list of maps; the
 * configuration an eks set keeps is a map of digests and sizes (its content is another item,
 * {@link DynamoDbKeptConfigurations}).
 */
public final class DynamoDbBackupSets implements BackupSets {
  private final DynamoDbClient dynamo;
  private final String table;
  /** Items per Query page; null lets DynamoDB fill 1 MB pages. */
  private final Integer pageSize;

  @Inject
  public DynamoDbBackupSets(DynamoDbClient dynamo, Config config) {
    this(dynamo, config, null);
  }

  /** With a page size, so that tests can prove {@link #list} reads every page. */
  public DynamoDbBackupSets(DynamoDbClient dynamo, Config config, Integer pageSize) {
    if (config.backupSetTable().isBlank()) {
      throw new IllegalStateException("BACKUP_SET_TABLE_NAME is not set");
    }
    this.dynamo = dynamo;
    this.table = config.backupSetTable();
    this.pageSize = pageSize;
  }

  @Override
  public BackupSet put(BackupSet set) {
    try {
      AwsCalls.call("record backup set " + set.setId() + " of cluster " + set.cluster() + " in " + table,
          () -> dynamo.putItem(r -> r.tableName(table).item(item(set))
              .conditionExpression("attribute_not_exists(#setId)")
              .expressionAttributeNames(Map.of("#setId", "setId"))
              .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
      return set;
    } catch (ConnectHaException e) {
      if (!(e.getCause() instanceof ConditionalCheckFailedException refused)) {
        throw e;
      }
      BackupSet existing = refused.hasItem() && !refused.item().isEmpty()
          ? backupSet(refused.item()) : get(set.cluster(), set.setId());
      if (existing.equals(set)) {
        return existing;
      }
      throw new PreconditionFailedException("backup set " + set.setId() + " of cluster " + set.cluster()
          + " exists already, recorded differently (" + existing.status() + ", started " + existing.startedAt() + ")", e);
    }
  }

  @Override
  public BackupSet update(BackupSet set) {
    try {
      AwsCalls.call("update backup set " + set.setId() + " of cluster " + set.cluster() + " in " + table,
          () -> dynamo.putItem(r -> r.tableName(table).item(item(set))
              .conditionExpression("attribute_exists(#setId)")
              .expressionAttributeNames(Map.of("#setId", "setId"))));
      return set;
    } catch (ConnectHaException e) {
      if (e.getCause() instanceof ConditionalCheckFailedException) {
        throw notFound(set.cluster(), set.setId(), e);
      }
      throw e;
    }
  }

  @Override
  public BackupSet get(String cluster, String setId) {
    ClusterName.require(cluster);
    BackupSet.requireSetId(setId);
    Map<String, AttributeValue> item = AwsCalls.call("read backup set " + setId + " of cluster " + cluster + " in " + table,
        () -> dynamo.getItem(r -> r.tableName(table).consistentRead(true)
            .key(Map.of("cluster", AttributeValue.fromS(cluster), "setId", AttributeValue.fromS(setId))))).item();
    if (item == null || item.isEmpty()) {
      throw notFound(cluster, setId, null);
    }
    return backupSet(item);
  }

  @Override
  public List<BackupSet> list(String cluster) {
    ClusterName.require(cluster);
    QueryRequest query = QueryRequest.builder().tableName(table).consistentRead(true).limit(pageSize)
        .keyConditionExpression("#cluster = :cluster")
        .expressionAttributeNames(Map.of("#cluster", "cluster"))
        .expressionAttributeValues(Map.of(":cluster", AttributeValue.fromS(cluster)))
        .build();
    // The range key orders by id, not by time: read every page, then order newest first.
    List<Map<String, AttributeValue>> items = AwsCalls.call("list backup sets of cluster " + cluster + " in " + table,
        () -> dynamo.queryPaginator(query).items().stream().toList());
    return items.stream().map(DynamoDbBackupSets::backupSet).sorted(BackupSet.NEWEST_FIRST).toList();
  }

  private static BackupSetNotFoundException notFound(String cluster, String setId, Throwable cause) {
    return new BackupSetNotFoundException("cluster " + cluster + " has no backup set " + setId, cause);
  }

  // ---- item <-> record ------------------------------------------------------------------------

  static Map<String, AttributeValue> item(BackupSet set) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("cluster", AttributeValue.fromS(set.cluster()));
    item.put("setId", AttributeValue.fromS(set.setId()));
    item.put("mode", AttributeValue.fromS(set.mode().name()));
    item.put("startedAt", AttributeValue.fromS(set.startedAt().toString()));
    putText(item, "completedAt", set.completedAt());
    putText(item, "connectVersion", set.connectVersion());
    putText(item, "dbSnapshotId", set.dbSnapshotId());
    putText(item, "dbSnapshotArn", set.dbSnapshotArn());
    putText(item, "efsRecoveryPointArn", set.efsRecoveryPointArn());
    putText(item, "efsBackupJobId", set.efsBackupJobId());
    item.put("status", AttributeValue.fromS(set.status().name()));
    putText(item, "cause", set.cause());
    item.put("drCopies", AttributeValue.fromL(set.drCopies().stream().map(copy -> {
      Map<String, AttributeValue> m = new LinkedHashMap<>();
      m.put("region", AttributeValue.fromS(copy.region()));
      putText(m, "dbSnapshotArn", copy.dbSnapshotArn());
      putText(m, "efsRecoveryPointArn", copy.efsRecoveryPointArn());
      putText(m, "efsCopyJobId", copy.efsCopyJobId());
      m.put("status", AttributeValue.fromS(copy.status().name()));
      return AttributeValue.fromM(m);
    }).toList()));
    if (set.configuration() != null) {
      item.put("configuration", DynamoDbKeptConfigurations.summaryItem(set.configuration()));
    }
    return item;
  }

  static BackupSet backupSet(Map<String, AttributeValue> item) {
    try {
      List<BackupSet.DrCopy> copies = new ArrayList<>();
      if (item.containsKey("drCopies")) {
        for (AttributeValue copy : item.get("drCopies").l()) {
          Map<String, AttributeValue> m = copy.m();
          copies.add(new BackupSet.DrCopy(text(m, "region"), text(m, "dbSnapshotArn"), text(m, "efsRecoveryPointArn"),
              BackupSet.CopyStatus.valueOf(text(m, "status")), text(m, "efsCopyJobId")));
        }
      }
      return new BackupSet(
          text(item, "setId"),
          text(item, "cluster"),
          BackupMode.valueOf(text(item, "mode")),
          parse(item, "startedAt", Instant::parse),
          parse(item, "completedAt", Instant::parse),
          parse(item, "connectVersion", ConnectVersion::parse),
          text(item, "dbSnapshotId"),
          text(item, "dbSnapshotArn"),
          text(item, "efsRecoveryPointArn"),
          BackupStatus.valueOf(text(item, "status")),
          text(item, "cause"),
          copies, text(item, "efsBackupJobId"),
          item.containsKey("configuration") ? DynamoDbKeptConfigurations.summary(item.get("configuration").m()) : null);
    } catch (RuntimeException e) {
      throw new PreconditionFailedException("backup set record " + text(item, "cluster") + "/" + text(item, "setId")
          + " is malformed: " + e.getMessage(), e);
    }
  }

  private static void putText(Map<String, AttributeValue> item, String name, Object value) {
    if (value != null) {
      item.put(name, AttributeValue.fromS(value.toString()));
    }
  }

  private static String text(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.s();
  }

  private static <T> T parse(Map<String, AttributeValue> item, String name, Function<String, T> parser) {
    String value = text(item, name);
    return value == null ? null : parser.apply(value);
  }
}
