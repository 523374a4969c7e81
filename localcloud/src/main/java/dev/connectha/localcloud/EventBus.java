package dev.connectha.localcloud;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.event.ruler.Machine;

/**
 * EventBridge as the local cloud needs it: the template's rules (created in moto by the deployer)
 * are matched here with AWS's own event-ruler library, and a match starts the target state
 * machine. Schedules do not tick on their own: {@link #fireSchedule} runs one, as EventBridge would
 * at its time.
 */
public final class EventBus {
  /** What a rule starts: a state machine, with the rule's constant Input (or the event itself). */
  public record Target(String rule, String stateMachineArn, String input) {}

  private final SfnClient sfn;
  private volatile Machine machine = new Machine();
  private final Map<String, Target> patternRules = new ConcurrentHashMap<>();
  private final Map<String, Target> schedules = new ConcurrentHashMap<>();

  public EventBus(SfnClient sfn) {
    this.sfn = sfn;
  }

  public void addPatternRule(String rule, JsonNode pattern, Target target) {
    try {
      machine.addRule(rule, pattern.toString());
    } catch (Exception e) {
      throw new IllegalArgumentException("rule " + rule + " has an invalid event pattern: " + e.getMessage(), e);
    }
    patternRules.put(rule, target);
  }

  public void addSchedule(String rule, Target target) {
    schedules.put(rule, target);
  }

  public Map<String, Target> schedules() {
    return Map.copyOf(schedules);
  }

  /** Forgets every rule (the deployer adds them again). */
  public void clear() {
    machine = new Machine();
    patternRules.clear();
    schedules.clear();
  }

  /** Puts one event on the bus; returns the executions its matching rules started. */
  public List<String> put(String eventJson) {
    List<String> started = new ArrayList<>();
    List<String> matched;
    try {
      matched = machine.rulesForJSONEvent(eventJson);
    } catch (Exception e) {
      throw new IllegalArgumentException("not an event: " + e.getMessage(), e);
    }
    for (String rule : matched) {
      Target target = patternRules.get(rule);
      if (target != null) {
        started.add(start(target, target.input() != null ? target.input() : eventJson));
      }
    }
    return started;
  }

  /** Runs a schedule rule now; returns the execution it started. */
  public String fireSchedule(String rule) {
    Target target = schedules.get(rule);
    if (target == null) {
      throw new IllegalArgumentException("no schedule rule " + rule + "; known: " + schedules.keySet());
    }
    return start(target, target.input() != null ? target.input() : "{}");
  }

  private String start(Target target, String input) {
    return sfn.startExecution(b -> b.stateMachineArn(target.stateMachineArn()).input(input)
        .name(target.rule() + "-" + UUID.randomUUID())).executionArn();
  }
}
