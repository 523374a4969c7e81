package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectha.errors.ErrorNames;
import dev.connectha.json.Json;
import dev.connectha.localcloud.twin.Twin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every function of template.yaml, sent arbitrary malformed input, answers the named
 * InvalidInputException and makes no mutating AWS call (issue 13, item 11). The inputs are drawn
 * with jqwik's generators: bytes that are not JSON, JSON that is not an object, and the function's
 * own sample event (events/) with every field replaced by a random object or array, which no field
 * of any input record accepts. (Scalars of the wrong type are left out: Jackson coerces some of them,
 * e.g. 5 into "5", so they are not malformed for a record.)
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HandlerBadInputIT {
  private static final int SAMPLES = 12;
  private static final Set<String> READS = Set.of("Describe", "Get", "List", "Query", "Scan", "BatchGet", "GET ");

  private final LocalCloud cloud;
  private final Functions functions;

  HandlerBadInputIT(LocalCloud cloud) {
    this.cloud = cloud;
    this.functions = new Functions(cloud);
  }

  @BeforeAll
  void aSeededCluster() {
    cloud.reset(Twin.Spec.defaults());
  }

  Stream<String> functionIds() {
    return cloud.template().resources().values().stream().filter(r -> r.type().equals("AWS::Serverless::Function"))
        .map(CloudTemplate.Resource::logicalId).sorted();
  }

  /** A random JSON object or array, a few levels deep: never a scalar. */
  private static Arbitrary<JsonNode> containers() {
    Arbitrary<JsonNode> leaves = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(12).map(s -> (JsonNode) Json.MAPPER.getNodeFactory().textNode(s)),
        Arbitraries.integers().map(i -> (JsonNode) Json.MAPPER.getNodeFactory().numberNode(i)),
        Arbitraries.of(true, false).map(b -> (JsonNode) Json.MAPPER.getNodeFactory().booleanNode(b)));
    Arbitrary<JsonNode> arrays = leaves.list().ofMaxSize(3).map(items -> {
      ArrayNode array = Json.MAPPER.createArrayNode();
      items.forEach(array::add);
      return array;
    });
    Arbitrary<JsonNode> objects = leaves.list().ofMaxSize(3).map(items -> {
      ObjectNode object = Json.MAPPER.createObjectNode();
      for (int i = 0; i < items.size(); i++) {
        object.set("k" + i, items.get(i));
      }
      return object;
    });
    return Arbitraries.oneOf(arrays, objects);
  }

  /** Malformed inputs for {@code function}: not JSON, not an object, or its sample event with every field a container. */
  private List<byte[]> malformed(String function) throws Exception {
    List<byte[]> inputs = new ArrayList<>();
    Iterator<String> garbage = Arbitraries.strings().ofMinLength(1).ofMaxLength(40)
        .filter(s -> !s.isBlank() && !looksLikeJson(s)).sampleStream().iterator();
    Iterator<JsonNode> values = containers().sampleStream().iterator();
    JsonNode sample = Json.MAPPER.readTree(Files.readString(cloud.root().resolve("events").resolve(function + ".json")));
    for (int i = 0; i < SAMPLES; i++) {
      switch (i % 3) {
        case 0 -> inputs.add(garbage.next().getBytes(StandardCharsets.UTF_8));
        case 1 -> { // JSON, but an array: no input is one
          JsonNode value = values.next();
          inputs.add(Json.MAPPER.writeValueAsBytes(value.isArray() ? value : Json.MAPPER.createArrayNode().add(value)));
        }
        default -> {
          ObjectNode broken = Json.MAPPER.createObjectNode();
          sample.fieldNames().forEachRemaining(f -> broken.set(f, values.next()));
          inputs.add(Json.MAPPER.writeValueAsBytes(broken));
        }
      }
    }
    return inputs;
  }

  private static boolean looksLikeJson(String s) {
    try {
      Json.MAPPER.readTree(s);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functionIds")
  void malformedInputIsInvalidInputAndChangesNothing(String function) throws Exception {
    for (byte[] input : malformed(function)) {
      cloud.gateway().resetCounts();

      LambdaRuntime.Invocation answer = cloud.lambda().invoke(cloud.template().resource(function).ref(), input);

      String payload = new String(answer.payload(), StandardCharsets.UTF_8);
      String sent = new String(input, StandardCharsets.UTF_8);
      assertTrue(answer.functionError(), function + " accepted " + sent + ": " + payload);
      assertEquals(ErrorNames.INVALID_INPUT, Functions.json(payload).path("errorType").asText(), function + " " + sent + ": " + payload);
      Map<String, Integer> calls = cloud.gateway().callCounts();
      assertEquals(Set.of(), calls.keySet().stream().filter(HandlerBadInputIT::mutating).collect(Collectors.toSet()),
          function + " " + sent + ": " + calls);
    }
  }

  private static boolean mutating(String call) {
    String action = call.substring(call.indexOf(':') + 1);
    return READS.stream().noneMatch(action::startsWith);
  }
}
