package dev.connectha.inventory;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import dev.connectha.model.ClusterState;
import java.util.Map;

/** DescribeCluster: the cluster document plus its live state and every running node's facts. */
public final class DescribeClusterHandler extends JsonHandler<DescribeClusterInput, ClusterState> {
  private final ClusterDescriber describer;

  /** Lambda's constructor: the environment of this function. */
  public DescribeClusterHandler() {
    this(System.getenv());
  }

  /** The local cloud's constructor: the function's environment as template.yaml resolves it. */
  public DescribeClusterHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private DescribeClusterHandler(Config config) {
    this(InventoryComponent.create(config).describer(), config.metricsNamespace());
  }

  /** Tests' constructor. */
  public DescribeClusterHandler(ClusterDescriber describer, String metricsNamespace) {
    super(DescribeClusterInput.class, metricsNamespace);
    this.describer = describer;
  }

  @Override
  protected ClusterState handle(DescribeClusterInput input) {
    return describer.describe(input);
  }

  /** Reads a cluster document that does not exist: loads the SSM client and its marshallers. */
  @Override
  protected void prime() {
    describer.prime();
  }
}
