package dev.connectha.model;

/** The node-facts command's result on one node: facts when it succeeded, the reason when not. */
public record NodeReport(String instanceId, String commandStatus, NodeFacts facts, String error) {
  public boolean ok() {
    return facts != null;
  }
}
