package dev.connectha.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectha.json.Json;
import dev.connectha.model.BackupSet;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ClusterName;
import dev.connectha.model.ClusterVersions;
import dev.connectha.model.Node;
import dev.connectha.ports.ClusterLocks;
import dev.connectha.ports.Incidents;
import dev.connectha.ports.TargetRegistrations.Registration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/**
 * {@code connectha status CLUSTER}: versions, nodes by AZ, the lock, the newest complete backup set,
 * the open incidents, and the last run of each workflow the stack has.
 */
@Command(name = "status", description = "A cluster's Connect version, nodes, lock, newest backup, open incidents and"
    + " the last run of each workflow.")
final class StatusCommand extends ClusterCommand {
  @Override
  public Integer call() {
    ClusterName.require(cluster);
    try (Cloud cloud = app.connect()) {
      var ports = cloud.ports();
      ClusterDocument document = ports.clusters().load(cluster);
      ClusterVersions versions = ports.learned().versionsOf(document);
      List<Node> nodes = ports.nodes().nodesOf(cluster);
      Map<String, Registration> health = document.targetGroupArn() == null ? Map.of()
          : ports.targets().registrations(document.targetGroupArn()).stream()
              .collect(Collectors.toMap(Registration::instanceId, Function.identity(), (a, b) -> a));
      Optional<ClusterLocks.Lock> lock = ports.locks().holder(cluster);
      Optional<BackupSet> backup = ports.backupSets().list(cluster).stream().filter(BackupSet::complete).findFirst();
      Instant now = app.clock.instant();

      ObjectNode status = Json.MAPPER.createObjectNode().put("cluster", cluster);
      ObjectNode version = status.putObject("connectVersion").put("schema", versions.schemaVersion().toString())
          .put("nodes", versions.nodesVersion().toString()).put("registered", document.connectVersion().toString());
      version.put("learned", versions.learned() != null);
      ObjectNode zones = status.putObject("nodesByAz");
      Map<String, List<Node>> byAz = new TreeMap<>(nodes.stream().collect(Collectors.groupingBy(Node::availabilityZone)));
      byAz.forEach((az, inAz) -> {
        ArrayNode list = zones.putArray(az);
        inAz.forEach(n -> list.addObject().put("instanceId", n.instanceId()).put("state", n.state())
            .put("targetHealth", Optional.ofNullable(health.get(n.instanceId())).map(Registration::state).orElse("unregistered")));
      });
      lock.ifPresentOrElse(l -> status.putObject("lock").put("workflow", l.workflow()).put("owner", l.owner())
          .put("leaseUntil", l.leaseUntil().toString()), () -> status.putNull("lock"));
      backup.ifPresentOrElse(b -> status.putObject("newestCompleteBackup").put("setId", b.setId())
          .put("mode", b.mode().name()).put("connectVersion", String.valueOf(b.connectVersion()))
          .put("startedAt", b.startedAt().toString())
          .put("ageSeconds", Duration.between(b.startedAt(), now).toSeconds()), () -> status.putNull("newestCompleteBackup"));
      Optional<List<Incidents.Record>> incidents = cloud.incidentTable()
          .map(table -> OpenIncidents.of(ports.dynamoDb(), ports.incidents(), table, cluster));
      incidents.ifPresentOrElse(list -> {
        ArrayNode open = status.putArray("openIncidents");
        list.forEach(r -> open.add(OpenIncidents.json(r, now)));
      }, () -> status.putNull("openIncidents"));
      ObjectNode lastRuns = status.putObject("lastRuns");
      for (Workflow workflow : cloud.workflows()) {
        Executions.of(cloud, workflow, cluster, 1).stream().findFirst()
            .ifPresentOrElse(r -> lastRuns.set(workflow.id(), r.json()), () -> lastRuns.putNull(workflow.id()));
      }
      if (app.json) {
        app.out.println(status);
      } else {
        print(status, versions, byAz, health, lock, backup, now, incidents, lastRuns);
      }
      return 0;
    }
  }

  private void print(ObjectNode status, ClusterVersions versions, Map<String, List<Node>> byAz,
      Map<String, Registration> health, Optional<ClusterLocks.Lock> lock, Optional<BackupSet> backup, Instant now,
      Optional<List<Incidents.Record>> incidents, ObjectNode lastRuns) {
    var out = app.out;
    out.println("cluster   " + cluster);
    out.println("connect   schema " + versions.schemaVersion() + ", nodes " + versions.nodesVersion() + ", registered "
        + status.at("/connectVersion/registered").asText() + (versions.learned() == null ? " (nothing learned yet)" : ""));
    out.println("nodes     " + byAz.values().stream().mapToInt(List::size).sum() + " in " + byAz.size() + " AZ(s)");
    byAz.forEach((az, nodes) -> nodes.forEach(n -> out.println("  " + az + "  " + n.instanceId() + "  " + n.state() + "  "
        + Optional.ofNullable(health.get(n.instanceId())).map(Registration::state).orElse("unregistered"))));
    out.println("lock      " + lock.map(l -> "held by " + l.workflow() + " (" + l.owner() + ") until "
        + Format.time(l.leaseUntil())).orElse("free"));
    out.println("backup    " + backup.map(b -> b.setId() + " " + b.mode() + " " + b.connectVersion() + ", taken "
        + Format.time(b.startedAt()) + ", " + Format.duration(Duration.between(b.startedAt(), now)) + " old")
        .orElse("no complete backup set"));
    out.println("incidents " + incidents.map(list -> list.isEmpty() ? "none open" : list.size() + " open")
        .orElse("(the stack has no incident table)"));
    incidents.orElse(List.of()).forEach(r -> out.println("  " + OpenIncidents.line(r, now)));
    out.println("last runs");
    lastRuns.properties().forEach(e -> out.println("  " + lastRun(e.getKey(), e.getValue())));
  }

  /** {@code backup           SUCCEEDED  2026-11-30T22:01:00Z  12.0s  backup-demo-...}, {@code never}, or {@code running}. */
  static String lastRun(String workflow, JsonNode run) {
    return "%-16s %s".formatted(workflow, run.isNull() ? "never"
        : run.path("status").asText() + "  " + run.path("startedAt").asText() + "  "
            + (run.has("seconds") ? Format.duration(Duration.ofMillis((long) (run.path("seconds").asDouble() * 1000))) : "running")
            + "  " + run.path("name").asText());
  }
}
