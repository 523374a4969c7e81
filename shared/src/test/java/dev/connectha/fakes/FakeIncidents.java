package dev.connectha.fakes;

import dev.connectha.model.remediation.Incident;
import dev.connectha.ports.Incidents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The incident table in memory, with the conditional write's rule: one open incident per key. */
public final class FakeIncidents implements Incidents {
  public final Map<String, Record> records = new HashMap<>();
  public final Map<String, List<Instant>> replacements = new HashMap<>();
  private final List<String> calls;

  public FakeIncidents(List<String> calls) {
    this.calls = calls;
  }

  @Override
  public boolean open(Incident incident, String execution, Instant expiresAt) {
    calls.add("openIncident " + incident.key());
    Record current = records.get(incident.key());
    if (current != null && current.open()) {
      records.put(incident.key(), new Record(current.incident(), current.execution(), current.started(),
          current.events() + 1, current.status(), null, null));
      return false;
    }
    if (current != null && current.closedAt() != null
        && current.closedAt().getEpochSecond() >= incident.since().getEpochSecond()) {
      return false; // an event from before the close belongs to the failure that incident handled
    }
    records.put(incident.key(), new Record(incident, execution, false, 1, "open", null, null));
    return true;
  }

  @Override
  public void markStarted(String key) {
    calls.add("markStarted " + key);
    Record r = records.get(key);
    records.put(key, new Record(r.incident(), r.execution(), true, r.events(), r.status(), r.outcome(), r.closedAt()));
  }

  @Override
  public Optional<Record> find(String key) {
    return Optional.ofNullable(records.get(key));
  }

  @Override
  public boolean close(String key, String execution, String outcome, Instant closedAt, Instant expiresAt) {
    calls.add("closeIncident " + key + " " + outcome);
    Record r = records.get(key);
    if (r == null || !r.open() || !r.execution().equals(execution)) {
      return false;
    }
    records.put(key, new Record(r.incident(), r.execution(), r.started(), r.events(), "closed", outcome, closedAt));
    return true;
  }

  @Override
  public List<Instant> replacementsSince(String cluster, Instant since) {
    return replacements.getOrDefault(cluster, List.of()).stream().filter(t -> !t.isBefore(since)).toList();
  }

  @Override
  public void recordReplacements(String cluster, int count, Instant at) {
    calls.add("recordReplacements " + cluster + " " + count);
    for (int i = 0; i < count; i++) {
      replacements.computeIfAbsent(cluster, c -> new ArrayList<>()).add(at);
    }
  }
}
