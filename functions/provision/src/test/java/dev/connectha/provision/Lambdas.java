package dev.connectha.provision;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The handler tests' way to call a function with JSON as Step Functions does, and read its answer. */
final class Lambdas {
  private Lambdas() {}

  static JsonNode invoke(RequestStreamHandler handler, String json) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), out, null);
    return Json.MAPPER.readTree(out.toString(StandardCharsets.UTF_8));
  }
}
