package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.connectha.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The event bus's Lambda targets: a matching event invokes the function asynchronously in-process,
 * a failure is recorded and never thrown at the putter, the handler class is loaded only when
 * invoked, and everything put is observed with what it started.
 */
class EventBusTest {
  private static final String PATTERN = "{\"source\":[\"aws.ec2\"],\"detail-type\":[\"EC2 Instance State-change Notification\"]}";
  private static final String EVENT = "{\"id\":\"1\",\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Instance State-change Notification\","
      + "\"detail\":{\"instance-id\":\"i-1\",\"state\":\"stopped\"}}";
  static final CountDownLatch RELEASE = new CountDownLatch(1);

  private final LambdaRuntime lambda = new LambdaRuntime(Map.of("AWS_REGION", "us-east-1"));
  private final EventBus bus = new EventBus(null, lambda);

  /** Answers the event's detail. */
  public static final class Echo implements RequestStreamHandler {
    public Echo(Map<String, String> environment) {}

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
      out.write(Json.MAPPER.writeValueAsBytes(Json.MAPPER.readTree(in).path("detail")));
    }
  }

  /** Fails every invocation. */
  public static final class Broken implements RequestStreamHandler {
    public Broken(Map<String, String> environment) {}

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) {
      throw new IllegalStateException("broken on purpose");
    }
  }

  /** Waits for {@link #RELEASE}: an invocation still running. */
  public static final class Slow implements RequestStreamHandler {
    public Slow(Map<String, String> environment) {}

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
      try {
        RELEASE.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      out.write("{}".getBytes());
    }
  }

  @AfterEach
  void closeBus() {
    bus.close();
  }

  private void rule(String function, String handler) {
    lambda.register(function, handler, Map.of());
    bus.addPatternRule(function + "Rule", Json.MAPPER.valueToTree(read(PATTERN)),
        new EventBus.Target(function + "Rule", "arn:aws:lambda:us-east-1:123456789012:function:" + function, null));
  }

  private static Object read(String json) {
    try {
      return Json.MAPPER.readValue(json, Object.class);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private EventBus.FunctionInvocation awaitDone(String id) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (Instant.now().isBefore(deadline)) {
      EventBus.FunctionInvocation invocation = bus.invocation(id);
      if (invocation != null && invocation.done()) {
        return invocation;
      }
      LocalCloud.pause(Duration.ofMillis(20));
    }
    throw new AssertionError("invocation " + id + " did not end");
  }

  @Test
  void aMatchingEventInvokesTheFunctionTargetWithTheEvent() {
    rule("Echo", Echo.class.getName());

    List<String> started = bus.put(EVENT);

    assertEquals(1, started.size());
    EventBus.FunctionInvocation invocation = awaitDone(started.get(0));
    assertEquals("Echo", invocation.function());
    assertNull(invocation.error());
    assertEquals("{\"instance-id\":\"i-1\",\"state\":\"stopped\"}", invocation.output());
    assertEquals(Map.of("Echo", 1), lambda.invocationCounts());
  }

  @Test
  void aFailingFunctionIsRecordedAndNeverThrownAtThePutter() {
    rule("Broken", Broken.class.getName());

    String id = bus.put(EVENT).get(0);

    EventBus.FunctionInvocation invocation = awaitDone(id);
    assertTrue(invocation.error().contains("broken on purpose"), invocation.error());
  }

  @Test
  void theHandlerClassIsLoadedOnlyWhenTheFunctionIsInvoked() {
    rule("NotYetWritten", "dev.connectha.nowhere.NotYetWrittenHandler::handleRequest");

    assertEquals(List.of(), bus.observed(), "registering a rule invokes nothing");
    String id = bus.put(EVENT).get(0);

    assertTrue(awaitDone(id).error().contains("ClassNotFoundException"), bus.invocation(id).toString());
  }

  @Test
  void putReturnsBeforeTheFunctionEnds() {
    rule("Slow", Slow.class.getName());

    String id = bus.put(EVENT).get(0);

    assertFalse(bus.invocation(id).done(), "the putter does not wait for the function");
    RELEASE.countDown();
    assertNull(awaitDone(id).error());
  }

  @Test
  void everyEventPutIsObservedWithWhatItStarted() {
    rule("Echo", Echo.class.getName());

    List<String> first = bus.put(EVENT);
    bus.put("{\"id\":\"2\",\"source\":\"aws.health\",\"detail-type\":\"AWS Health Event\",\"detail\":{}}");

    List<EventBus.Observed> observed = bus.observed();
    assertEquals(2, observed.size());
    assertEquals("EC2 Instance State-change Notification", observed.get(0).detailType());
    assertEquals(List.of("EchoRule"), observed.get(0).rules());
    assertEquals(first, observed.get(0).started().stream().map(EventBus.Started::id).toList());
    assertEquals(List.of(), observed.get(1).started());
    assertEquals(1, bus.observed("AWS Health Event").size());
    assertFalse(observed.get(1).at().isBefore(observed.get(0).at()));
  }

  @Test
  void aScheduleWithAFunctionTargetInvokesIt() {
    lambda.register("Echo", Echo.class.getName(), Map.of());
    bus.addSchedule("EchoSchedule", new EventBus.Target("EchoSchedule", "arn:aws:lambda:us-east-1:123456789012:function:Echo",
        "{\"detail\":{\"cluster\":\"demo\"}}"));

    String id = bus.fireSchedule("EchoSchedule");

    assertEquals("{\"cluster\":\"demo\"}", awaitDone(id).output());
    assertEquals("Scheduled Event", bus.observed().get(0).detailType());
  }
}
