package dev.connectha.model.remediation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.connectha.errors.InvalidInputException;
import java.util.Arrays;

/** What the first event about an incident reported; the remediate workflow decides from live state. */
public enum IncidentKind {
  /** A node fails its target health checks (an AZ's UnHealthyHostCount alarm). */
  NODE_UNHEALTHY("node-unhealthy"),
  /** A node's instance stopped, terminated or failed its status checks. */
  NODE_DEAD("node-dead"),
  /** Every node of one AZ is unhealthy, or AWS Health / ARC names the AZ. */
  AZ_IMPAIRED("az-impaired"),
  /** No healthy host in the whole target group. */
  CLUSTER_DOWN("cluster-down");

  private final String id;

  IncidentKind(String id) {
    this.id = id;
  }

  @JsonValue
  public String id() {
    return id;
  }

  @JsonCreator
  public static IncidentKind of(String id) {
    return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst()
        .orElseThrow(() -> new InvalidInputException("unknown incident kind: " + id + " (one of "
            + Arrays.stream(values()).map(IncidentKind::id).toList() + ")"));
  }
}
