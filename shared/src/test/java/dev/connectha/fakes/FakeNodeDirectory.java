package dev.connectha.fakes;

import dev.connectha.model.Node;
import dev.connectha.ports.NodeDirectory;
import java.util.ArrayList;
import java.util.List;

/** The cluster's instances: {@link #nodes}, whatever the cluster asked for. */
public final class FakeNodeDirectory implements NodeDirectory {
  public List<Node> nodes;
  private final List<String> calls;

  public FakeNodeDirectory(List<String> calls, List<Node> nodes) {
    this.calls = calls;
    this.nodes = new ArrayList<>(nodes);
  }

  @Override
  public List<Node> nodesOf(String cluster) {
    calls.add("nodes.nodesOf " + cluster);
    return List.copyOf(nodes);
  }
}
