package dev.connectha.aws;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dev.connectha.aws.eks.EksKubernetesApis;
import dev.connectha.aws.eks.EksWorkerNodeGroups;
import dev.connectha.aws.eks.Fabric8ConnectWorkloads;
import dev.connectha.aws.eks.KubernetesApis;
import dev.connectha.config.Config;
import dev.connectha.ports.ConnectWorkloads;
import dev.connectha.ports.WorkerNodeGroups;
import javax.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.eks.EksClient;

/**
 * Binds {@link ConnectWorkloads} (Connect on EKS) to its fabric8 implementation. It lives in its own
 * module so that fabric8 (about 18 MB of jars) is carried only by the functions of the eks topology,
 * not by the dependency layer every function shares. Its EKS tokens need a {@link java.time.Clock}:
 * a component that uses it lists {@code dev.connectha.config.ClockModule} too.
 */
@Module(includes = AdaptersModule.class)
public interface EksModule {
  @Binds
  ConnectWorkloads connectWorkloads(Fabric8ConnectWorkloads impl);

  @Binds
  KubernetesApis kubernetesApis(EksKubernetesApis impl);

  @Binds
  WorkerNodeGroups workerNodeGroups(EksWorkerNodeGroups impl);

  /** EKS: the API server's endpoint and CA of a cluster of the eks topology. */
  @Provides
  @Singleton
  static EksClient eks(Config c, SdkHttpClient h, AwsCredentialsProvider p) {
    return AwsModule.build(EksClient.builder(), c, h, p);
  }
}
