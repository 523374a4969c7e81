package dev.connectha.traffic;

import dagger.BindsInstance;
import dagger.Component;
import dev.connectha.aws.AdaptersModule;
import dev.connectha.config.ClockModule;
import dev.connectha.config.Config;
import javax.inject.Singleton;

/** The traffic functions' object graph, built once per Lambda environment. */
@Singleton
@Component(modules = {AdaptersModule.class, ClockModule.class})
public interface TrafficComponent {
  TargetControl targetControl();

  MaintenancePage maintenancePage();

  AutomationPause automationPause();

  static TrafficComponent create(Config config) {
    return DaggerTrafficComponent.factory().create(config);
  }

  @Component.Factory
  interface Factory {
    TrafficComponent create(@BindsInstance Config config);
  }
}
