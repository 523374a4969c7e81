package dev.connectha.fakes;

import dev.connectha.errors.ClusterNotFoundException;
import dev.connectha.model.ClusterDocument;
import dev.connectha.ports.ClusterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Cluster documents by name; an unknown name is {@link ClusterNotFoundException}, as in SSM. */
public final class FakeClusterRegistry implements ClusterRegistry {
  public final Map<String, ClusterDocument> documents = new LinkedHashMap<>();
  private final List<String> calls;

  public FakeClusterRegistry(List<String> calls, ClusterDocument... registered) {
    this.calls = calls;
    for (ClusterDocument document : registered) {
      documents.put(document.name(), document);
    }
  }

  @Override
  public ClusterDocument load(String name) {
    calls.add("registry.load " + name);
    ClusterDocument document = documents.get(name);
    if (document == null) {
      throw new ClusterNotFoundException("no cluster " + name);
    }
    return document;
  }

  @Override
  public List<String> names() {
    calls.add("registry.names");
    return documents.keySet().stream().sorted().toList();
  }

  @Override
  public ClusterDocument save(ClusterDocument document) {
    calls.add("registry.save " + document.name() + " " + document.connectVersion());
    documents.put(document.name(), document);
    return document;
  }
}
