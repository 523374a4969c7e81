package dev.connectha.upgrade;

import dagger.BindsInstance;
import dagger.Component;
import dev.connectha.aws.AdaptersModule;
import dev.connectha.config.ClockModule;
import dev.connectha.config.Config;
import javax.inject.Singleton;

/** The upgrade functions' object graph, built once per Lambda environment. */
@Singleton
@Component(modules = {AdaptersModule.class, ClockModule.class})
public interface UpgradeComponent {
  UpgradePlanner planner();

  static UpgradeComponent create(Config config) {
    return DaggerUpgradeComponent.factory().create(config);
  }

  @Component.Factory
  interface Factory {
    UpgradeComponent create(@BindsInstance Config config);
  }
}
