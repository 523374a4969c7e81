package dev.connectha.localcloud;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One loopback endpoint in front of moto. In order: injected faults, the Lambda Invoke API (the
 * project's handlers, in-process), interceptors (the twin: its Connect package repository under
 * {@code /packages/}, SSM commands for the project's documents, target health), and everything
 * else forwarded to moto unchanged. It counts every
 * call by service and action.
 *
 * <p>DynamoDB item writes reach moto one at a time. moto evaluates a condition expression and then
 * stores the item as two steps under no lock, so two conditional writes at once could both pass
 * (300 rounds of 8 concurrent lock acquires never showed it, but nothing rules it out); DynamoDB
 * makes each conditional write atomic, and the cluster lock depends on that.
 */
public final class Gateway implements AutoCloseable {
  /** Answers a request the gateway should not forward, or returns empty to pass it on. */
  public interface Interceptor extends Function<AwsRequest, Optional<AwsResponse>> {}

  private static final Set<String> DYNAMODB_ITEM_WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem",
      "BatchWriteItem", "TransactWriteItems");
  private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "expect", "upgrade",
      "transfer-encoding", "keep-alive");

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(32);
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final URI moto;
  private final LambdaRuntime lambda;
  private final List<Interceptor> interceptors = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final List<FunctionFault> functionFaults = new CopyOnWriteArrayList<>();
  private final Object dynamoDbWrites = new Object();

  /** Fail the next {@code times} calls of service/action with an AWS error. */
  public record Fault(String service, String action, int status, String code, AtomicInteger remaining) {}

  /** A function error to answer instead of running the function. */
  /** An injected function error: the invocations of {@code function} whose payload {@code when} accepts count. */
  public record FunctionFault(String function, String errorType, Predicate<String> when, AtomicInteger skip,
      AtomicInteger remaining) {
    boolean fires(String name, String payload) {
      if (!function.equals(name) || remaining.get() <= 0 || !when.test(payload)) {
        return false;
      }
      if (skip.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        return false;
      }
      return remaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }
  }

  public Gateway(int port, URI moto, LambdaRuntime lambda) throws IOException {
    this.moto = moto;
    this.lambda = lambda;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port());
  }

  public void addInterceptor(Interceptor interceptor) {
    interceptors.add(interceptor);
  }

  /** Makes the next {@code times} calls of {@code service}/{@code action} fail with {@code code}. */
  public void injectFault(String service, String action, int status, String code, int times) {
    faults.add(new Fault(service, action, status, code, new AtomicInteger(times)));
  }

  /**
   * Makes a function fail as its code would: after {@code skip} good invocations, the next
   * {@code times} answer a function error of {@code errorType} (e.g. an exception class name).
   */
  public void injectFunctionError(String functionName, String errorType, int skip, int times) {
    injectFunctionError(functionName, errorType, payload -> true, skip, times);
  }

  /**
   * As {@link #injectFunctionError(String, String, int, int)}, counting only the invocations whose payload
   * (the event, as JSON text) {@code when} accepts: a fault aimed at one Task state of a workflow whose
   * waits call the same function a varying number of times.
   */
  public void injectFunctionError(String functionName, String errorType, Predicate<String> when, int skip, int times) {
    functionFaults.add(new FunctionFault(functionName, errorType, when, new AtomicInteger(skip), new AtomicInteger(times)));
  }

  public void clearFaults() {
    faults.clear();
    functionFaults.clear();
  }

  /** Calls by "service:Action" since the last {@link #resetCounts()}. */
  public Map<String, Integer> callCounts() {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    calls.forEach((k, v) -> counts.put(k, v.get()));
    return counts;
  }

  public int totalCalls() {
    return calls.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  public void resetCounts() {
    calls.clear();
    lambda.resetCounts();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange; InputStream in = exchange.getRequestBody()) {
      AwsRequest request = AwsRequest.of(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
          exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), in.readAllBytes());
      if (!request.service().equals("unknown")) {
        calls.computeIfAbsent(request.service() + ":" + request.action(), k -> new AtomicInteger()).incrementAndGet();
      }
      AwsResponse response = respond(request);
      response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
      exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
      if (response.body().length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(response.body());
        }
      }
    } catch (RuntimeException e) {
      // a bug in the gateway or the twin: answer like an AWS internal error and say what broke
      System.err.println("local cloud gateway: " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + ": " + e);
      exchange.sendResponseHeaders(500, -1);
    }
  }

  private AwsResponse respond(AwsRequest request) {
    for (Fault fault : faults) {
      if (fault.service().equals(request.service()) && fault.action().equals(request.action())
          && fault.remaining().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        return AwsResponse.error(request, fault.status(), fault.code(), "injected by the local cloud");
      }
    }
    String function = request.invokedFunction();
    if (function != null && request.method().equals("POST")) {
      String name = LambdaRuntime.functionName(function);
      String payload = new String(request.body(), java.nio.charset.StandardCharsets.UTF_8);
      Optional<FunctionFault> fault = functionFaults.stream().filter(f -> f.fires(name, payload)).findFirst();
      LambdaRuntime.Invocation result = fault.isPresent()
          ? LambdaRuntime.Invocation.error(fault.get().errorType(), "injected by the local cloud")
          : lambda.invoke(function, request.body());
      return new AwsResponse(200, result.functionError()
          ? Map.of("Content-Type", "application/json", "X-Amz-Function-Error", "Unhandled", "X-Amz-Executed-Version", "$LATEST")
          : Map.of("Content-Type", "application/json", "X-Amz-Executed-Version", "$LATEST"), result.payload());
    }
    for (Interceptor interceptor : interceptors) {
      Optional<AwsResponse> answer = interceptor.apply(request);
      if (answer.isPresent()) {
        return answer.get();
      }
    }
    if (request.service().equals("dynamodb") && DYNAMODB_ITEM_WRITES.contains(request.action())) {
      synchronized (dynamoDbWrites) {
        return forward(request);
      }
    }
    return forward(request);
  }

  /** Sends the request to moto as it came and returns moto's answer. */
  public AwsResponse forward(AwsRequest request) {
    String target = request.path() + (request.query() == null ? "" : "?" + request.query());
    HttpRequest.Builder builder = HttpRequest.newBuilder(moto.resolve(target)).timeout(Duration.ofMinutes(2))
        .method(request.method(), request.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(request.body()));
    request.headers().forEach((name, values) -> {
      if (!HOP_HEADERS.contains(name.toLowerCase())) {
        values.forEach(v -> builder.header(name, v));
      }
    });
    try {
      HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
      Map<String, String> headers = new java.util.LinkedHashMap<>();
      response.headers().map().forEach((k, v) -> {
        if (!HOP_HEADERS.contains(k.toLowerCase()) && !k.startsWith(":")) {
          headers.put(k, String.join(",", v));
        }
      });
      return new AwsResponse(response.statusCode(), headers, response.body());
    } catch (IOException e) {
      return AwsResponse.error(request, 503, "ServiceUnavailable", "moto did not answer: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return AwsResponse.error(request, 503, "ServiceUnavailable", "interrupted");
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
