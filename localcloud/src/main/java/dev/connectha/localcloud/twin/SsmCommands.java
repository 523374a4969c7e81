package dev.connectha.localcloud.twin;

import dev.connectha.config.DocumentKind;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ssm.model.CommandInvocationStatus;

/**
 * SSM's command API for the project's documents, which moto "runs" with empty output:
 * {@code SendCommand} starts each registered document's real script on every named node
 * ({@link CommandRunner}), and {@code GetCommandInvocation} / {@code ListCommandInvocations} report
 * the runs. A run takes its document's {@link #commandDuration} on the node: it is InProgress until
 * then, and its script runs (its effect on the node, and its Success) at that end. A node whose EC2
 * instance stops or terminates before the end (through the EC2 API, or {@link #killDuring}) ends
 * the run there and then, the way SSM reports a node that went away: {@code Failed} with
 * StatusDetails {@code Undeliverable} (stopped) or {@code Terminated} (terminated). A command sent
 * to an instance that is not running, or that the twin does not simulate, is
 * {@code Failed}/{@code Undeliverable} at once, and so is one to a node whose agent is offline or
 * whose AZ is impaired ({@link NodeFaults}). {@link #failNextCommand} fails one run at its end
 * without running it; {@link #killAfter} lets one run end as it ran, and kills its node before that
 * outcome can be read. Commands of other documents go on to moto.
 */
final class SsmCommands {
  private static final System.Logger LOG = System.getLogger(SsmCommands.class.getName());

  /** A planned node death: how, and how long after its command was delivered. */
  private record Kill(NodeDeath death, Duration after) {}

