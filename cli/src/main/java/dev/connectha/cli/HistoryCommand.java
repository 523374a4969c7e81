package dev.connectha.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.connectha.json.Json;
import dev.connectha.model.ClusterName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code connectha history CLUSTER}: past executions of every workflow, newest first, with outcome and duration. */
@Command(name = "history", description = "A cluster's past executions (every workflow), newest first.")
final class HistoryCommand extends ClusterCommand {
  @Option(names = "--limit", defaultValue = "20", description = "at most this many (default ${DEFAULT-VALUE})")
  int limit;

  @Override
  public Integer call() {
    ClusterName.require(cluster);
    StartCommands.Start.between("--limit", limit, 1, 1000);
    try (Cloud cloud = app.connect()) {
      cloud.ports().clusters().load(cluster);
      List<Executions.Run> runs = new ArrayList<>();
      for (Workflow workflow : cloud.workflows()) {
        runs.addAll(Executions.of(cloud, workflow, cluster, limit));
      }
      runs.sort(Comparator.comparing(Executions.Run::startedAt).reversed());
      List<Executions.Run> shown = runs.subList(0, Math.min(limit, runs.size()));
      if (app.json) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        shown.forEach(r -> list.add(r.json()));
        app.out.println(list);
        return 0;
      }
      if (shown.isEmpty()) {
        app.out.println("no executions for " + cluster);
        return 0;
      }
      app.out.println("%-20s %-16s %-10s %-9s %s".formatted("STARTED", "WORKFLOW", "OUTCOME", "DURATION", "NAME"));
      for (Executions.Run r : shown) {
        app.out.println("%-20s %-16s %-10s %-9s %s%s".formatted(Format.time(r.startedAt()), r.workflow().id(), r.status(),
            r.duration().map(Format::duration).orElse("running"), r.name(), r.error() == null ? "" : "  " + r.error()));
      }
      return 0;
    }
  }
}
