package dev.connectha.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.config.Config;
import dev.connectha.errors.BackupSetNotFoundException;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.model.BackupMode;
import dev.connectha.model.BackupSet;
import dev.connectha.model.BackupSet.CopyStatus;
import dev.connectha.model.BackupSet.DrCopy;
import dev.connectha.model.BackupStatus;
import dev.connectha.model.ConnectVersion;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** The backup set adapter's own logic; against DynamoDB itself it is proven in LockAndBackupSetIT. */
class DynamoDbBackupSetsTest {
  private static final Config CONFIG = Config.from(Map.of("AWS_REGION", "us-east-1", "BACKUP_SET_TABLE_NAME", "sets"));
  private static final Instant T = Instant.parse("2025-03-04T10:15:00.123Z");

  private final ScriptedDynamoDb dynamo = new ScriptedDynamoDb();
  private final DynamoDbBackupSets sets = new DynamoDbBackupSets(dynamo, CONFIG);

  @Test
  void everyFieldSurvivesTheItemAndAbsentOnesAreNoAttributes() {
    BackupSet full = BackupSet.started("s1", "prod", BackupMode.COLD, T, ConnectVersion.parse("2024.08.0"))
        .withDbSnapshot("snap", "arn:snap").withEfsRecoveryPoint("arn:rp").withCompletedAt(T.plusSeconds(90))
        .withStatus(BackupStatus.INCOMPLETE, "EFS backup job failed")
        .withDrCopy(new DrCopy("us-west-2", "arn:west-snap", null, CopyStatus.FAILED, null));
    BackupSet bare = BackupSet.started("s2", "prod", BackupMode.ONLINE, T, null);

    Map<String, AttributeValue> bareItem = DynamoDbBackupSets.item(bare);

    assertEquals(full, DynamoDbBackupSets.backupSet(DynamoDbBackupSets.item(full)));
    assertEquals(bare, DynamoDbBackupSets.backupSet(bareItem));
    assertEquals("2025-03-04T10:15:00.123Z", DynamoDbBackupSets.item(full).get("startedAt").s());
    assertEquals("2024.08.0", DynamoDbBackupSets.item(full).get("connectVersion").s());
    assertEquals(List.of("cluster", "setId", "mode", "startedAt", "status", "drCopies"), List.copyOf(bareItem.keySet()));
    assertFalse(DynamoDbBackupSets.item(full).get("drCopies").l().get(0).m().containsKey("efsRecoveryPointArn"));
  }

  @Test
  void anItemWithoutDrCopiesHasNone() {
    Map<String, AttributeValue> item = new HashMap<>(DynamoDbBackupSets.item(BackupSet.started("s1", "prod",
        BackupMode.COLD, T, null)));
    item.remove("drCopies");

    assertEquals(List.of(), DynamoDbBackupSets.backupSet(item).drCopies());
  }

  @Test
  void aMalformedItemIsAPreconditionFailureNamingTheSet() {
    Map<String, AttributeValue> item = new HashMap<>(DynamoDbBackupSets.item(BackupSet.started("s1", "prod",
        BackupMode.COLD, T, null)));
    item.put("status", AttributeValue.fromS("HALF_DONE"));

    PreconditionFailedException e = assertThrows(PreconditionFailedException.class,
        () -> DynamoDbBackupSets.backupSet(item));

    assertTrue(e.getMessage().startsWith("backup set record prod/s1 is malformed"), e.getMessage());
  }

  @Test
  void putIsConditionalOnTheSetNotExistingAndARetryOfTheSameRecordSucceeds() {
    BackupSet set = BackupSet.started("s1", "prod", BackupMode.COLD, T, null);
    dynamo.put = r -> {
      assertEquals("attribute_not_exists(#setId)", r.conditionExpression());
      throw ScriptedDynamoDb.refused(DynamoDbBackupSets.item(set));
    };

    assertEquals(set, sets.put(set));
  }

  @Test
  void putOfADifferentRecordUnderATakenIdIsRefused() {
    BackupSet stored = BackupSet.started("s1", "prod", BackupMode.COLD, T, null);
    dynamo.put = r -> {
      throw ScriptedDynamoDb.refused(DynamoDbBackupSets.item(stored));
    };

    PreconditionFailedException e = assertThrows(PreconditionFailedException.class,
        () -> sets.put(stored.withStatus(BackupStatus.COMPLETE, null)));

    assertTrue(e.getMessage().contains("backup set s1 of cluster prod exists already"), e.getMessage());
  }

  @Test
  void updateOfASetThatWasNeverPutIsNotFound() {
    dynamo.put = r -> {
      assertEquals("attribute_exists(#setId)", r.conditionExpression());
      throw ScriptedDynamoDb.refused(Map.of());
    };

    assertThrows(BackupSetNotFoundException.class,
        () -> sets.update(BackupSet.started("s1", "prod", BackupMode.COLD, T, null)));
  }

  @Test
  void updateWritesTheWholeRecord() {
    BackupSet set = BackupSet.started("s1", "prod", BackupMode.COLD, T, null).withStatus(BackupStatus.FAILED, "quota");
    dynamo.put = r -> {
      assertEquals(DynamoDbBackupSets.item(set), r.item());
      return PutItemResponse.builder().build();
    };

    assertEquals(set, sets.update(set));
  }

  @Test
  void listReadsEveryPageAndOrdersNewestFirst() {
    BackupSet a = BackupSet.started("a", "prod", BackupMode.COLD, T.plusSeconds(3), null);
    BackupSet b = BackupSet.started("b", "prod", BackupMode.COLD, T.plusSeconds(1), null);
    BackupSet c = BackupSet.started("c", "prod", BackupMode.COLD, T.plusSeconds(2), null);
    Map<String, AttributeValue> afterB = Map.of("cluster", AttributeValue.fromS("prod"), "setId", AttributeValue.fromS("b"));
    dynamo.query = r -> {
      assertEquals("#cluster = :cluster", r.keyConditionExpression());
      return r.exclusiveStartKey().isEmpty()
          ? QueryResponse.builder().items(DynamoDbBackupSets.item(a), DynamoDbBackupSets.item(b))
              .lastEvaluatedKey(afterB).build()
          : QueryResponse.builder().items(DynamoDbBackupSets.item(c)).build();
    };

    assertEquals(List.of(a, c, b), sets.list("prod"));
    assertEquals(List.of("Query", "Query"), dynamo.actions());
  }

  @Test
  void getOfAMissingSetIsNotFound() {
    dynamo.get = r -> GetItemResponse.builder().build();

    BackupSetNotFoundException e = assertThrows(BackupSetNotFoundException.class, () -> sets.get("prod", "s9"));

    assertEquals("cluster prod has no backup set s9", e.getMessage());
  }

  @Test
  void rejectsABadClusterOrSetIdBeforeCallingDynamoDb() {
    assertThrows(InvalidInputException.class, () -> sets.get("Prod", "s1"));
    assertThrows(InvalidInputException.class, () -> sets.get("prod", "s/1"));
    assertThrows(InvalidInputException.class, () -> sets.list(null));
    assertEquals(List.of(), dynamo.requests);
  }

  @Test
  void needsTheBackupSetTableName() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new DynamoDbBackupSets(dynamo, Config.from(Map.of("AWS_REGION", "us-east-1"))));

    assertTrue(e.getMessage().contains("BACKUP_SET_TABLE_NAME"), e.getMessage());
  }
}
