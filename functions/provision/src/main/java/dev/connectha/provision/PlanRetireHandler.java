package dev.connectha.provision;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;

/** PlanRetire: every refusal of retire-node before anything changes, and how long to drain (read-only). */
public final class PlanRetireHandler extends JsonHandler<PlanRetireInput, RetirePlan> {
  private final RetirePlanner planner;

  public PlanRetireHandler() {
    this(System.getenv());
  }

  public PlanRetireHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private PlanRetireHandler(Config config) {
    this(ProvisionComponent.create(config).retirePlanner(), config.metricsNamespace());
  }

  public PlanRetireHandler(RetirePlanner planner, String metricsNamespace) {
    super(PlanRetireInput.class, metricsNamespace);
    this.planner = planner;
  }

  @Override
  protected RetirePlan handle(PlanRetireInput input) {
    return planner.plan(input);
  }
}
