package dev.connectha.fakes;

import dev.connectha.model.LoadBalancing;
import dev.connectha.ports.TargetGroupSettings;
import java.util.List;

/** One target group's settings and target health, as {@link #loadBalancing} says. */
public final class FakeTargetGroupSettings implements TargetGroupSettings {
  public LoadBalancing loadBalancing;
  private final List<String> calls;

  public FakeTargetGroupSettings(List<String> calls, LoadBalancing loadBalancing) {
    this.calls = calls;
    this.loadBalancing = loadBalancing;
  }

  @Override
  public LoadBalancing describe(String targetGroupArn) {
    calls.add("targetGroupSettings.describe " + targetGroupArn);
    return loadBalancing;
  }
}
