package dev.connectha.fakes;

import dev.connectha.ports.Workflows;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Started executions by name; starting a name twice starts nothing new, as Step Functions does. */
public final class FakeWorkflows implements Workflows {
  public record Started(String stateMachineArn, String name, String input) {}

  public final Map<String, Started> started = new LinkedHashMap<>();
  /** Started executions that have ended, by name (the others run). */
  public final Map<String, Run> ended = new LinkedHashMap<>();
  private final List<String> calls;

  public FakeWorkflows(List<String> calls) {
    this.calls = calls;
  }

  @Override
  public String start(String stateMachineArn, String name, String input) {
    calls.add("startExecution " + name);
    started.putIfAbsent(name, new Started(stateMachineArn, name, input));
    return stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + name;
  }

  @Override
  public Optional<Run> run(String stateMachineArn, String name) {
    calls.add("describeExecution " + name);
    if (ended.containsKey(name)) {
      return Optional.of(ended.get(name));
    }
    return started.containsKey(name) ? Optional.of(new Run("RUNNING", null)) : Optional.empty();
  }
}
