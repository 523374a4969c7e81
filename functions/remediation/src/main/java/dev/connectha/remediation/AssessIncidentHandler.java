package dev.connectha.remediation;

import dev.connectha.config.Config;
import dev.connectha.lambda.JsonHandler;
import java.util.Map;

/**
 * AssessIncident: classifies an incident from the cluster's live state (none, restart, replace or
 * escalate) and counts the replacements it plans against the circuit breaker.
 */
public final class AssessIncidentHandler extends JsonHandler<AssessIncidentInput, Assessment> {
  private final IncidentAssessor assessor;

  public AssessIncidentHandler() {
    this(System.getenv());
  }

  public AssessIncidentHandler(Map<String, String> environment) {
    this(Config.from(environment));
  }

  private AssessIncidentHandler(Config config) {
    this(RemediationComponent.create(config).assessor(), config.metricsNamespace());
  }

  public AssessIncidentHandler(IncidentAssessor assessor, String metricsNamespace) {
    super(AssessIncidentInput.class, metricsNamespace);
    this.assessor = assessor;
  }

  @Override
  protected Assessment handle(AssessIncidentInput input) {
    return assessor.assess(input);
  }
}
