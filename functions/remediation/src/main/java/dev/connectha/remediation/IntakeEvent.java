package dev.connectha.remediation;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.json.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * An EventBridge event's envelope, as the intake reads it: what it is ({@code detail-type},
 * {@code source}), when it happened ({@code time}) and its {@code detail}. Anything else is not an
 * event, and neither is one whose documented envelope fields have other types ({@link Envelope}):
 * {@link InvalidInputException} before any AWS call.
 */
record IntakeEvent(String id, String detailType, String source, Instant time, JsonNode detail) {
  /** The envelope's fields as EventBridge documents them: one of another type is malformed, read or not. */
  record Envelope(String version, String id, @JsonProperty("detail-type") String detailType, String source, String account,
      String time, String region, List<String> resources) {}

  static IntakeEvent parse(JsonNode event) {
    if (event == null || !event.isObject()) {
      throw new InvalidInputException("an EventBridge event is a JSON object");
    }
    shaped(event, Envelope.class, "the event");
    String detailType = text(event, "detail-type", true);
    JsonNode detail = event.get("detail");
    if (detail == null || !detail.isObject()) {
      throw new InvalidInputException("an EventBridge event has a detail object");
    }
    String time = text(event, "time", true);
    try {
      return new IntakeEvent(text(event, "id", false), detailType, text(event, "source", false), Instant.parse(time),
          detail);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException("an EventBridge event's time is ISO-8601: " + time, e);
    }
  }

  /** Checks that {@code node}'s fields have the types {@code shape} (a record) gives them: the shared mapper refuses any other. */
  static void shaped(JsonNode node, Class<?> shape, String what) {
    try {
      Json.MAPPER.treeToValue(node, shape);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(what + " is malformed: " + e.getOriginalMessage()
          + (e instanceof JsonMappingException m ? " (" + m.getPathReference() + ")" : ""), e);
    }
  }

  /** A text field of {@code node}; a field of another type is malformed, an absent one only when required. */
  static String text(JsonNode node, String field, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new InvalidInputException("the event has no " + field);
      }
      return null;
    }
    if (!value.isTextual() || (required && value.asText().isBlank())) {
      throw new InvalidInputException("the event's " + field + " is not text");
    }
    return value.asText();
  }
}
