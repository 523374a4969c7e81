package dev.connectha.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.config.Config;
import dev.connectha.errors.AwsCallFailedException;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.remediation.Incident;
import dev.connectha.model.remediation.IncidentKind;
import dev.connectha.ports.Incidents.Record;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/** The incident adapter's requests and how it reads DynamoDB's refusals. */
class DynamoDbIncidentsTest {
  private static final Instant SINCE = Instant.parse("2025-03-04T10:15:00Z");
  private static final Instant EXPIRES = SINCE.plusSeconds(7 * 86_400);
  private static final Config CONFIG = Config.from(Map.of("AWS_REGION", "us-east-1", "INCIDENT_TABLE_NAME", "incidents"));
  private static final Incident DEAD = new Incident("prod", IncidentKind.NODE_DEAD, "i-0abc", SINCE);
  private static final String NAME = "prod-i-0abc-20250304T101500Z";

  private final ScriptedDynamoDb dynamo = new ScriptedDynamoDb();
  private final DynamoDbIncidents incidents = new DynamoDbIncidents(dynamo, CONFIG);

  @Test
  void openingIsOneConditionalPutOfTheWholeIncident() {
    dynamo.put = r -> PutItemResponse.builder().build();

    assertTrue(incidents.open(DEAD, NAME, EXPIRES));

    assertEquals(List.of("PutItem"), dynamo.actions());
    PutItemRequest put = (PutItemRequest) dynamo.requests.get(0);
    assertEquals("incidents", put.tableName());
    assertEquals("attribute_not_exists(pk) OR (#status = :closed AND (attribute_not_exists(#closedEpoch) OR "
        + "#closedEpoch < :since))", put.conditionExpression(), "an event from before the last close opens nothing");
    assertEquals(AttributeValue.fromS("closed"), put.expressionAttributeValues().get(":closed"));
    assertEquals(AttributeValue.fromN(String.valueOf(DEAD.since().getEpochSecond())), put.expressionAttributeValues().get(":since"));
    assertEquals(Map.of(
        "pk", AttributeValue.fromS("prod#i-0abc"),
        "cluster", AttributeValue.fromS("prod"),
        "kind", AttributeValue.fromS("node-dead"),
        "subject", AttributeValue.fromS("i-0abc"),
        "since", AttributeValue.fromS("2025-03-04T10:15:00Z"),
        "execution", AttributeValue.fromS(NAME),
        "started", AttributeValue.fromBool(false),
        "events", AttributeValue.fromN("1"),
        "status", AttributeValue.fromS("open"),
        "expiresAt", AttributeValue.fromN(String.valueOf(EXPIRES.getEpochSecond()))), put.item());
  }

  @Test
  void anIncidentOpenAlreadyCountsTheEventAndIsNotOpenedAgain() {
    dynamo.put = r -> {
      throw ScriptedDynamoDb.refused(Map.of());
    };
    dynamo.update = r -> UpdateItemResponse.builder().build();

    assertFalse(incidents.open(DEAD, NAME, EXPIRES));

    assertEquals(List.of("PutItem", "UpdateItem"), dynamo.actions());
    UpdateItemRequest count = (UpdateItemRequest) dynamo.requests.get(1);
    assertEquals("ADD #events :one", count.updateExpression());
    assertEquals("#status = :open", count.conditionExpression());
    assertEquals(Map.of("pk", AttributeValue.fromS("prod#i-0abc")), count.key());
    assertEquals(AttributeValue.fromN("1"), count.expressionAttributeValues().get(":one"));
  }

  @Test
  void anIncidentThatClosedBetweenTheRefusedPutAndTheCountIsOpenedAgain() {
    AtomicInteger puts = new AtomicInteger();
    dynamo.put = r -> {
      if (puts.incrementAndGet() == 1) {
        throw ScriptedDynamoDb.refused(Map.of());
      }
      return PutItemResponse.builder().build();
    };
    dynamo.update = r -> {
      throw ScriptedDynamoDb.refused(Map.of());
    };

    assertTrue(incidents.open(DEAD, NAME, EXPIRES));

    assertEquals(List.of("PutItem", "UpdateItem", "PutItem"), dynamo.actions());
  }

  @Test
  void otherDynamoDbErrorsAreNotMistakenForAnOpenIncident() {
    dynamo.put = r -> {
      throw ResourceNotFoundException.builder().statusCode(400).message("no table")
          .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException").build()).build();
    };

    assertThrows(AwsCallFailedException.class, () -> incidents.open(DEAD, NAME, EXPIRES));
    assertEquals(List.of("PutItem"), dynamo.actions());
  }

  @Test
  void findReadsTheRecordConsistently() {
    dynamo.get = r -> {
      assertTrue(r.consistentRead());
      assertEquals(Map.of("pk", AttributeValue.fromS("prod#i-0abc")), r.key());
      return GetItemResponse.builder().item(Map.of(
          "pk", AttributeValue.fromS("prod#i-0abc"), "cluster", AttributeValue.fromS("prod"),
          "kind", AttributeValue.fromS("node-dead"), "subject", AttributeValue.fromS("i-0abc"),
          "since", AttributeValue.fromS(SINCE.toString()), "execution", AttributeValue.fromS(NAME),
          "started", AttributeValue.fromBool(true), "events", AttributeValue.fromN("1000"),
          "status", AttributeValue.fromS("closed"), "outcome", AttributeValue.fromS("replaced"))).build();
    };

    assertEquals(Optional.of(new Record(DEAD, NAME, true, 1000, "closed", "replaced", null)),
        incidents.find("prod#i-0abc"));
  }

