package dev.connectha.inventory;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import dev.connectha.model.ClusterVersions;
import java.util.Map;

/**
 * RecordClusterVersion: records a version the upgrade learned ({@code fact} schema or nodes) in the
 * cluster's learned record, and returns the cluster's versions as they now read.
 */
public final class RecordClusterVersionHandler extends JsonHandler<RecordClusterVersionInput, ClusterVersions> {
  private final ClusterVersionRecorder recorder;

  /** Lambda's constructor: the environment of this function. */
  public RecordClusterVersionHandler() {
    this(System.getenv());
  }

  /** The local cloud's constructor: the function's environment as template.yaml resolves it. */
  public RecordClusterVersionHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private RecordClusterVersionHandler(Config config) {
    this(InventoryComponent.create(config).versionRecorder(), config.metricsNamespace());
  }

  /** Tests' constructor. */
  public RecordClusterVersionHandler(ClusterVersionRecorder recorder, String metricsNamespace) {
    super(RecordClusterVersionInput.class, metricsNamespace);
    this.recorder = recorder;
  }

  @Override
  protected ClusterVersions handle(RecordClusterVersionInput input) {
    return recorder.record(input);
  }

  /** Reads a cluster document that does not exist: loads the SSM client and its marshallers. */
  @Override
  protected void prime() {
    recorder.prime();
  }
}
