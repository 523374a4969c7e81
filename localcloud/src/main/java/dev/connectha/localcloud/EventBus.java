package dev.connectha.localcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectha.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.event.ruler.Machine;

/**
 * EventBridge as the local cloud needs it: the template's rules (created in moto by the deployer)
 * are matched here with AWS's own event-ruler library, and a match starts the target: a state
 * machine (an execution, started before {@link #put} returns), or a Lambda function, invoked
 * asynchronously in-process as EventBridge invokes Lambda targets: queued, run by at most
 * {@link #FUNCTION_CONCURRENCY} invocations at a time, a failure logged and kept in
 * {@link #invocations()}, never thrown at whoever put the event. Schedules do not tick on their
 * own: {@link #fireSchedule} runs one, as EventBridge would at its time.
 *
 * <p>Everything put on the bus is observed ({@link #observed()}): each event with its time, the
 * rules it matched and what they started, so that tests and the game day can read detection as it
 * happened.
 */
public final class EventBus implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(EventBus.class.getName());
  /** How many function invocations the bus runs at once; more wait their turn (Lambda's async queue). */
  public static final int FUNCTION_CONCURRENCY = 16;

  /**
   * What a rule starts: a state machine or a Lambda function (by ARN), with the rule's constant
   * Input (or the event itself).
   */
  public record Target(String rule, String arn, String input) {
    /** Whether the target is a Lambda function (else a state machine). */
    public boolean function() {
      return arn.startsWith("arn:aws:lambda:");
    }
  }

  /**
   * One thing a rule started: {@code id} is the execution ARN of a state machine target, or the id
   * of a function invocation ({@link #invocation(String)}).
   */
  public record Started(String rule, String target, String id, Instant at) {}

  /** One event put on the bus (or a schedule fired: {@code event} null), and what it started. */
  public record Observed(Instant at, JsonNode event, List<String> rules, List<Started> started) {
    public String detailType() {
      return event == null ? "Scheduled Event" : event.path("detail-type").asText();
    }
  }

  /** One asynchronous function invocation: {@code ended} null while it runs; {@code error} the function error, or null. */
  public record FunctionInvocation(String id, String rule, String function, Instant started, Instant ended, String error,
      String output) {
    public boolean done() {
      return ended != null;
    }
  }

  private final SfnClient sfn;
  private final LambdaRuntime lambda;
  private final ExecutorService functions = Executors.newFixedThreadPool(FUNCTION_CONCURRENCY, r -> {
    Thread thread = new Thread(r, "event-bus-lambda");
    thread.setDaemon(true);
    return thread;
  });
  private final AtomicInteger generation = new AtomicInteger();
  private volatile Machine machine = new Machine();
  private final Map<String, Target> patternRules = new ConcurrentHashMap<>();
  private final Map<String, Target> schedules = new ConcurrentHashMap<>();
  private final List<Observed> observed = new CopyOnWriteArrayList<>();
  private final Map<String, FunctionInvocation> invocations = new ConcurrentHashMap<>();

  /**
   * An event as an AWS service sends it to EventBridge, without its {@code detail}: version, a new
   * id, detail-type, source, this account, now (to the second), the local cloud's region, and
   * {@code resource} as its one resource.
   */
  public static ObjectNode envelope(String detailType, String source, String resource) {
    ObjectNode event = Json.MAPPER.createObjectNode()
        .put("version", "0")
        .put("id", UUID.randomUUID().toString())
        .put("detail-type", detailType)
        .put("source", source)
        .put("account", CloudTemplate.ACCOUNT)
        .put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
        .put("region", LocalCloud.REGION);
    event.putArray("resources").add(resource);
    return event;
  }

  public EventBus(SfnClient sfn, LambdaRuntime lambda) {
    this.sfn = sfn;
    this.lambda = lambda;
  }

  public void addPatternRule(String rule, JsonNode pattern, Target target) {
    try {
      machine.addRule(rule, pattern.toString());
    } catch (Exception e) {
      throw new IllegalArgumentException("rule " + rule + " has an invalid event pattern: " + e.getMessage(), e);
    }
    patternRules.put(rule, target);
  }

  public void addSchedule(String rule, Target target) {
    schedules.put(rule, target);
  }

  public Map<String, Target> schedules() {
    return Map.copyOf(schedules);
  }

  /** The pattern rules, by name. */
  public Map<String, Target> patternRules() {
    return Map.copyOf(patternRules);
  }

  /** Forgets every rule (the deployer adds them again), every observation and invocation. */
  public void clear() {
    machine = new Machine();
    patternRules.clear();
    schedules.clear();
    forgetObservations();
  }

  /** Forgets what was observed so far (the rules stay); invocations still running are no longer recorded. */
  public void forgetObservations() {
    generation.incrementAndGet();
    observed.clear();
    invocations.clear();
  }

  /** Puts one event on the bus; returns what its matching rules started (execution ARNs, function invocation ids). */
  public List<String> put(String eventJson) {
    Instant at = Instant.now();
    JsonNode event;
    List<String> matched;
    try {
      event = Json.MAPPER.readTree(eventJson);
      matched = machine.rulesForJSONEvent(eventJson);
    } catch (Exception e) {
      throw new IllegalArgumentException("not an event: " + e.getMessage(), e);
    }
    List<Started> started = new ArrayList<>();
    for (String rule : matched) {
      Target target = patternRules.get(rule);
      if (target != null) {
        started.add(start(target, target.input() != null ? target.input() : eventJson));
      }
    }
    observed.add(new Observed(at, event, List.copyOf(matched), List.copyOf(started)));
    return started.stream().map(Started::id).toList();
  }

  /** Puts {@code event} on the bus ({@link #put(String)}). */
  public List<String> put(JsonNode event) {
    try {
      return put(Json.MAPPER.writeValueAsString(event));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a schedule rule now; returns what it started (an execution ARN, or a function invocation id). */
  public String fireSchedule(String rule) {
    Target target = schedules.get(rule);
    if (target == null) {
      throw new IllegalArgumentException("no schedule rule " + rule + "; known: " + schedules.keySet());
    }
    Instant at = Instant.now();
    Started started = start(target, target.input() != null ? target.input() : "{}");
    observed.add(new Observed(at, null, List.of(rule), List.of(started)));
    return started.id();
  }

  /** Every event put and schedule fired since the last {@link #clear}/{@link #forgetObservations}, oldest first. */
  public List<Observed> observed() {
    return List.copyOf(observed);
  }

  /** The observed events of {@code detailType} (e.g. "CloudWatch Alarm State Change"), oldest first. */
  public List<Observed> observed(String detailType) {
    return observed.stream().filter(o -> o.detailType().equals(detailType)).toList();
  }

  /** Every function invocation the bus started, oldest first, as it is now. */
  public List<FunctionInvocation> invocations() {
    return invocations.values().stream().sorted((a, b) -> a.started().compareTo(b.started())).toList();
  }

  /** The function invocation {@code id} (from {@link #put} or {@link #fireSchedule}), or null. */
  public FunctionInvocation invocation(String id) {
    return invocations.get(id);
  }

  private Started start(Target target, String input) {
    Instant at = Instant.now();
    if (!target.function()) {
      String arn = sfn.startExecution(b -> b.stateMachineArn(target.arn()).input(input)
          .name(target.rule() + "-" + UUID.randomUUID())).executionArn();
      return new Started(target.rule(), target.arn(), arn, at);
    }
    String id = UUID.randomUUID().toString();
    String function = LambdaRuntime.functionName(target.arn());
    int current = generation.get();
    invocations.put(id, new FunctionInvocation(id, target.rule(), function, at, null, null, null));
    functions.execute(() -> {
      LambdaRuntime.Invocation result;
      try {
        result = lambda.invoke(target.arn(), input.getBytes(StandardCharsets.UTF_8));
      } catch (RuntimeException e) {
        result = LambdaRuntime.Invocation.error(e.getClass().getName(), String.valueOf(e.getMessage()));
      }
      String payload = new String(result.payload(), StandardCharsets.UTF_8);
      if (result.functionError()) {
        LOG.log(System.Logger.Level.WARNING, "event bus: " + function + " (rule " + target.rule() + ") failed: " + payload);
      }
      if (generation.get() == current) {
        invocations.put(id, new FunctionInvocation(id, target.rule(), function, at, Instant.now(),
            result.functionError() ? payload : null, result.functionError() ? null : payload));
      }
    });
    return new Started(target.rule(), target.arn(), id, at);
  }

  @Override
  public void close() {
    functions.shutdownNow();
  }
}
