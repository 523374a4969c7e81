package dev.connectha.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.connectha.errors.InvalidInputException;
import java.util.Locale;

/**
 * How a cluster runs Connect, after Posit's AWS reference architectures: on EC2 instances (load
 * balanced, or a single server), or as a workload on EKS. Written {@code ec2} or {@code eks} in the
 * cluster document; {@code ec2} when absent.
 */
public enum Topology {
  EC2,
  EKS;

  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code ec2} or {@code eks} (any case); anything else is {@link InvalidInputException}. */
  @JsonCreator
  public static Topology of(String text) {
    for (Topology topology : values()) {
      if (topology.json().equalsIgnoreCase(text)) {
        return topology;
      }
    }
    throw new InvalidInputException("topology must be ec2 or eks, not '" + text + "'");
  }
}
