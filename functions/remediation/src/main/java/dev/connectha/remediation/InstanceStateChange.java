package dev.connectha.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/** The detail of an {@code EC2 Instance State-change Notification}: which instance, and its new state. */
record InstanceStateChange(String instanceId, String state) {
  static final String DETAIL_TYPE = "EC2 Instance State-change Notification";
  /** The states in which an instance no longer serves. */
  static final Set<String> DOWN = Set.of("stopping", "stopped", "shutting-down", "terminated");

  static InstanceStateChange of(JsonNode detail) {
    return new InstanceStateChange(IntakeEvent.text(detail, "instance-id", true), IntakeEvent.text(detail, "state", true));
  }

  boolean down() {
    return DOWN.contains(state);
  }
}
