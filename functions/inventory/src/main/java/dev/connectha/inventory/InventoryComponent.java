package dev.connectha.inventory;

import dagger.BindsInstance;
import dagger.Component;
import dagger.Module;
import dagger.Provides;
import dev.connectha.aws.AdaptersModule;
import dev.connectha.config.Config;
import java.time.Clock;
import javax.inject.Singleton;

/** The inventory functions' object graph, built once per Lambda environment. */
@Singleton
@Component(modules = {AdaptersModule.class, InventoryComponent.ClockModule.class})
public interface InventoryComponent {
  ClusterDescriber describer();

  HaChecklist checklist();

  static InventoryComponent create(Config config) {
    return DaggerInventoryComponent.factory().create(config);
  }

  @Component.Factory
  interface Factory {
    InventoryComponent create(@BindsInstance Config config);
  }

  @Module
  final class ClockModule {
    private ClockModule() {}

    @Provides
    static Clock clock() {
      return Clock.systemUTC();
    }
  }
}
