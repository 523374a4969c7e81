package dev.connectha.provision;

import dagger.BindsInstance;
import dagger.Component;
import dev.connectha.aws.AdaptersModule;
import dev.connectha.config.ClockModule;
import dev.connectha.config.Config;
import javax.inject.Singleton;

/** The provisioning functions' object graph, built once per Lambda environment. */
@Singleton
@Component(modules = {AdaptersModule.class, ClockModule.class})
public interface ProvisionComponent {
  ProvisionPlanner planner();

  NodeLaunching launching();

  RetirePlanner retirePlanner();

  CapacityPlanner capacityPlanner();

  static ProvisionComponent create(Config config) {
    return DaggerProvisionComponent.factory().create(config);
  }

  @Component.Factory
  interface Factory {
    ProvisionComponent create(@BindsInstance Config config);
  }
}
