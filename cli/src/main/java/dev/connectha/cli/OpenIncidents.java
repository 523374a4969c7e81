package dev.connectha.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectha.aws.AwsCalls;
import dev.connectha.json.Json;
import dev.connectha.ports.Incidents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A cluster's open incidents, oldest first. The {@link Incidents} port finds an incident by its key
 * ({@code <cluster>#<subject>}) but lists none, and the table's only key is that hash key: so a
 * read-only Scan finds the cluster's open keys ({@code begins_with(pk, "<cluster>#")}, status
 * open; keys only), and the port's adapter reads each one (consistently, in its own item layout).
 * A Scan reads the whole table: it holds one item per (cluster, subject) incident, kept until its
 * TTL, and one circuit-breaker item per cluster, so it stays small.
 */
final class OpenIncidents {
  private OpenIncidents() {}

  static List<Incidents.Record> of(DynamoDbClient dynamo, Incidents incidents, String table, String cluster) {
    Iterator<Map<String, AttributeValue>> keys = dynamo.scanPaginator(b -> b.tableName(table)
        .projectionExpression("pk")
        .filterExpression("begins_with(pk, :cluster) AND #status = :open")
        .expressionAttributeNames(Map.of("#status", "status"))
        .expressionAttributeValues(Map.of(":cluster", AttributeValue.fromS(cluster + "#"),
            ":open", AttributeValue.fromS("open")))).items().iterator();
    List<String> open = new ArrayList<>();
    while (AwsCalls.call("Scan " + table + " for the open incidents of " + cluster, keys::hasNext)) {
      open.add(keys.next().get("pk").s());
    }
    return open.stream().map(incidents::find).flatMap(Optional::stream).filter(Incidents.Record::open)
        .sorted(Comparator.comparing((Incidents.Record r) -> r.incident().since()).thenComparing(r -> r.incident().subject()))
        .toList();
  }

  /** The incident for {@code --json}: kind, subject, since, its age, events, its remediate execution. */
  static ObjectNode json(Incidents.Record r, Instant now) {
    return Json.MAPPER.createObjectNode().put("kind", r.incident().kind().id()).put("subject", r.incident().subject())
        .put("since", r.incident().since().toString())
        .put("ageSeconds", Duration.between(r.incident().since(), now).toSeconds()).put("events", r.events())
        .put("execution", r.execution()).put("started", r.started());
  }

  /** One line of {@code status}: {@code node-dead  i-0abc  since 2026-11-30 22:01:00Z (4m10s)  3 events  remediate demo-i-0abc-...}. */
  static String line(Incidents.Record r, Instant now) {
    return "%-13s %-19s since %s (%s)  %d event%s  remediate %s%s".formatted(r.incident().kind().id(),
        r.incident().subject(), Format.time(r.incident().since()), Format.duration(Duration.between(r.incident().since(), now)),
        r.events(), r.events() == 1 ? "" : "s", r.execution(), r.started() ? "" : " (not started yet)");
  }
}
