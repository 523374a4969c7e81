package dev.connectha.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.NotReadyException;
import dev.connectha.json.Json;
import dev.connectha.model.ConnectVersion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonHandlerTest {

  /** A step's input: a count between 0 and 10, a version, and the correlation id. */
  record EchoInput(String name, int count, ConnectVersion version, String executionId) {
    EchoInput {
      if (count < 0 || count > 10) {
        throw new InvalidInputException("count must be between 0 and 10: " + count);
      }
    }
  }

  record EchoOutput(String name, int count, ConnectVersion version, Instant at, String absent) {}

  /** The tiny handler under test: records what it was given and answers with {@code answer}. */
  static final class EchoHandler extends JsonHandler<EchoInput, EchoOutput> {
    final List<EchoInput> received = new ArrayList<>();
    private final Function<EchoInput, EchoOutput> answer;

    EchoHandler(Function<EchoInput, EchoOutput> answer) {
      super(EchoInput.class, "ConnectHaTest");
      this.answer = answer;
    }

    @Override
    protected EchoOutput handle(EchoInput input) {
      received.add(input);
      return answer.apply(input);
    }
  }

  private static final Instant AT = Instant.parse("2025-01-02T03:04:05Z");

  private static EchoHandler echo() {
    return new EchoHandler(in -> new EchoOutput(in.name(), in.count() * 2, in.version(), AT, null));
  }

  private static String run(EchoHandler handler, String json) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), out, null);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void parsesTheInputAndWritesTheOutputWithTheSharedMapper() throws Exception {
    EchoHandler handler = echo();
    String output = run(handler, """
        {"name":"prod","count":3,"version":"2024.08.0","executionId":"arn:aws:states:eu-west-1:1:execution:x:y",
         "extra":"ignored"}""");

    assertEquals(List.of(new EchoInput("prod", 3, ConnectVersion.parse("2024.08.0"),
        "arn:aws:states:eu-west-1:1:execution:x:y")), handler.received);
    JsonNode json = Json.MAPPER.readTree(output);
    assertEquals("prod", json.get("name").asText());
    assertEquals(6, json.get("count").asInt());
    assertEquals("2024.08.0", json.get("version").asText(), "versions are written as text");
    assertEquals("2025-01-02T03:04:05Z", json.get("at").asText(), "instants are ISO-8601, not timestamps");
    assertFalse(json.has("absent"), "nulls are left out");
    assertEquals(Json.MAPPER.writeValueAsString(new EchoOutput("prod", 6, ConnectVersion.parse("2024.08.0"), AT, null)),
        output);
  }

  @Test
  void worksWithoutALambdaContextOrExecutionId() throws Exception {
    EchoHandler handler = echo();
    String output = run(handler, "{\"name\":\"local\",\"count\":1}");
    assertEquals(1, handler.received.size());
    assertEquals(2, Json.MAPPER.readTree(output).get("count").asInt());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"name\":\"prod\",\"count\":\"three\"}",
      "{\"name\":\"prod\",\"count\":null}",
      "{\"name\":\"prod\",\"count\":{\"n\":3}}",
      "{\"name\":[\"prod\"],\"count\":3}",
      "{\"name\":\"prod\",\"count\":3,\"version\":42.5}",
      "[1,2,3]"})
  void aFieldOfTheWrongTypeIsInvalidInput(String json) {
    EchoHandler handler = echo();
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> run(handler, json));
    assertTrue(e.getMessage().startsWith("invalid EchoInput"), e.getMessage());
    assertTrue(handler.received.isEmpty(), "handle must not run on invalid input");
  }

  @ParameterizedTest
  @ValueSource(strings = {"not json", "{\"name\":", "{'name':'prod'}"})
  void inputThatIsNotJsonIsInvalidInput(String text) {
    EchoHandler handler = echo();
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> run(handler, text));
    assertTrue(e.getMessage().startsWith("input is not JSON"), e.getMessage());
    assertTrue(handler.received.isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "null"})
  void aMissingInputIsInvalidInputAndNeverReachesTheHandler(String text) {
    EchoHandler handler = echo();
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> run(handler, text));
    assertEquals("missing EchoInput", e.getMessage());
    assertTrue(handler.received.isEmpty());
  }

  @Test
  void theCompactConstructorsInvalidInputSurfacesAsIs() {
    EchoHandler handler = echo();
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> run(handler, "{\"name\":\"prod\",\"count\":11}"));
    assertEquals("count must be between 0 and 10: 11", e.getMessage());
    assertTrue(handler.received.isEmpty());
  }

  @Test
  void aNestedValueThatRejectsItselfIsInvalidInput() {
    EchoHandler handler = echo();
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> run(handler, "{\"name\":\"prod\",\"count\":1,\"version\":\"2024.8\"}"));
    assertTrue(e.getMessage().contains("2024.8"), e.getMessage());
    assertTrue(handler.received.isEmpty());
  }

  @Test
  void theHandlersOwnErrorsPropagateUnchanged() {
    NotReadyException notReady = new NotReadyException("not yet");
    EchoHandler handler = new EchoHandler(in -> {
      throw notReady;
    });
    NotReadyException thrown = assertThrows(NotReadyException.class,
        () -> run(handler, "{\"name\":\"prod\",\"count\":1}"));
    assertSame(notReady, thrown);
  }

  @Test
  void writesNothingWhenTheHandlerFails() {
    EchoHandler handler = new EchoHandler(in -> {
      throw new NotReadyException("not yet");
    });
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThrows(NotReadyException.class, () -> handler.handleRequest(
        new ByteArrayInputStream("{\"count\":1}".getBytes(StandardCharsets.UTF_8)), out, null));
    assertEquals(0, out.size());
  }
}
