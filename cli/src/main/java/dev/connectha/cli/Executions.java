package dev.connectha.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectha.aws.AwsCalls;
import dev.connectha.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/** A cluster's executions of one workflow, newest first (ListExecutions, then DescribeExecution to be sure of the cluster). */
final class Executions {
  /** One execution of a cluster: what ran, how it ended, how long it took. */
  record Run(Workflow workflow, String name, String arn, String status, Instant startedAt, Instant stoppedAt, String error) {
    Optional<Duration> duration() {
      return stoppedAt == null ? Optional.empty() : Optional.of(Duration.between(startedAt, stoppedAt));
    }

    ObjectNode json() {
      ObjectNode node = Json.MAPPER.createObjectNode().put("workflow", workflow.id()).put("name", name)
          .put("executionArn", arn).put("status", status).put("startedAt", startedAt.toString());
      if (stoppedAt != null) {
        node.put("stoppedAt", stoppedAt.toString()).put("seconds", duration().orElseThrow().toMillis() / 1000.0);
      }
      if (error != null) {
        node.put("error", error);
      }
      return node;
    }
  }

  private Executions() {}

  /**
   * The newest {@code limit} executions of {@code workflow} for {@code cluster} (those the CLI, a
   * schedule or the intake started: {@link Workflow#mayBeRunOf}). ListExecutions answers newest
   * first, page by page: paging stops as soon as {@code limit} are found.
   */
  static List<Run> of(Cloud cloud, Workflow workflow, String cluster, int limit) {
    String stateMachine = cloud.stateMachineArn(workflow);
    List<Run> runs = new ArrayList<>();
    Iterator<ExecutionListItem> items = cloud.sfn().listExecutionsPaginator(b -> b.stateMachineArn(stateMachine))
        .executions().iterator();
    while (runs.size() < limit && AwsCalls.call("ListExecutions " + workflow.id(), items::hasNext)) {
      ExecutionListItem item = items.next();
      if (!workflow.mayBeRunOf(item.name(), cluster)) {
        continue;
      }
      DescribeExecutionResponse d = AwsCalls.call("DescribeExecution " + item.name(),
          () -> cloud.sfn().describeExecution(b -> b.executionArn(item.executionArn())));
      if (cluster.equals(inputCluster(d.input()))) { // "backup-a-b-..." is cluster a-b's, not a's
        runs.add(new Run(workflow, item.name(), item.executionArn(), d.statusAsString(), d.startDate(), d.stopDate(),
            d.error()));
      }
    }
    return runs;
  }

  private static String inputCluster(String input) {
    try {
      JsonNode node = Json.MAPPER.readTree(input == null ? "{}" : input);
      return node.path("cluster").asText();
    } catch (IOException e) {
      return "";
    }
  }
}
