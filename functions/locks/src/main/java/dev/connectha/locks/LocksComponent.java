package dev.connectha.locks;

import dagger.BindsInstance;
import dagger.Component;
import dev.connectha.aws.AdaptersModule;
import dev.connectha.ports.ClusterLocks;
import dev.connectha.config.ClockModule;
import dev.connectha.config.Config;
import javax.inject.Singleton;

/** The lock functions' object graph, built once per Lambda environment. */
@Singleton
@Component(modules = {AdaptersModule.class, ClockModule.class})
public interface LocksComponent {
  ClusterLocks locks();

  static LocksComponent create(Config config) {
    return DaggerLocksComponent.factory().create(config);
  }

  @Component.Factory
  interface Factory {
    LocksComponent create(@BindsInstance Config config);
  }
}
