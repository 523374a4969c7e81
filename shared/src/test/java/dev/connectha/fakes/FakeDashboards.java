package dev.connectha.fakes;

import dev.connectha.ports.Dashboards;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Dashboards by name; every put is a call. */
public final class FakeDashboards implements Dashboards {
  public final Map<String, String> bodies = new LinkedHashMap<>();
  private final List<String> calls;

  public FakeDashboards(List<String> calls) {
    this.calls = calls;
  }

  @Override
  public Optional<String> body(String name) {
    return Optional.ofNullable(bodies.get(name));
  }

  @Override
  public void put(String name, String body) {
    calls.add("put dashboard " + name);
    bodies.put(name, body);
  }
}
