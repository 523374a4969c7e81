package dev.connectha.remediation;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.connectha.model.remediation.Incident;

/**
 * What the intake did with an event.
 *
 * @param outcome   {@code opened} (a new incident, its execution started), {@code duplicate} (one is
 *                  open for that subject already), {@code ignored}, {@code rebalance} (an AZ recovered:
 *                  ensure-capacity started) or {@code recovered} (an AZ recovered: connect-ha's zonal shift
 *                  away from it cancelled, nothing to rebalance)
 * @param reason    one sentence saying why
 * @param incident  the incident (null when ignored or rebalanced)
 * @param execution the execution's name (null when ignored)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record IntakeResult(String outcome, String reason, Incident incident, String execution) {
  static IntakeResult ignored(String reason) {
    return new IntakeResult("ignored", reason, null, null);
  }
}
