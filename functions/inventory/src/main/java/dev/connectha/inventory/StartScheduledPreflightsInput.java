package dev.connectha.inventory;

import java.time.Instant;

/**
 * The EventBridge scheduled event, of which only its time matters: the same event, retried, has the
 * same time, so it names the same executions.
 *
 * <p>EventBridge sends the whole scheduled event; the other fields are not read (the sample event,
 * events/StartScheduledPreflightsFunction.json, holds only this one).
 *
 * @param time when the schedule fired; null (e.g. an invoke by hand) for the current minute
 */
public record StartScheduledPreflightsInput(Instant time) {}
