package dev.connectha.inventory;

import dagger.BindsInstance;
import dagger.Component;
import dev.connectha.aws.AdaptersModule;
import dev.connectha.config.ClockModule;
import dev.connectha.config.Config;
import javax.inject.Singleton;

/** The inventory functions' object graph, built once per Lambda environment. */
@Singleton
@Component(modules = {AdaptersModule.class, ClockModule.class})
public interface InventoryComponent {
  ClusterDescriber describer();

  HaChecklist checklist();

  ClusterVersionRecorder versionRecorder();

  PreflightRecorder preflightRecorder();

  ScheduledPreflights scheduledPreflights();

  static InventoryComponent create(Config config) {
    return DaggerInventoryComponent.factory().create(config);
  }

  @Component.Factory
  interface Factory {
    InventoryComponent create(@BindsInstance Config config);
  }
}
