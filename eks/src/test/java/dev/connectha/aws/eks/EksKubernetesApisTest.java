package dev.connectha.aws.eks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.config.Config;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.errors.WorkloadNotFoundException;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.eks.model.ClusterStatus;
import software.amazon.awssdk.services.eks.model.DescribeClusterRequest;
import software.amazon.awssdk.services.eks.model.DescribeClusterResponse;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;

/**
 * Reaching the API server as EKS hands it out: DescribeCluster's endpoint and CA (the mock server's
 * own self-signed certificate, over TLS), and every request carrying the role's EKS token.
 */
class EksKubernetesApisTest {
  private static final AwsSessionCredentials ROLE = AwsSessionCredentials.create("ASIAEXAMPLE", "secret", "session");
  private static final Config CONFIG = Config.from(Map.of("AWS_REGION", "us-east-1"));

  private final MockWebServer web = new MockWebServer();
  private final KubernetesMockServer server =
      new KubernetesMockServer(new Context(), web, new HashMap<>(), new KubernetesCrudDispatcher(), true);
  private final List<String> described = new ArrayList<>();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T09:00:00Z"));
  private String endpoint;
  private String caData;
  private ClusterStatus status = ClusterStatus.ACTIVE;

  @BeforeEach
  void startTheApiServer() throws Exception {
    server.init(InetAddress.getLoopbackAddress(), 0);
    endpoint = "https://localhost:" + server.getPort();
    caData = Base64.getEncoder().encodeToString(
        Files.readAllBytes(Path.of(web.getSelfSignedCertificate().certificatePath())));
  }

  @AfterEach
  void stopIt() {
    server.destroy();
  }

  @Test
  void callsTheEndpointDescribeClusterGivesTrustingItsCaWithTheRolesTokenAsBearer() throws Exception {
    EksKubernetesApis apis = new EksKubernetesApis(eks(), StaticCredentialsProvider.create(ROLE), CONFIG, clock);
    KubernetesClient k8s = apis.of("connect-prod");

    k8s.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("posit").endMetadata().build()).create();

    RecordedRequest request = web.takeRequest(5, TimeUnit.SECONDS);
    assertEquals("Bearer " + EksToken.create("connect-prod", "us-east-1", ROLE, clock), request.getHeader("Authorization"));
    assertEquals(List.of("connect-prod"), described);
    assertSame(k8s, apis.of("connect-prod"), "one client per cluster, described once");
    assertEquals(List.of("connect-prod"), described);
  }

  @Test
  void aTokenIsReusedForTenMinutesThenMadeAfresh() throws Exception {
    KubernetesClient k8s = new EksKubernetesApis(eks(), StaticCredentialsProvider.create(ROLE), CONFIG, clock)
        .of("connect-prod");
    String first = "Bearer " + EksToken.create("connect-prod", "us-east-1", ROLE, clock);

    k8s.namespaces().withName("a").get();
    clock.advance(Duration.ofMinutes(9));
    k8s.namespaces().withName("b").get();
    clock.advance(Duration.ofMinutes(2));
    k8s.namespaces().withName("c").get();

    assertEquals(first, web.takeRequest(5, TimeUnit.SECONDS).getHeader("Authorization"));
    assertEquals(first, web.takeRequest(5, TimeUnit.SECONDS).getHeader("Authorization"));
    assertEquals("Bearer " + EksToken.create("connect-prod", "us-east-1", ROLE, clock),
        web.takeRequest(5, TimeUnit.SECONDS).getHeader("Authorization"));
  }

  @Test
  void anApiServerWhoseCertificateTheClustersCaDidNotSignIsNotTrusted() throws Exception {
    caData = Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(
        io.vertx.core.net.SelfSignedCertificate.create("localhost").certificatePath())));
    KubernetesClient k8s = new EksKubernetesApis(eks(), StaticCredentialsProvider.create(ROLE), CONFIG, clock)
        .of("connect-prod");

    assertThrows(KubernetesClientException.class, () -> k8s.namespaces().withName("posit").get());
    assertEquals(0, web.getRequestCount(), "no request, and so no token, reached it");
  }

  @Test
  void anUnknownEksClusterIsNamed() {
    EksKubernetesApis apis = new EksKubernetesApis(eks(), StaticCredentialsProvider.create(ROLE), CONFIG, clock);

    WorkloadNotFoundException e = assertThrows(WorkloadNotFoundException.class, () -> apis.of("connect-typo"));

    assertTrue(e.getMessage().contains("no EKS cluster named connect-typo in us-east-1"), e.getMessage());
  }

  @Test
  void aClusterStillCreatingHasNoEndpointYet() {
    status = ClusterStatus.CREATING;
    endpoint = null;
    EksKubernetesApis apis = new EksKubernetesApis(eks(), StaticCredentialsProvider.create(ROLE), CONFIG, clock);

    PreconditionFailedException e = assertThrows(PreconditionFailedException.class, () -> apis.of("connect-prod"));

    assertTrue(e.getMessage().contains("CREATING"), e.getMessage());
  }

  private EksClient eks() {
    return new EksClient() {
      @Override
      public DescribeClusterResponse describeCluster(DescribeClusterRequest request) {
        described.add(request.name());
        if (!request.name().equals("connect-prod")) {
          throw ResourceNotFoundException.builder().message("No cluster found for name: " + request.name())
              .statusCode(404).build();
        }
        return DescribeClusterResponse.builder().cluster(Cluster.builder().name(request.name()).status(status)
            .endpoint(endpoint).certificateAuthority(ca -> ca.data(caData)).build()).build();
      }

      @Override
      public String serviceName() {
        return "eks";
      }

      @Override
      public void close() {}
    };
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
