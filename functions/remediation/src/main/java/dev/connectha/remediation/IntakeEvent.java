package dev.connectha.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.errors.InvalidInputException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * An EventBridge event's envelope, as the intake reads it: what it is ({@code detail-type},
 * {@code source}), when it happened ({@code time}) and its {@code detail}. Anything else is not an
 * event: {@link InvalidInputException} before any AWS call.
 */
record IntakeEvent(String id, String detailType, String source, Instant time, JsonNode detail) {
  static IntakeEvent parse(JsonNode event) {
    if (event == null || !event.isObject()) {
      throw new InvalidInputException("an EventBridge event is a JSON object");
    }
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