  private final AwsClients aws;
  private final List<SimNode> nodes;
  private final CommandRunner runner;
  private final Map<String, CommandDocument> documents = new ConcurrentHashMap<>();
  private final Map<String, CommandRun> runs = new ConcurrentHashMap<>();
  private volatile Duration commandDuration = Duration.ZERO;
  /** Durations by document kind, whatever the stack's prefix. */
  private final Map<DocumentKind, Duration> documentDurations = new ConcurrentHashMap<>();
  /** "KIND/instanceId" -> the stderr of the next command of a document of that kind there. */
  private final Map<String, String> nextFailures = new ConcurrentHashMap<>();
  /** Every command sent to the project's documents: its document and parameters, as SendCommand had them. */
  private final List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** "KIND/instanceId" -> the death of that node during the next command of a document of that kind there. */
  private final Map<String, Kill> kills = new ConcurrentHashMap<>();
  /** "KIND/instanceId" -> the death of that node as the next command of a document of that kind there has run. */
  private final Map<String, NodeDeath> killsAfter = new ConcurrentHashMap<>();
  /** "commandId/instanceId" of a started run -> the death of its node the moment the run has run. */
  private final Map<String, NodeDeath> deathsAtEnd = new ConcurrentHashMap<>();
  /** Ends runs and kills nodes on time, whether or not anyone asks about the command. */
  private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "twin-ssm-clock");
    thread.setDaemon(true);
    return thread;
  });
  private final List<ScheduledFuture<?>> scheduled = new CopyOnWriteArrayList<>();

  private final NodeFaults faults;
  private final Consumer<String> instanceChanged;

  /**
   * @param nodes           the twin's nodes, as seeding and faults change them
   * @param instanceChanged told the id of every instance the twin stops or terminates
   */
  SsmCommands(AwsClients aws, List<SimNode> nodes, CommandRunner runner, NodeFaults faults,
      Consumer<String> instanceChanged) {
    this.aws = aws;
    this.nodes = nodes;
    this.runner = runner;
    this.faults = faults;
    this.instanceChanged = instanceChanged;
  }

  /** Forgets every run, every duration, failure and death set, and what was due; the documents stay registered. */
  void reset() {
    scheduled.forEach(f -> f.cancel(false));
    scheduled.clear();
    runs.clear();
    commandDuration = Duration.ZERO;
    documentDurations.clear();
    nextFailures.clear();
    sent.clear();
    kills.clear();
    killsAfter.clear();
    deathsAtEnd.clear();
  }

  void registerDocument(String name, CommandDocument document) {
    documents.put(name, document);
  }

  void commandDuration(Duration duration) {
    this.commandDuration = duration;
  }

  void commandDuration(DocumentKind kind, Duration duration) {
    documentDurations.put(kind, duration);
  }

  /** Every command sent to the project's documents since the last reset: {@code <document> <parameters>}. */
  List<String> sent() {
    return List.copyOf(sent);
  }

  void failNextCommand(DocumentKind kind, String instanceId, String stderr) {
    nextFailures.put(kind + "/" + instanceId, stderr);
  }

  void killDuring(String instanceId, DocumentKind kind, NodeDeath death, Duration after) {
    kills.put(kind + "/" + instanceId, new Kill(death, after));
  }

  void killAfter(String instanceId, DocumentKind kind, NodeDeath death) {
    killsAfter.put(kind + "/" + instanceId, death);
  }

  /** The key of the faults planned for commands of {@code document}'s kind on {@code instanceId}. */
  private static String faultKey(String document, String instanceId) {
    return DocumentKind.ofName(document).map(Enum::name).orElse(document) + "/" + instanceId;
  }

  /** Stops or terminates {@code instanceId} now: its Connect goes down, and every command running there ends. */
  void kill(String instanceId, NodeDeath death) {
    if (death == NodeDeath.TERMINATED) {
      aws.ec2.terminateInstances(b -> b.instanceIds(instanceId));
    } else {
      aws.ec2.stopInstances(b -> b.instanceIds(instanceId));
    }
    faults.killed(instanceId);
    instanceChanged.accept(instanceId);
    SimNode node = SimNode.find(nodes, instanceId);
    if (node != null) {
      runner.died(node, death == NodeDeath.TERMINATED ? "terminated" : "stopped");
    }
    runs.values().stream().filter(r -> r.instanceId.equals(instanceId) && r.outcome() == null).forEach(r -> {
      if (r.claim()) {
        r.end(lost(instanceId, death));
      }
    });
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
    sent.add(document + " " + parameters);
    String script;
    try {
      script = definition.render(parameters);
    } catch (IllegalArgumentException e) {
      return Optional.of(AwsResponse.error(request, 400, "InvalidParameters", e.getMessage()));
    }
    Map<String, InstanceStateName> states = new LinkedHashMap<>();
    try {
      aws.ec2.describeInstances(b -> b.instanceIds(instanceIds)).reservations().forEach(r -> r.instances()
          .forEach((Instance i) -> states.put(i.instanceId(), i.state().name())));
    } catch (Ec2Exception e) { // an instance EC2 does not know: ask one by one
      instanceIds.forEach(id -> states.put(id, state(id)));
    }
    String commandId = UUID.randomUUID().toString();
    Instant now = Instant.now();
    List<CommandRun> started = new ArrayList<>();
    for (String instanceId : instanceIds) {
      CommandRun run = deliver(commandId, instanceId, document, script, states.get(instanceId), now);
      runs.put(commandId + "/" + instanceId, run);
      if (run.outcome() == null) {
        started.add(run);
      }
    }
    started.forEach(this::plan);
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

  /** The run on {@code instanceId}: started, or (a node that cannot take it) Failed/Undeliverable at once. */
  private CommandRun deliver(String commandId, String instanceId, String document, String script,
      InstanceStateName state, Instant now) {
    SimNode node = SimNode.find(nodes, instanceId);
    if (node == null) {
      return CommandRun.ended(commandId, instanceId, document, now, CommandOutcome.lost(CommandOutcome.UNDELIVERABLE,
          "instance " + instanceId + " is not a node the twin simulates: the command could not be delivered"));
    }
    if (state != InstanceStateName.RUNNING) {
      return CommandRun.ended(commandId, instanceId, document, now, CommandOutcome.lost(CommandOutcome.UNDELIVERABLE,
          "instance " + instanceId + " is " + (state == null ? "gone" : state) + ", not running: the command could not be delivered"));
    }
    if (faults.agentLost(node)) {
      return CommandRun.ended(commandId, instanceId, document, now, CommandOutcome.lost(CommandOutcome.UNDELIVERABLE,
          "the SSM agent of " + instanceId + " is not connected: the command could not be delivered"));
    }
    String failure = nextFailures.remove(faultKey(document, instanceId));
    if (failure == null) {
      failure = nextFailures.remove(faultKey(document, Twin.ANY_NODE));
    }
    if (failure == null) {
      failure = node.commandFailure;
    }
    return new CommandRun(commandId, instanceId, document, script, now,
        now.plus(DocumentKind.ofName(document).map(documentDurations::get).orElse(commandDuration)), failure);
  }

  /** Schedules a started run's end, and its node's death during it if one is planned. */
  private void plan(CommandRun run) {
    NodeDeath afterIt = killsAfter.remove(faultKey(run.document, run.instanceId));
    if (afterIt != null) {
      deathsAtEnd.put(key(run), afterIt);
    }
    Kill kill = kills.remove(faultKey(run.document, run.instanceId));
    if (kill != null) {
      if (kill.after().isPositive()) {
        schedule(() -> {
          if (runs.get(key(run)) == run) {
            kill(run.instanceId, kill.death());
          }
        }, kill.after());
      } else {
        kill(run.instanceId, kill.death());
      }
    }
    Duration left = Duration.between(Instant.now(), run.endsAt);
    if (left.isPositive()) {
      schedule(() -> end(run), left);
    } else {
      end(run);
    }
  }

  private void schedule(Runnable task, Duration after) {
    scheduled.removeIf(ScheduledFuture::isDone);
    scheduled.add(clock.schedule(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "the twin's scheduled SSM step failed", e);
      }
    }, after.toMillis(), TimeUnit.MILLISECONDS));
  }

  /** Ends {@code run} as its node lets it (once, whoever calls first): lost with its node, failed as injected, or run. */
  private void end(CommandRun run) {
    if (runs.get(key(run)) != run || !run.claim()) {
      return;
    }
    try {
      CommandOutcome lost = lostNode(run.instanceId);
      SimNode node = SimNode.find(nodes, run.instanceId);
      if (lost != null) {
        run.end(lost);
      } else if (node != null && faults.agentLost(node)) {
        run.end(CommandOutcome.lost(CommandOutcome.UNDELIVERABLE, "the SSM agent of " + run.instanceId
            + " lost its connection during the command"));
      } else if (node == null) {
        run.end(CommandOutcome.lost(CommandOutcome.UNDELIVERABLE, "instance " + run.instanceId + " is no longer simulated"));
      } else {
        CommandOutcome ran = run.failure != null ? CommandOutcome.of(CommandInvocationStatus.FAILED, 1, "", run.failure)
            : runner.run(run.document, run.script, node);
        NodeDeath death = deathsAtEnd.remove(key(run));
        if (death != null) { // before the outcome can be read: nobody sees it end with its node still up
          kill(run.instanceId, death);
        }
        run.end(ran);
      }
    } catch (RuntimeException e) {
      run.end(CommandOutcome.of(CommandInvocationStatus.FAILED, -1, "", "the twin could not run the command: " + e));
    }
  }

  /** The run as SSM shows it now: its outcome, or null while it is InProgress (noticing a node that died under it). */
  private CommandOutcome observe(CommandRun run) {
    if (run.outcome() == null) {
      if (!Instant.now().isBefore(run.endsAt)) {
        end(run);
      } else {
        CommandOutcome lost = lostNode(run.instanceId);
        if (lost != null && run.claim()) {
          run.end(lost);
        }
      }
    }
    return run.outcome();
  }

  /** Failed/Terminated or Failed/Undeliverable when {@code instanceId}'s EC2 instance is no longer running; else null. */
  private CommandOutcome lostNode(String instanceId) {
    InstanceStateName state = state(instanceId);
    if (state == InstanceStateName.RUNNING) {
      return null;
    }
    NodeDeath death = state == null || state == InstanceStateName.TERMINATED || state == InstanceStateName.SHUTTING_DOWN
        ? NodeDeath.TERMINATED : NodeDeath.STOPPED;
    SimNode node = SimNode.find(nodes, instanceId);
    if (node != null && node.serviceActive) {
      runner.died(node, death == NodeDeath.TERMINATED ? "terminated" : "stopped");
    }
    return lost(instanceId, death);
  }

  /** EC2's state of {@code instanceId}; null when EC2 does not know it. */
  private InstanceStateName state(String instanceId) {
    try {
      return aws.ec2.describeInstances(b -> b.instanceIds(instanceId)).reservations().stream()
          .flatMap(r -> r.instances().stream()).map(i -> i.state().name()).findFirst().orElse(null);
    } catch (Ec2Exception e) {
      return null;
    }
  }

  private static CommandOutcome lost(String instanceId, NodeDeath death) {
    return death == NodeDeath.TERMINATED
        ? CommandOutcome.lost(CommandOutcome.TERMINATED, "instance " + instanceId + " was terminated during the command")
        : CommandOutcome.lost(CommandOutcome.UNDELIVERABLE, "instance " + instanceId + " stopped during the command");
  }

  private static String key(CommandRun run) {
    return run.commandId + "/" + run.instanceId;
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
    return Optional.of(AwsResponse.json(invocation(run, false)));
  }

  private Optional<AwsResponse> listCommandInvocations(AwsRequest request) {
    var body = request.json();
    String commandId = body.path("CommandId").asText(null);
    String instanceId = body.path("InstanceId").asText(null);
    boolean details = body.path("Details").asBoolean(false);
    List<Map<String, Object>> invocations = runs.values().stream()
        .filter(r -> commandId == null || r.commandId.equals(commandId))
        .filter(r -> instanceId == null || r.instanceId.equals(instanceId))
        .map(r -> invocation(r, details)).toList();
    if (commandId != null && invocations.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(AwsResponse.json(Map.of("CommandInvocations", invocations)));
  }

  private Map<String, Object> invocation(CommandRun run, boolean plugins) {
    CommandOutcome outcome = observe(run);
    boolean done = outcome != null;
    String status = done ? outcome.status().toString() : CommandInvocationStatus.IN_PROGRESS.toString();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("CommandId", run.commandId);
    out.put("InstanceId", run.instanceId);
    out.put("DocumentName", run.document);
    out.put("Status", status);
    out.put("StatusDetails", done ? outcome.statusDetails() : status);
    out.put("ResponseCode", done ? outcome.responseCode() : -1);
    out.put("StandardOutputContent", done ? outcome.stdout() : "");
    out.put("StandardErrorContent", done ? outcome.stderr() : "");
    out.put("ExecutionStartDateTime", run.requestedAt.toString());
    if (done) {
      out.put("ExecutionEndDateTime", outcome.endedAt().toString());
    }
    if (plugins) {
      out.put("CommandPlugins", List.of(Map.of("Name", "gatherNodeFacts", "Status", status,
          "Output", done ? outcome.stdout() : "", "ResponseCode", done ? outcome.responseCode() : -1)));
    }
    return out;
  }
}
