package dev.connectha.provision;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;

/** PlanProvision: every check a new node needs before it is launched, and the zone it goes to (read-only). */
public final class PlanProvisionHandler extends JsonHandler<PlanProvisionInput, ProvisionPlan> {
  private final ProvisionPlanner planner;

  public PlanProvisionHandler() {
    this(System.getenv());
  }

  public PlanProvisionHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private PlanProvisionHandler(Config config) {
    this(ProvisionComponent.create(config).planner(), config.metricsNamespace());
  }

  public PlanProvisionHandler(ProvisionPlanner planner, String metricsNamespace) {
    super(PlanProvisionInput.class, metricsNamespace);
    this.planner = planner;
  }

  @Override
  protected ProvisionPlan handle(PlanProvisionInput input) {
    return planner.plan(input);
  }
}
