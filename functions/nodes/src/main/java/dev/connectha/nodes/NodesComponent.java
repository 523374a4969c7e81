package dev.connectha.nodes;

import dagger.BindsInstance;
import dagger.Component;
import dev.connectha.aws.AdaptersModule;
import dev.connectha.config.Config;
import javax.inject.Singleton;

/** The nodes functions' object graph, built once per Lambda environment. */
@Singleton
@Component(modules = AdaptersModule.class)
public interface NodesComponent {
  NodeControl nodeControl();

  static NodesComponent create(Config config) {
    return DaggerNodesComponent.factory().create(config);
  }

  @Component.Factory
  interface Factory {
    NodesComponent create(@BindsInstance Config config);
  }
}
