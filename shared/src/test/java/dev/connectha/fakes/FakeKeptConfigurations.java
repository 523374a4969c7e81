package dev.connectha.fakes;

import dev.connectha.ports.KeptConfigurations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Kept configuration content by {@code <cluster>/<setId>}. */
public final class FakeKeptConfigurations implements KeptConfigurations {
  public final Map<String, byte[]> stored = new LinkedHashMap<>();
  private final List<String> calls;

  public FakeKeptConfigurations(List<String> calls) {
    this.calls = calls;
  }

  @Override
  public void keep(String cluster, String setId, byte[] content) {
    calls.add("configurations.keep " + setId);
    stored.put(cluster + "/" + setId, content.clone());
  }

  @Override
  public Optional<byte[]> content(String cluster, String setId) {
    calls.add("configurations.content " + setId);
    return Optional.ofNullable(stored.get(cluster + "/" + setId)).map(byte[]::clone);
  }

  @Override
  public void forget(String cluster, String setId) {
    calls.add("configurations.forget " + setId);
    stored.remove(cluster + "/" + setId);
  }
}
