package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One source for retries: every Task of statemachines/*.asl.json retries with exactly the policy
 * statemachines/retry-policies.json names for its resource (or its file's override), a Lambda
 * task with a Lambda policy and an SNS task with the SNS one; a nested execution does not retry.
 * {@code statemachines/write-retry-policies.py} rewrites the blocks from the definition.
 */
class RetryPoliciesTest {
  private static final Path STATEMACHINES = LocalCloud.projectRoot().resolve("statemachines");
  private static final JsonNode DEFINITION = read(STATEMACHINES.resolve("retry-policies.json"));

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.connectha.localcloud.CloudTemplateTest#stateMachineFiles")
  void everyTaskRetriesWithTheNamedPolicyOfItsResource(Path file) {
    String fileName = file.getFileName().toString();
    List<String> problems = new ArrayList<>();
    CloudTemplateTest.eachState(read(file), (name, state) -> {
      if (!state.path("Type").asText().equals("Task")) {
        return;
      }
      String resource = state.path("Resource").asText();
      JsonNode override = DEFINITION.path("byFile").path(fileName).path(resource);
      JsonNode policyName = override.isMissingNode() ? DEFINITION.path("byResource").path(resource) : override;
      String where = fileName + " state " + name + " (" + resource + ")";
      if (policyName.isMissingNode()) {
        problems.add(where + ": retry-policies.json names no policy for this resource");
      } else if (policyName.isNull()) {
        if (state.has("Retry")) {
          problems.add(where + ": must not retry, but has " + state.path("Retry"));
        }
      } else {
        JsonNode policy = DEFINITION.path("policies").path(policyName.asText());
        if (!policy.equals(state.path("Retry"))) {
          problems.add(where + ": Retry is not policy '" + policyName.asText() + "' of retry-policies.json: "
              + state.path("Retry"));
        }
      }
    });

    assertEquals(List.of(), problems, "run statemachines/write-retry-policies.py to write the named policies");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.connectha.localcloud.CloudTemplateTest#stateMachineFiles")
  void aLambdaTaskUsesALambdaPolicyAndAnSnsTaskTheSnsOne(Path file) {
    List<String> problems = new ArrayList<>();
    CloudTemplateTest.eachState(read(file), (name, state) -> {
      String resource = state.path("Resource").asText();
      String family = resource.endsWith(":lambda:invoke") ? "Lambda." : resource.endsWith(":sns:publish") ? "SNS." : null;
      if (family == null || !state.path("Type").asText().equals("Task")) {
        return;
      }
      boolean ownErrors = !state.path("Retry").isEmpty();
      for (JsonNode rule : state.path("Retry")) {
        ownErrors &= rule.path("ErrorEquals").toString().contains("\"" + family);
      }
      if (!ownErrors) {
        problems.add(file.getFileName() + " state " + name + ": its Retry does not retry " + family + "* errors");
      }
    });

    assertEquals(List.of(), problems);
  }

  @Test
  void everyNamedPolicyIsUsedAndNoneRepeatsAnother() {
    List<String> used = new ArrayList<>();
    DEFINITION.path("byResource").forEach(n -> used.add(n.asText()));
    DEFINITION.path("byFile").forEach(f -> f.forEach(n -> used.add(n.asText())));
    List<JsonNode> policies = new ArrayList<>();
    DEFINITION.path("policies").fields().forEachRemaining(p -> {
      assertTrue(used.contains(p.getKey()), "policy " + p.getKey() + " is named by no resource or file");
      assertFalse(policies.contains(p.getValue()), "policy " + p.getKey() + " repeats another");
      policies.add(p.getValue());
    });
  }

  private static JsonNode read(Path file) {
    try {
      return Json.MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
