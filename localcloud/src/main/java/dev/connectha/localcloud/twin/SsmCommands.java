package dev.connectha.localcloud.twin;

import dev.connectha.localcloud.AwsClients;
import dev.connectha.localcloud.AwsRequest;
import dev.connectha.localcloud.AwsResponse;
import dev.connectha.localcloud.Gateway;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * SSM's command API for the project's documents, which moto "runs" with empty output:
 * {@code SendCommand} runs each registered document's real script on every named node
 * ({@link CommandRunner}), and {@code GetCommandInvocation} / {@code ListCommandInvocations} report
 * the runs. A run stays InProgress for its document's {@link #commandDuration}; a stopped node's is
 * Undeliverable; {@link #failNextCommand} fails one without running it. Commands of other
 * documents go on to moto.
 */
final class SsmCommands {
  private final AwsClients aws;
  private final List<SimNode> nodes;
  private final CommandRunner runner;
  private final Map<String, CommandDocument> documents = new ConcurrentHashMap<>();
  private final Map<String, CommandRun> runs = new ConcurrentHashMap<>();
  private volatile Duration commandDuration = Duration.ZERO;
  private final Map<String, Duration> documentDurations = new ConcurrentHashMap<>();
  /** "document/instanceId" -> the stderr of the next command of that document there. */
  private final Map<String, String> nextFailures = new ConcurrentHashMap<>();

  /** @param nodes the twin's nodes, as seeding and faults change them */
  SsmCommands(AwsClients aws, List<SimNode> nodes, CommandRunner runner) {
    this.aws = aws;
    this.nodes = nodes;
    this.runner = runner;
  }

  /** Forgets every run and every duration and failure set; the documents stay registered. */
  void reset() {
    runs.clear();
    commandDuration = Duration.ZERO;
    documentDurations.clear();
    nextFailures.clear();
  }

  void registerDocument(String name, CommandDocument document) {
    documents.put(name, document);
  }

  void commandDuration(Duration duration) {
    this.commandDuration = duration;
  }

  void commandDuration(String document, Duration duration) {
    documentDurations.put(document, duration);
  }

  void failNextCommand(String document, String instanceId, String stderr) {
    nextFailures.put(document + "/" + instanceId, stderr);
  }

  Gateway.Interceptor interceptor() {
    return request -> {
      if (request.service().equals("ssm")) {
        return switch (request.action()) {
          case "SendCommand" -> sendCommand(request);
          case "GetCommandInvocation" -> getCommandInvocation(request);
          case "ListCommandInvocations" -> listCommandInvocations(request);
          default -> Optional.empty();
        };
      }
      return Optional.empty();
    };
  }

  private Optional<AwsResponse> sendCommand(AwsRequest request) {
    var body = request.json();
    String document = body.path("DocumentName").asText();
    CommandDocument definition = documents.get(document);
    if (definition == null) {
      return Optional.empty();
    }
    List<String> instanceIds = new ArrayList<>();
    body.path("InstanceIds").forEach(id -> instanceIds.add(id.asText()));
    if (instanceIds.isEmpty()) {
      return Optional.of(AwsResponse.error(request, 400, "InvalidInstanceId",
          "the twin runs commands on named instances only (InstanceIds)"));
    }
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    body.path("Parameters").fields().forEachRemaining(p -> {
      List<String> values = new ArrayList<>();
      p.getValue().forEach(v -> values.add(v.asText()));
      parameters.put(p.getKey(), values);
    });
    String script;
    try {
      script = definition.render(parameters);
    } catch (IllegalArgumentException e) {
      return Optional.of(AwsResponse.error(request, 400, "InvalidParameters", e.getMessage()));
    }
    Map<String, InstanceStateName> states = new LinkedHashMap<>();
    aws.ec2.describeInstances(b -> b.instanceIds(instanceIds)).reservations().forEach(r -> r.instances()
        .forEach((Instance i) -> states.put(i.instanceId(), i.state().name())));
    String commandId = UUID.randomUUID().toString();
    Instant now = Instant.now();
    for (String instanceId : instanceIds) {
      runs.put(commandId + "/" + instanceId, run(commandId, instanceId, document, script, states.get(instanceId), now));
    }
    Map<String, Object> command = new LinkedHashMap<>();
    command.put("CommandId", commandId);
    command.put("DocumentName", document);
    command.put("InstanceIds", instanceIds);
    command.put("Parameters", parameters);
    command.put("Status", "Pending");
    command.put("RequestedDateTime", now.getEpochSecond());
    command.put("TargetCount", instanceIds.size());
    return Optional.of(AwsResponse.json(Map.of("Command", command)));
  }

  private CommandRun run(String commandId, String instanceId, String document, String script, InstanceStateName state,
      Instant now) {
    Instant done = now.plus(documentDurations.getOrDefault(document, commandDuration));
    SimNode node = SimNode.find(nodes, instanceId);
    if (node == null || state != InstanceStateName.RUNNING) {
      return new CommandRun(commandId, instanceId, document, "Undeliverable", -1, "", "instance is not running", now, done);
    }
    String failure = nextFailures.remove(document + "/" + instanceId);
    if (failure != null) {
      return new CommandRun(commandId, instanceId, document, "Failed", 1, "", failure, now, done);
    }
    if (node.commandFailure != null) {
      return new CommandRun(commandId, instanceId, document, "Failed", 1, "", node.commandFailure, now, done);
    }
    return runner.run(commandId, document, script, node, now, done);
  }

  private Optional<AwsResponse> getCommandInvocation(AwsRequest request) {
    var body = request.json();
    String commandId = body.path("CommandId").asText();
    if (runs.keySet().stream().noneMatch(k -> k.startsWith(commandId + "/"))) {
      return Optional.empty();
    }
    CommandRun run = runs.get(commandId + "/" + body.path("InstanceId").asText());
    if (run == null) {
      return Optional.of(AwsResponse.error(request, 400, "InvocationDoesNotExist", "no such invocation"));
    }
    return Optional.of(AwsResponse.json(invocation(run, Instant.now(), false)));
  }

  private Optional<AwsResponse> listCommandInvocations(AwsRequest request) {
    var body = request.json();
    String commandId = body.path("CommandId").asText(null);
    String instanceId = body.path("InstanceId").asText(null);
    boolean details = body.path("Details").asBoolean(false);
    List<Map<String, Object>> invocations = runs.values().stream()
        .filter(r -> commandId == null || r.commandId().equals(commandId))
        .filter(r -> instanceId == null || r.instanceId().equals(instanceId))
        .map(r -> invocation(r, Instant.now(), details)).toList();
    if (commandId != null && invocations.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(AwsResponse.json(Map.of("CommandInvocations", invocations)));
  }

  private static Map<String, Object> invocation(CommandRun run, Instant now, boolean plugins) {
    String status = run.statusAt(now);
    boolean done = !status.equals("InProgress");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("CommandId", run.commandId());
    out.put("InstanceId", run.instanceId());
    out.put("DocumentName", run.document());
    out.put("Status", status);
    out.put("StatusDetails", status);
    out.put("ResponseCode", done ? run.responseCode() : -1);
    out.put("StandardOutputContent", done ? run.stdout() : "");
    out.put("StandardErrorContent", done ? run.stderr() : "");
    out.put("ExecutionStartDateTime", run.requestedAt().toString());
    if (plugins) {
      out.put("CommandPlugins", List.of(Map.of("Name", "gatherNodeFacts", "Status", status,
          "Output", done ? run.stdout() : "", "ResponseCode", done ? run.responseCode() : -1)));
    }
    return out;
  }
}
