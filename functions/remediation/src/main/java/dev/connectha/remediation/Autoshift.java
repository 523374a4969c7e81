package dev.connectha.remediation;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The detail of an ARC {@code Autoshift In Progress} event (traffic moves away from a zone) or an
 * {@code Autoshift Completed} one (the zone recovered, AWS ended the autoshift): the AZ id.
 */
record Autoshift(String awayFrom) {
  static final String DETAIL_TYPE = "Autoshift In Progress";
  static final String COMPLETED = "Autoshift Completed";

  static Autoshift of(JsonNode detail) {
    return new Autoshift(IntakeEvent.text(detail, "awayFrom", true));
  }
}
