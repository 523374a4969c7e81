package dev.connectha.remediation;

import dev.connectha.model.remediation.Incident;

/** The remediate execution's input: the incident and the kind of event that reported it first. */
record RemediateInput(String cluster, Incident incident, String source) {}
