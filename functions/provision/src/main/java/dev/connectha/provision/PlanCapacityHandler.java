package dev.connectha.provision;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;

/** PlanCapacity: the nodes ensure-capacity launches (by zone) or retires (newest first) to reach a size (read-only). */
public final class PlanCapacityHandler extends JsonHandler<PlanCapacityInput, CapacityPlan> {
  private final CapacityPlanner planner;

  public PlanCapacityHandler() {
    this(System.getenv());
  }

  public PlanCapacityHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private PlanCapacityHandler(Config config) {
    this(ProvisionComponent.create(config).capacityPlanner(), config.metricsNamespace());
  }

  public PlanCapacityHandler(CapacityPlanner planner, String metricsNamespace) {
    super(PlanCapacityInput.class, metricsNamespace);
    this.planner = planner;
  }

  @Override
  protected CapacityPlan handle(PlanCapacityInput input) {
    return planner.plan(input);
  }
}
