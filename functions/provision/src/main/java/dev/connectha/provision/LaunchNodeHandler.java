package dev.connectha.provision;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;

/**
 * LaunchNode: launches one node of a cluster from its launch template, waits until its SSM agent
 * is Online, or removes every node the calling execution launched.
 */
public final class LaunchNodeHandler extends JsonHandler<LaunchNodeInput, LaunchReport> {
  private final NodeLaunching launching;

  public LaunchNodeHandler() {
    this(System.getenv());
  }

  public LaunchNodeHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private LaunchNodeHandler(Config config) {
    this(ProvisionComponent.create(config).launching(), config.metricsNamespace());
  }

  public LaunchNodeHandler(NodeLaunching launching, String metricsNamespace) {
    super(LaunchNodeInput.class, metricsNamespace);
    this.launching = launching;
  }

  @Override
  protected LaunchReport handle(LaunchNodeInput input) {
    return launching.run(input);
  }
}
