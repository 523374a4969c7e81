package dev.connectha.traffic;

/** PauseAutomation's output: {@link PausedAutomation} for suspend, {@link ResumedAutomation} for resume. */
public sealed interface AutomationReport permits PausedAutomation, ResumedAutomation {
  String cluster();
}
