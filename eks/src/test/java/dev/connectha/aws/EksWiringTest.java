package dev.connectha.aws;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import dagger.BindsInstance;
import dagger.Component;
import dev.connectha.aws.eks.EksKubernetesApis;
import dev.connectha.aws.eks.Fabric8ConnectWorkloads;
import dev.connectha.aws.eks.KubernetesApis;
import dev.connectha.config.ClockModule;
import dev.connectha.config.Config;
import dev.connectha.ports.ConnectWorkloads;
import java.util.Map;
import javax.inject.Singleton;
import org.junit.jupiter.api.Test;

/** What a function's component of the eks topology gets (no AWS or Kubernetes call is made). */
class EksWiringTest {
  private static final Map<String, String> ENV = Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "id",
      "AWS_SECRET_ACCESS_KEY", "secret");

  @Singleton
  @Component(modules = {EksModule.class, ClockModule.class})
  interface EksComponent {
    ConnectWorkloads connectWorkloads();

    KubernetesApis kubernetesApis();

    @Component.Factory
    interface Factory {
      EksComponent create(@BindsInstance Config config);
    }
  }

  @Test
  void aComponentAskingForConnectOnEksGetsTheFabric8AdapterOnEksApisBuiltOnce() {
    EksComponent component = DaggerEksWiringTest_EksComponent.factory().create(Config.from(ENV));

    assertInstanceOf(Fabric8ConnectWorkloads.class, component.connectWorkloads());
    assertInstanceOf(EksKubernetesApis.class, component.kubernetesApis());
    assertSame(component.kubernetesApis(), component.kubernetesApis(), "one client per EKS cluster for the function's life");
  }

}
