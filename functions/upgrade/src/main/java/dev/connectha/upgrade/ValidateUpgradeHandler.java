package dev.connectha.upgrade;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;

/** ValidateUpgrade: the upgrade's plan, or a named error before anything changes. */
public final class ValidateUpgradeHandler extends JsonHandler<UpgradeInput, UpgradePlan> {
  private final UpgradePlanner planner;

  public ValidateUpgradeHandler() {
    this(System.getenv());
  }

  public ValidateUpgradeHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private ValidateUpgradeHandler(Config config) {
    this(UpgradeComponent.create(config).planner(), config.metricsNamespace());
  }

  public ValidateUpgradeHandler(UpgradePlanner planner, String metricsNamespace) {
    super(UpgradeInput.class, metricsNamespace);
    this.planner = planner;
  }

  @Override
  protected UpgradePlan handle(UpgradeInput input) {
    return planner.plan(input);
  }
}
