package dev.connectha.ports;

import java.util.Optional;

/** CloudWatch dashboards, by name: a dashboard's body is its JSON, as PutDashboard takes it. */
public interface Dashboards {

  /** The body of dashboard {@code name}, empty when there is none. */
  Optional<String> body(String name);

  /** Creates dashboard {@code name}, or replaces its body. */
  void put(String name, String body);
}
