package dev.connectha.remediation;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;

/** CloseIncident: the remediate workflow's last step records how the incident ended. */
public final class CloseIncidentHandler extends JsonHandler<CloseIncidentInput, CloseIncidentResult> {
  private final IncidentCloser closer;

  public CloseIncidentHandler() {
    this(System.getenv());
  }

  public CloseIncidentHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private CloseIncidentHandler(Config config) {
    this(RemediationComponent.create(config).incidentCloser(), config.metricsNamespace());
  }

  public CloseIncidentHandler(IncidentCloser closer, String metricsNamespace) {
    super(CloseIncidentInput.class, metricsNamespace);
    this.closer = closer;
  }

  @Override
  protected CloseIncidentResult handle(CloseIncidentInput input) {
    return closer.close(input);
  }
}
