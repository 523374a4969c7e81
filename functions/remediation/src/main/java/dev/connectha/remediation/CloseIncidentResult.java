package dev.connectha.remediation;

/**
 * @param closed               false when the incident was not open or another execution handles it
 * @param outcome              the outcome recorded (or asked for, when not closed)
 * @param secondsSinceIncident from the incident's first event to now: remediation's time to repair
 */
public record CloseIncidentResult(boolean closed, String outcome, long secondsSinceIncident) {}
