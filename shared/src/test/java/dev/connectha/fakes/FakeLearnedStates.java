package dev.connectha.fakes;

import dev.connectha.model.LearnedState;
import dev.connectha.ports.LearnedStates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Learned records by cluster; a cluster with none has nothing learned yet, as in SSM. */
public final class FakeLearnedStates implements LearnedStates {
  public final Map<String, LearnedState> states = new LinkedHashMap<>();
  private final List<String> calls;

  public FakeLearnedStates(List<String> calls, LearnedState... learned) {
    this.calls = calls;
    for (LearnedState state : learned) {
      states.put(state.cluster(), state);
    }
  }

  @Override
  public Optional<LearnedState> find(String cluster) {
    calls.add("learned.find " + cluster);
    return Optional.ofNullable(states.get(cluster));
  }

  @Override
  public LearnedState save(LearnedState state) {
    calls.add("change learned.save " + state.cluster() + " schema=" + version(state.schemaVersion())
        + " nodes=" + version(state.nodesVersion()));
    states.put(state.cluster(), state);
    return state;
  }

  private static String version(LearnedState.Recorded recorded) {
    return recorded == null ? "-" : recorded.version().toString();
  }
}
