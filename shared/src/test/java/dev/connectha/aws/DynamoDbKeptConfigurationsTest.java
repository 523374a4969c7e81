package dev.connectha.aws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.config.Config;
import dev.connectha.model.BackupMode;
import dev.connectha.model.BackupSet;
import dev.connectha.model.backup.KeptConfiguration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

/** Where an eks set's configuration lives: its own item beside the set's, and a digest summary in the set's item. */
class DynamoDbKeptConfigurationsTest {
  private static final Config CONFIG = Config.from(Map.of("AWS_REGION", "us-east-1", "BACKUP_SET_TABLE_NAME", "sets"));
  private static final KeptConfiguration KEPT = new KeptConfiguration("connect-config",
      Map.of("rstudio-connect.gcfg", "sha256:aa"), "connect", 3, "rstudio-connect-0.7.0", "2024.08.0", "sha256:bb", 40,
      60, 90);

  private final ScriptedDynamoDb dynamo = new ScriptedDynamoDb();
  private final DynamoDbKeptConfigurations store = new DynamoDbKeptConfigurations(dynamo, CONFIG);

  @Test
  void theSummarySurvivesTheSetsItem() {
    BackupSet set = BackupSet.started("s1", "prod", BackupMode.COLD, Instant.parse("2026-01-01T00:00:00Z"), null)
        .withConfiguration(KEPT);

    assertEquals(set, DynamoDbBackupSets.backupSet(DynamoDbBackupSets.item(set)));
  }

  @Test
  void theContentIsAnItemOfItsOwnThatNoListOfTheClustersSetsReads() {
    byte[] content = {1, 2, 3};
    dynamo.put = r -> {
      assertEquals("prod#configuration", r.item().get("cluster").s());
      assertEquals("s1", r.item().get("setId").s());
      assertArrayEquals(content, r.item().get("content").b().asByteArray());
      return PutItemResponse.builder().build();
    };
    store.keep("prod", "s1", content);

    dynamo.get = r -> GetItemResponse.builder().item(dynamo.requests.get(0) instanceof
        software.amazon.awssdk.services.dynamodb.model.PutItemRequest put ? put.item() : Map.of()).build();
    assertArrayEquals(content, store.content("prod", "s1").orElseThrow());
  }

  @Test
  void aSetWithoutContentHasNone() {
    dynamo.get = r -> GetItemResponse.builder().build();

    assertTrue(store.content("prod", "s1").isEmpty());
  }
}
