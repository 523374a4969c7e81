package dev.connectha.remediation;

import dagger.BindsInstance;
import dagger.Component;
import dev.connectha.aws.AdaptersModule;
import dev.connectha.config.ClockModule;
import dev.connectha.config.Config;
import javax.inject.Singleton;

/** The remediation functions' object graph, built once per Lambda environment. */
@Singleton
@Component(modules = {AdaptersModule.class, ClockModule.class})
public interface RemediationComponent {
  Intake intake();

  IncidentAssessor assessor();

  IncidentCloser incidentCloser();

  ClusterMonitoring clusterMonitoring();

  TrafficShifter trafficShifter();

  static RemediationComponent create(Config config) {
    return DaggerRemediationComponent.factory().create(config);
  }

  @Component.Factory
  interface Factory {
    RemediationComponent create(@BindsInstance Config config);
  }
}
