package dev.connectha.remediation;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;

/**
 * ShiftTraffic: an ARC zonal shift of the cluster's load balancer away from an impaired zone, when
 * the cluster document enables it; otherwise it says why it shifted nothing.
 */
public final class ShiftTrafficHandler extends JsonHandler<ShiftTrafficInput, ShiftReport> {
  private final TrafficShifter shifter;

  public ShiftTrafficHandler() {
    this(System.getenv());
  }

  public ShiftTrafficHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private ShiftTrafficHandler(Config config) {
    this(RemediationComponent.create(config).trafficShifter(), config.metricsNamespace());
  }

  public ShiftTrafficHandler(TrafficShifter shifter, String metricsNamespace) {
    super(ShiftTrafficInput.class, metricsNamespace);
    this.shifter = shifter;
  }

  @Override
  protected ShiftReport handle(ShiftTrafficInput input) {
    return shifter.shiftAway(input);
  }
}
