package dev.connectha.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.errors.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * The detail of an {@code AWS Health Event}: its type code, its status ({@code open}, {@code closed}:
 * the issue is over, {@code upcoming}) and the EC2 instances among its affected entities. Health has
 * no structured AZ field: the instances' zones say which AZ is impaired.
 */
record HealthEvent(String eventTypeCode, String statusCode, List<String> instanceIds) {
  static final String DETAIL_TYPE = "AWS Health Event";
  static final String EC2_OPERATIONAL_ISSUE = "AWS_EC2_OPERATIONAL_ISSUE";

  static HealthEvent of(JsonNode detail) {
    String code = IntakeEvent.text(detail, "eventTypeCode", true);
    String status = IntakeEvent.text(detail, "statusCode", false);
    JsonNode entities = detail.get("affectedEntities");
    List<String> instances = new ArrayList<>();
    if (entities != null && !entities.isNull()) {
      if (!entities.isArray()) {
        throw new InvalidInputException("a Health event's affectedEntities are a list");
      }
      for (JsonNode entity : entities) {
        if (!entity.isObject()) {
          throw new InvalidInputException("a Health event's affected entity is an object");
        }
        String value = IntakeEvent.text(entity, "entityValue", false);
        if (value != null && value.startsWith("i-") && !instances.contains(value)) {
          instances.add(value);
        }
      }
    }
    return new HealthEvent(code, status, List.copyOf(instances));
  }

  /** True when the issue is over. */
  boolean closed() {
    return "closed".equals(statusCode);
  }
}
