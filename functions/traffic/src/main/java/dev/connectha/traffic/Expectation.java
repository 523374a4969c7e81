package dev.connectha.traffic;

import dev.connectha.errors.InvalidInputException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** What CheckTargets waits for, in the load balancer's target states. */
public enum Expectation {
  /** The load balancer sends the node requests: {@code healthy}. */
  HEALTHY("healthy", Set.of("healthy")),
  /**
   * The load balancer sends the node no new request: not registered, {@code unused} (stopped),
   * {@code draining} (deregistered, finishing what it had) or {@code unhealthy}.
   */
  NOT_SERVING("not-serving", Set.of("unused", "draining", "unhealthy"));

  private final String id;
  private final Set<String> states;

  Expectation(String id, Set<String> states) {
    this.id = id;
    this.states = states;
  }

  public String id() {
    return id;
  }

  public boolean matches(String state) {
    return states.contains(state);
  }

  public static Expectation of(String id) {
    return Arrays.stream(values()).filter(e -> e.id.equals(id)).findFirst().orElseThrow(() ->
        new InvalidInputException("expect must be one of "
            + Arrays.stream(values()).map(Expectation::id).collect(Collectors.joining(", ")) + ": "
            + (id == null ? "(missing)" : "'" + id + "'")));
  }
}
