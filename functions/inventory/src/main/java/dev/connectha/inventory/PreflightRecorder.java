package dev.connectha.inventory;

import dev.connectha.errors.ClusterNotFoundException;
import dev.connectha.model.LearnedState;
import dev.connectha.ports.LearnedStates;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;

/**
 * Drift: compares a preflight's failing rules with those of the cluster's previous preflight, kept in
 * the cluster's learned record ({@link LearnedState#lastPreflight()}), records this one in its place,
 * and names the rules that changed in the summary. The first preflight of a cluster has nothing to
 * compare with: no rule turned. Only the learned record's preflight is written; its learned versions
 * are kept as they are.
 */
public final class PreflightRecorder {
  private final LearnedStates learned;
  private final Clock clock;

  @Inject
  public PreflightRecorder(LearnedStates learned, Clock clock) {
    this.learned = learned;
    this.clock = clock;
  }

  public PreflightDrift record(RecordPreflightInput input) {
    LearnedState before = learned.find(input.cluster()).orElse(LearnedState.none(input.cluster()));
    Optional<LearnedState.Preflight> previous = Optional.ofNullable(before.lastPreflight());
    LearnedState.Preflight now = new LearnedState.Preflight(input.failedRules(), clock.instant(), input.executionId());
    List<String> turnedFailing = previous.map(p -> without(now.failedRules(), p.failedRules())).orElse(List.of());
    List<String> turnedPassing = previous.map(p -> without(p.failedRules(), now.failedRules())).orElse(List.of());
    learned.save(before.withPreflight(now));
    return new PreflightDrift(input.cluster(), input.verdict(), now.failedRules(), turnedFailing, turnedPassing,
        previous.map(LearnedState.Preflight::checkedAt).orElse(null),
        input.summary() + "\n\n" + changes(previous, turnedFailing, turnedPassing));
  }

  private static List<String> without(List<String> rules, List<String> removed) {
    return rules.stream().filter(rule -> !removed.contains(rule)).toList();
  }

  private static String changes(Optional<LearnedState.Preflight> previous, List<String> turnedFailing,
      List<String> turnedPassing) {
    if (previous.isEmpty()) {
      return "Drift: this is the cluster's first recorded preflight; the next one names the rules that change.";
    }
    String since = "since the previous preflight (" + previous.get().checkedAt() + ")";
    if (turnedFailing.isEmpty() && turnedPassing.isEmpty()) {
      return "Drift: no rule changed " + since + ".";
    }
    StringBuilder text = new StringBuilder("Drift " + since + ":");
    if (!turnedFailing.isEmpty()) {
      text.append("\n- now failing: ").append(String.join(", ", turnedFailing));
    }
    if (!turnedPassing.isEmpty()) {
      text.append("\n- now passing: ").append(String.join(", ", turnedPassing));
    }
    return text.toString();
  }

  /** SnapStart priming: one harmless read (a cluster that cannot exist) through the SDK. */
  void prime() {
    try {
      learned.find("connect-ha-snapstart-priming");
    } catch (ClusterNotFoundException expected) {
      // the point was to load the client
    }
  }
}
