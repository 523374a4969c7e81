package dev.connectha.fakes;

import dev.connectha.ports.NodeCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers each node at once: with the result scripted for it in {@link #scripted}, else with
 * success and what {@link Output} prints for the document. Remembers what was asked of it.
 */
public final class FakeNodeCommands implements NodeCommands {
  /** What a node prints on success when nothing is scripted for it. */
  @FunctionalInterface
  public interface Output {
    String of(String document, Map<String, List<String>> parameters, String instanceId);
  }

  public final Map<String, CommandResult> scripted = new HashMap<>();
  public final List<List<String>> askedNodes = new ArrayList<>();
  public final List<Map<String, List<String>>> parameters = new ArrayList<>();
  public final List<Duration> polls = new ArrayList<>();
  public final List<Duration> timeouts = new ArrayList<>();
  private final List<String> calls;
  private final Output output;

  public FakeNodeCommands(List<String> calls, Output output) {
    this.calls = calls;
    this.output = output;
  }

  @Override
  public List<CommandResult> run(String document, Map<String, List<String>> parameters, List<String> instanceIds,
      Duration poll, Duration timeout) {
    calls.add("commands.run " + document);
    askedNodes.add(List.copyOf(instanceIds));
    this.parameters.add(parameters);
    polls.add(poll);
    timeouts.add(timeout);
    return instanceIds.stream().map(id -> scripted.getOrDefault(id,
        new CommandResult(id, "Success", output.of(document, parameters, id), ""))).toList();
  }
}