  @Test
  void noItemIsNoRecord() {
    dynamo.get = r -> GetItemResponse.builder().build();

    assertEquals(Optional.empty(), incidents.find("prod#i-0abc"));
  }

  @Test
  void closingIsConditionalOnTheIncidentBeingOpenAndHandledByThatExecution() {
    dynamo.update = r -> UpdateItemResponse.builder().build();
    Instant closedAt = SINCE.plusSeconds(300);

    assertTrue(incidents.close("prod#i-0abc", NAME, "replaced", closedAt, closedAt.plusSeconds(30 * 86_400)));

    UpdateItemRequest close = (UpdateItemRequest) dynamo.requests.get(0);
    assertEquals("#status = :open AND #execution = :execution", close.conditionExpression());
    assertEquals(AttributeValue.fromS(NAME), close.expressionAttributeValues().get(":execution"));
    assertEquals(AttributeValue.fromS("closed"), close.expressionAttributeValues().get(":closed"));
    assertEquals(AttributeValue.fromS("replaced"), close.expressionAttributeValues().get(":outcome"));
    assertEquals(AttributeValue.fromN(String.valueOf(closedAt.getEpochSecond() + 30 * 86_400)),
        close.expressionAttributeValues().get(":expiresAt"));
    assertEquals(AttributeValue.fromN(String.valueOf(closedAt.getEpochSecond())), close.expressionAttributeValues().get(":closedEpoch"),
        "what the next open compares its event's time with");
  }

  @Test
  void aCloseDynamoDbRefusesReturnsFalse() {
    dynamo.update = r -> {
      throw ScriptedDynamoDb.refused(Map.of());
    };

    assertFalse(incidents.close("prod#i-0abc", "another-execution", "resolved", SINCE, EXPIRES));
  }

  @Test
  void markingStartedNeverCreatesAnItem() {
    dynamo.update = r -> UpdateItemResponse.builder().build();

    incidents.markStarted("prod#i-0abc");

    UpdateItemRequest mark = (UpdateItemRequest) dynamo.requests.get(0);
    assertEquals("SET #started = :true", mark.updateExpression());
    assertEquals("attribute_exists(pk)", mark.conditionExpression());
  }

  @Test
  void replacementsSinceCountsOnlyTheWindow() {
    Instant now = SINCE;
    dynamo.get = r -> {
      assertEquals(Map.of("pk", AttributeValue.fromS("prod#replacements")), r.key());
      return GetItemResponse.builder().item(Map.of("pk", AttributeValue.fromS("prod#replacements"),
          "at", AttributeValue.fromL(List.of(n(now.minusSeconds(7200)), n(now.minusSeconds(600)), n(now))))).build();
    };

    assertEquals(List.of(now.minusSeconds(600), now), incidents.replacementsSince("prod", now.minusSeconds(3600)));
  }

  @Test
  void recordingReplacementsAppendsAndPrunesEverythingOlderThanADay() {
    Instant at = SINCE;
    dynamo.get = r -> GetItemResponse.builder().item(Map.of("pk", AttributeValue.fromS("prod#replacements"),
        "at", AttributeValue.fromL(List.of(n(at.minusSeconds(90_000)), n(at.minusSeconds(600)))))).build();
    dynamo.put = r -> PutItemResponse.builder().build();

    incidents.recordReplacements("prod", 2, at);

    assertEquals(List.of("GetItem", "PutItem"), dynamo.actions());
    PutItemRequest put = (PutItemRequest) dynamo.requests.get(1);
    assertEquals(Map.of(
        "pk", AttributeValue.fromS("prod#replacements"),
        "cluster", AttributeValue.fromS("prod"),
        "at", AttributeValue.fromL(List.of(n(at.minusSeconds(600)), n(at), n(at))),
        "expiresAt", AttributeValue.fromN(String.valueOf(at.getEpochSecond() + 86_400))), put.item());
  }

  @Test
  void rejectsABadRequestBeforeCallingDynamoDb() {
    // the scripted client fails the test on any call
    assertThrows(InvalidInputException.class, () -> incidents.open(DEAD, " ", EXPIRES));
    assertThrows(InvalidInputException.class, () -> incidents.close("prod#i-0abc", NAME, null, SINCE, EXPIRES));
    assertThrows(InvalidInputException.class, () -> incidents.recordReplacements("prod", 0, SINCE));
    assertThrows(InvalidInputException.class, () -> incidents.replacementsSince("Prod!", SINCE));
    assertEquals(List.of(), dynamo.requests);
  }

  @Test
  void needsTheIncidentTableName() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new DynamoDbIncidents(dynamo, Config.from(Map.of("AWS_REGION", "us-east-1"))));

    assertTrue(e.getMessage().contains("INCIDENT_TABLE_NAME"), e.getMessage());
  }

  private static AttributeValue n(Instant t) {
    return AttributeValue.fromN(String.valueOf(t.getEpochSecond()));
  }
}
