package dev.connectha.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.connectha.json.Json;
import dev.connectha.model.BackupSet;
import dev.connectha.model.ClusterName;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code connectha backups CLUSTER}: every backup set of the cluster, newest first. */
@Command(name = "backups", description = "A cluster's backup sets, newest first.")
final class BackupsCommand extends ClusterCommand {
  @Override
  public Integer call() {
    ClusterName.require(cluster);
    try (Cloud cloud = app.connect()) {
      cloud.ports().clusters().load(cluster);
      List<BackupSet> sets = cloud.ports().backupSets().list(cluster);
      Instant now = app.clock.instant();
      if (app.json) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        sets.forEach(s -> list.add(Json.MAPPER.valueToTree(s)));
        app.out.println(list);
        return 0;
      }
      if (sets.isEmpty()) {
        app.out.println("no backup sets for " + cluster);
      }
      app.out.println("%-36s %-11s %-6s %-10s %-20s %s".formatted("SET", "STATUS", "MODE", "VERSION", "STARTED", "AGE"));
      for (BackupSet s : sets) {
        app.out.println("%-36s %-11s %-6s %-10s %-20s %s".formatted(s.setId(), s.status(), s.mode(), s.connectVersion(),
            Format.time(s.startedAt()), Format.duration(Duration.between(s.startedAt(), now))));
      }
      return 0;
    }
  }
}
