package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** The integration tests' way to invoke a function of template.yaml (by logical id) on the local cloud, as Lambda would. */
final class Functions {
  private final LocalCloud cloud;

  Functions(LocalCloud cloud) {
    this.cloud = cloud;
  }

  LambdaRuntime.Invocation call(String function, String input) {
    return cloud.lambda().invoke(cloud.template().resource(function).ref(), input.getBytes(StandardCharsets.UTF_8));
  }

  /** The function's output; fails the test on a function error. */
  JsonNode run(String function, String input) {
    return output(function, call(function, input));
  }

  /** The output of the function named {@code name} (another stack's, say); fails the test on a function error. */
  JsonNode runNamed(String name, String input) {
    return output(name, cloud.lambda().invoke(name, input.getBytes(StandardCharsets.UTF_8)));
  }

  private static JsonNode output(String function, LambdaRuntime.Invocation answer) {
    String payload = new String(answer.payload(), StandardCharsets.UTF_8);
    assertFalse(answer.functionError(), function + ": " + payload);
    return json(payload);
  }

  /** Expects a function error; returns {errorType, errorMessage}. */
  JsonNode fail(String function, String input) {
    LambdaRuntime.Invocation answer = call(function, input);
    String payload = new String(answer.payload(), StandardCharsets.UTF_8);
    assertTrue(answer.functionError(), function + ": " + payload);
    return json(payload);
  }

  /**
   * The invocations (payloads) {@code match} names, for a fault aimed at one Task state: {@code ""} every
   * one; else RunWorkloadCommand's {@code action}, or {@code action:value} with the value of its
   * {@code replicas} (scale, status) or {@code version} (setVersion), or {@code action:!value} for any other value.
   */
  static java.util.function.Predicate<String> invocation(String match) {
    if (match.isEmpty()) {
      return payload -> true;
    }
    String[] parts = match.split(":", 2);
    return payload -> {
      JsonNode input = json(payload);
      String value = input.path(parts[0].equals("setVersion") ? "version" : "replicas").asText();
      return input.path("action").asText().equals(parts[0]) && (parts.length == 1
          || (parts[1].startsWith("!") ? !parts[1].substring(1).equals(value) : parts[1].equals(value)));
    };
  }

  static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String json(Object value) {
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An instance in the subnet of the twin's first node, tagged as a node of {@code cluster}. */
  String launchInstanceOfCluster(String cluster) {
    String subnet = cloud.clients().ec2.describeInstances(b -> b.instanceIds(cloud.twin().node(0).instanceId))
        .reservations().get(0).instances().get(0).subnetId();
    String image = cloud.clients().ec2.describeImages(b -> b.owners("amazon")).images().get(0).imageId();
    return cloud.clients().ec2.runInstances(b -> b.imageId(image).instanceType("t3.micro").minCount(1).maxCount(1)
        .subnetId(subnet).tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE)
            .tags(Tag.builder().key("connect-ha:cluster").value(cluster).build()).build()))
        .instances().get(0).instanceId();
  }
}
