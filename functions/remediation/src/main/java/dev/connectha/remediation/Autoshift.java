package dev.connectha.remediation;

import com.fasterxml.jackson.databind.JsonNode;

/** The detail of an ARC {@code Autoshift In Progress} event: the AZ id traffic moves away from. */
record Autoshift(String awayFrom) {
  static final String DETAIL_TYPE = "Autoshift In Progress";

  static Autoshift of(JsonNode detail) {
    return new Autoshift(IntakeEvent.text(detail, "awayFrom", true));
  }
}
