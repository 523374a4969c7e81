package dev.connectha.aws;

import dev.connectha.config.Config;
import dev.connectha.errors.ConnectHaException;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.ClusterName;
import dev.connectha.model.remediation.Incident;
import dev.connectha.model.remediation.IncidentKind;
import dev.connectha.ports.Incidents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Incidents in the incident table (hash key {@code pk}). An incident item's key is
 * {@code <cluster>#<subject>}: cluster, kind, subject, since (ISO-8601), execution, started,
 * events, status ({@code open}|{@code closed}), outcome, closedAt and {@code expiresAt} (epoch
 * seconds, the table's TTL attribute). Opening is one conditional PutItem (no item, or a closed
 * one), so a storm of events opens one incident; each refused event adds one to {@code events}.
 * The circuit breaker's item is {@code <cluster>#replacements}: a list {@code at} of epoch seconds,
 * pruned to the last day on every write.
 */
public final class DynamoDbIncidents implements Incidents {
  /** How long the breaker's item keeps a replacement (the breaker looks back an hour). */
  static final Duration REPLACEMENTS_KEPT = Duration.ofDays(1);
  static final String OPEN = "open";
  static final String CLOSED = "closed";
  /**
   * No incident of the key, or one closed before this one started: an event from before the close
   * (EventBridge delivers late, retries, and a storm outlives the repair) belongs to the failure
   * that incident handled, and opens nothing.
   */
  private static final String ABSENT_OR_CLOSED = "attribute_not_exists(pk) OR (#status = :closed AND "
      + "(attribute_not_exists(#closedEpoch) OR #closedEpoch < :since))";
  /** Attempts of {@link #open}: the open incident can close between a refused put and the count. */
  private static final int ATTEMPTS = 2;

  private final DynamoDbClient dynamo;
  private final String table;

  @Inject
  public DynamoDbIncidents(DynamoDbClient dynamo, Config config) {
    if (config.incidentTable().isBlank()) {
      throw new IllegalStateException("INCIDENT_TABLE_NAME is not set");
    }
    this.dynamo = dynamo;
    this.table = config.incidentTable();
  }

  @Override
  public boolean open(Incident incident, String execution, Instant expiresAt) {
    requireText("execution", execution);
    requireTime("expiresAt", expiresAt);
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      if (refused(() -> AwsCalls.call("open incident " + incident.key() + " in " + table, () -> dynamo.putItem(r -> r
          .tableName(table)
          .item(item(incident, execution, expiresAt))
          .conditionExpression(ABSENT_OR_CLOSED)
          .expressionAttributeNames(Map.of("#status", "status", "#closedEpoch", "closedEpoch"))
          .expressionAttributeValues(Map.of(":closed", text(CLOSED), ":since", number(incident.since().getEpochSecond()))))))) {
        // One open already: count this event on it, unless it closed meanwhile (then open again).
        if (!refused(() -> AwsCalls.call("count an event of incident " + incident.key() + " in " + table,
            () -> dynamo.updateItem(r -> r
                .tableName(table)
                .key(key(incident.key()))
                .updateExpression("ADD #events :one")
                .conditionExpression("#status = :open")
                .expressionAttributeNames(Map.of("#events", "events", "#status", "status"))
                .expressionAttributeValues(Map.of(":one", number(1), ":open", text(OPEN))))))) {
          return false;
        }
      } else {
        return true;
      }
    }
    return false;
  }

  @Override
  public void markStarted(String key) {
    requireText("key", key);
    AwsCalls.call("mark incident " + key + " started in " + table, () -> dynamo.updateItem(r -> r
        .tableName(table)
        .key(key(key))
        .updateExpression("SET #started = :true")
        .conditionExpression("attribute_exists(pk)")
        .expressionAttributeNames(Map.of("#started", "started"))
        .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true)))));
  }

  @Override
  public Optional<Record> find(String key) {
    requireText("key", key);
    Map<String, AttributeValue> item = read(key);
    return item.isEmpty() ? Optional.empty() : Optional.of(record(item));
  }

  @Override
  public boolean close(String key, String execution, String outcome, Instant closedAt, Instant expiresAt) {
    requireText("key", key);
    requireText("execution", execution);
    requireText("outcome", outcome);
    requireTime("closedAt", closedAt);
    requireTime("expiresAt", expiresAt);
    return !refused(() -> AwsCalls.call("close incident " + key + " in " + table, () -> dynamo.updateItem(r -> r
        .tableName(table)
        .key(key(key))
        .updateExpression("SET #status = :closed, #outcome = :outcome, #closedAt = :closedAt, #closedEpoch = :closedEpoch, "
            + "#expiresAt = :expiresAt")
        .conditionExpression("#status = :open AND #execution = :execution")
        .expressionAttributeNames(Map.of("#status", "status", "#outcome", "outcome", "#closedAt", "closedAt",
            "#closedEpoch", "closedEpoch",
            "#expiresAt", "expiresAt", "#execution", "execution"))
        .expressionAttributeValues(Map.of(":closed", text(CLOSED), ":open", text(OPEN), ":outcome", text(outcome),
            ":closedAt", text(closedAt.toString()), ":closedEpoch", number(closedAt.getEpochSecond()),
            ":expiresAt", number(expiresAt.getEpochSecond()),
            ":execution", text(execution))))));
  }

  @Override
  public List<Instant> replacementsSince(String cluster, Instant since) {
    ClusterName.require(cluster);
    requireTime("since", since);
    return replacements(read(breakerKey(cluster))).stream().filter(t -> !t.isBefore(since)).toList();
  }

  /** Read, prune to the last day, append, write: the remediate workflow holds the cluster lock meanwhile. */
  @Override
  public void recordReplacements(String cluster, int count, Instant at) {
    ClusterName.require(cluster);
    requireTime("at", at);
    if (count < 1) {
      throw new InvalidInputException("record at least one replacement: " + count);
    }
    Instant keptFrom = at.minus(REPLACEMENTS_KEPT);
    List<AttributeValue> times = new ArrayList<>();
    replacements(read(breakerKey(cluster))).stream().filter(t -> t.isAfter(keptFrom))
        .forEach(t -> times.add(number(t.getEpochSecond())));
    times.addAll(Collections.nCopies(count, number(at.getEpochSecond())));
    AwsCalls.call("record replacements of " + cluster + " in " + table, () -> dynamo.putItem(r -> r
        .tableName(table)
        .item(Map.of(
            "pk", text(breakerKey(cluster)),
            "cluster", text(cluster),
            "at", AttributeValue.fromL(times),
            "expiresAt", number(at.plus(REPLACEMENTS_KEPT).getEpochSecond())))));
  }

  private Map<String, AttributeValue> read(String key) {
    Map<String, AttributeValue> item = AwsCalls.call("read " + key + " in " + table,
        () -> dynamo.getItem(r -> r.tableName(table).key(key(key)).consistentRead(true))).item();
    return item == null ? Map.of() : item;
  }

  /** Runs a conditional write: true when DynamoDB refused it on its condition. */
  private static boolean refused(Runnable write) {
    try {
      write.run();
      return false;
    } catch (ConnectHaException e) {
      if (e.getCause() instanceof ConditionalCheckFailedException) {
        return true;
      }
      throw e;
    }
  }

  private static Map<String, AttributeValue> item(Incident incident, String execution, Instant expiresAt) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("pk", text(incident.key()));
    item.put("cluster", text(incident.cluster()));
    item.put("kind", text(incident.kind().id()));
    item.put("subject", text(incident.subject()));
    item.put("since", text(incident.since().toString()));
    item.put("execution", text(execution));
    item.put("started", AttributeValue.fromBool(false));
    item.put("events", number(1));
    item.put("status", text(OPEN));
    item.put("expiresAt", number(expiresAt.getEpochSecond()));
    return item;
  }

  private static Record record(Map<String, AttributeValue> item) {
    Incident incident = new Incident(item.get("cluster").s(), IncidentKind.of(item.get("kind").s()),
        item.get("subject").s(), Instant.parse(item.get("since").s()));
    AttributeValue started = item.get("started");
    AttributeValue events = item.get("events");
    return new Record(incident, item.get("execution").s(), started != null && Boolean.TRUE.equals(started.bool()),
        events == null ? 0 : Long.parseLong(events.n()), item.get("status").s(), textOf(item.get("outcome")),
        item.containsKey("closedAt") ? Instant.parse(item.get("closedAt").s()) : null);
  }

  private static List<Instant> replacements(Map<String, AttributeValue> item) {
    AttributeValue at = item.get("at");
    if (at == null || !at.hasL()) {
      return List.of();
    }
    return at.l().stream().map(v -> Instant.ofEpochSecond(Long.parseLong(v.n()))).toList();
  }

  static String breakerKey(String cluster) {
    return cluster + "#replacements";
  }

  private static Map<String, AttributeValue> key(String key) {
    return Map.of("pk", text(key));
  }

  private static String textOf(AttributeValue value) {
    return value == null ? null : value.s();
  }

  private static void requireText(String what, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidInputException("an incident needs its " + what);
    }
  }

  private static void requireTime(String what, Instant value) {
    if (value == null) {
      throw new InvalidInputException("an incident needs its " + what);
    }
  }

  private static AttributeValue text(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue number(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
