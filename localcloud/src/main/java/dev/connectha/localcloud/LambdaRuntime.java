package dev.connectha.localcloud;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.connectha.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local cloud's Lambda service: runs the project's handlers in-process, each function with its
 * own environment as template.yaml resolves it. Like Lambda, an instance serves one invocation at
 * a time and is kept warm; concurrent invocations get new instances. A thrown exception is a
 * function error whose {@code errorType} is the exception's class name, as the Java runtime reports it.
 */
public final class LambdaRuntime {
  /** A deployed function. */
  public record Function(String name, String handlerClass, Map<String, String> environment) {}

  /** When one invocation ran, for the benchmarks: what part of a workflow's time its functions take. */
  public record Span(String function, Instant start, Instant end) {}

  /** The answer of one invocation: payload, and whether it is a function error. */
  public record Invocation(boolean functionError, byte[] payload) {
    /** A function error as the Java runtime reports one. */
    public static Invocation error(String errorType, String message) {
      try {
        return new Invocation(true, Json.MAPPER.writeValueAsBytes(Map.of("errorType", errorType, "errorMessage", message)));
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private final Map<String, String> baseEnvironment;
  private final Map<String, Function> functions = new ConcurrentHashMap<>();
  private final Map<String, ConcurrentLinkedDeque<RequestStreamHandler>> warm = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> invocations = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> coldStarts = new ConcurrentHashMap<>();
  private final Queue<Span> spans = new ConcurrentLinkedQueue<>();

  /** @param baseEnvironment what the Lambda service itself sets: region, credentials, endpoint */
  public LambdaRuntime(Map<String, String> baseEnvironment) {
    this.baseEnvironment = Map.copyOf(baseEnvironment);
  }

  public void register(String name, String handler, Map<String, String> environment) {
    Map<String, String> env = new LinkedHashMap<>(environment);
    env.putAll(baseEnvironment);
    env.put("AWS_LAMBDA_FUNCTION_NAME", name);
    String handlerClass = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
    functions.put(name, new Function(name, handlerClass, Map.copyOf(env)));
    warm.remove(name);
  }

  public Map<String, Function> functions() {
    return Map.copyOf(functions);
  }

  public Invocation invoke(String functionNameOrArn, byte[] payload) {
    String name = functionName(functionNameOrArn);
    Function function = functions.get(name);
    if (function == null) {
      return error(new IllegalArgumentException("Function not found: " + functionNameOrArn), "ResourceNotFoundException");
    }
    invocations.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
    ConcurrentLinkedDeque<RequestStreamHandler> pool = warm.computeIfAbsent(name, n -> new ConcurrentLinkedDeque<>());
    RequestStreamHandler handler = pool.poll();
    try {
      if (handler == null) {
        coldStarts.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
        handler = (RequestStreamHandler) Class.forName(function.handlerClass())
            .getConstructor(Map.class).newInstance(function.environment());
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Instant start = Instant.now();
      try {
        handler.handleRequest(new ByteArrayInputStream(payload), out, new LocalContext(function));
      } finally {
        spans.add(new Span(name, start, Instant.now()));
      }
      pool.push(handler);
      return new Invocation(false, out.toByteArray());
    } catch (InvocationTargetException e) {
      return error(e.getCause(), null);
    } catch (Exception | Error e) {
      if (handler != null) {
        pool.push(handler);
      }
      return error(e, null);
    }
  }

  public Map<String, Integer> invocationCounts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    invocations.forEach((k, v) -> counts.put(k, v.get()));
    return counts;
  }

  public int totalInvocations() {
    return invocations.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** Every invocation since the last {@link #resetCounts}, as it ran. */
  public List<Span> spans() {
    return List.copyOf(spans);
  }

  public void resetCounts() {
    invocations.clear();
    coldStarts.clear();
    spans.clear();
  }

  static String functionName(String nameOrArn) {
    String name = nameOrArn;
    if (name.startsWith("arn:")) {
      String[] parts = name.split(":");
      name = parts[6];
    } else if (name.contains(":")) {
      name = name.substring(0, name.indexOf(':'));
    }
    return name;
  }

  private static Invocation error(Throwable e, String type) {
    return Invocation.error(type != null ? type : e.getClass().getName(), String.valueOf(e.getMessage()));
  }

  /** What the handlers see of the Lambda context. */
  private record LocalContext(Function function, String requestId, long deadline) implements Context {
    LocalContext(Function function) {
      this(function, UUID.randomUUID().toString(), System.currentTimeMillis() + 900_000);
    }

    @Override public String getAwsRequestId() { return requestId; }
    @Override public String getLogGroupName() { return "/aws/lambda/" + function.name(); }
    @Override public String getLogStreamName() { return "local"; }
    @Override public String getFunctionName() { return function.name(); }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() {
      return "arn:aws:lambda:" + function.environment().getOrDefault("AWS_REGION", "us-east-1") + ":"
          + CloudTemplate.ACCOUNT + ":function:" + function.name();
    }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getRemainingTimeInMillis() { return (int) Math.max(0, deadline - System.currentTimeMillis()); }
    @Override public int getMemoryLimitInMB() { return 1024; }
    @Override public LambdaLogger getLogger() {
      return new LambdaLogger() {
        @Override public void log(String message) { System.out.println(message); }
        @Override public void log(byte[] message) { System.out.println(new String(message, StandardCharsets.UTF_8)); }
      };
    }
  }
}
