package dev.connectha.workloads;

import dagger.BindsInstance;
import dagger.Component;
import dev.connectha.aws.EksModule;
import dev.connectha.config.ClockModule;
import dev.connectha.config.Config;
import javax.inject.Singleton;

/** The workloads function's object graph, built once per Lambda environment. */
@Singleton
@Component(modules = {EksModule.class, ClockModule.class})
public interface WorkloadsComponent {
  WorkloadControl workloadControl();

  ConfigurationKeeper configurationKeeper();

  static WorkloadsComponent create(Config config) {
    return DaggerWorkloadsComponent.factory().create(config);
  }

  @Component.Factory
  interface Factory {
    WorkloadsComponent create(@BindsInstance Config config);
  }
}
