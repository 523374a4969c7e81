package dev.connectha.aws.eks;

import dev.connectha.aws.AwsCalls;
import dev.connectha.config.Config;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.errors.WorkloadNotFoundException;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.OAuthTokenProvider;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;

/**
 * Reaches an EKS cluster's Kubernetes API as the function's IAM role: DescribeCluster gives the
 * API server's endpoint and CA, and every request carries an {@link EksToken} made from the role's
 * credentials (no kubeconfig, no aws CLI). fabric8 runs on the JDK's HTTP client. One client per
 * cluster, built on first use and kept for the function's life.
 */
@Singleton
public final class EksKubernetesApis implements KubernetesApis {
  /** fabric8 retries a failed request 10 times by default, with a growing backoff; once is enough here. */
  static final int RETRIES = 1;

  private final EksClient eks;
  private final AwsCredentialsProvider credentials;
  private final String region;
  private final Clock clock;
  private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();

  @Inject
  public EksKubernetesApis(EksClient eks, AwsCredentialsProvider credentials, Config config, Clock clock) {
    this.eks = eks;
    this.credentials = credentials;
    this.region = config.region();
    this.clock = clock;
  }

  @Override
  public KubernetesClient of(String eksCluster) {
    return clients.computeIfAbsent(eksCluster, this::connect);
  }

  private KubernetesClient connect(String eksCluster) {
    Cluster cluster;
    try {
      cluster = AwsCalls.call("describe EKS cluster " + eksCluster,
          () -> eks.describeCluster(r -> r.name(eksCluster)).cluster());
    } catch (RuntimeException e) {
      if (e.getCause() instanceof ResourceNotFoundException) {
        throw new WorkloadNotFoundException("no EKS cluster named " + eksCluster + " in " + region, e);
      }
      throw e;
    }
    if (cluster.endpoint() == null || cluster.certificateAuthority() == null
        || cluster.certificateAuthority().data() == null) {
      throw new PreconditionFailedException("EKS cluster " + eksCluster + " has no API endpoint or CA yet (status "
          + cluster.statusAsString() + ")");
    }
    return new KubernetesClientBuilder()
        .withHttpClientFactory(new JdkHttpClientFactory())
        .withConfig(new ConfigBuilder()
            .withMasterUrl(cluster.endpoint())
            .withCaCertData(cluster.certificateAuthority().data())
            .withOauthTokenProvider(new Tokens(eksCluster))
            // Step Functions' Retry owns the backoff (AwsUnavailableException), not the function's timeout
            .withRequestRetryBackoffLimit(RETRIES)
            .build())
        .build();
  }

  /** Hands out a token for one cluster, and a new one once it is {@link EksToken#REUSE} old. */
  private final class Tokens implements OAuthTokenProvider {
    private final String eksCluster;
    private String token;
    private Instant madeAt = Instant.MIN;

    Tokens(String eksCluster) {
      this.eksCluster = eksCluster;
    }

    @Override
    public synchronized String getToken() {
      Instant now = clock.instant();
      if (token == null || !now.isBefore(madeAt.plus(EksToken.REUSE))) {
        token = EksToken.create(eksCluster, region, credentials.resolveCredentials(), clock);
        madeAt = now;
      }
      return token;
    }
  }
}
