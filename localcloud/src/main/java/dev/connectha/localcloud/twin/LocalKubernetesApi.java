package dev.connectha.localcloud.twin;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One EKS cluster's Kubernetes API on the local cloud: fabric8's mock server in CRUD mode (objects
 * are stored, listed, patched and deleted as the API server would), on 127.0.0.1 over TLS with the
 * server's own self-signed certificate, which DescribeCluster hands out as the cluster's CA. It does
 * not check tokens; it keeps the requests others made ({@link #requests()}) so tests can see the
 * bearer token they carried. The twin reaches it with its own client ({@link #client()}), whose
 * token {@link #TWIN_TOKEN} tells its requests apart.
 */
final class LocalKubernetesApi implements AutoCloseable {
  /** The bearer token of the twin's own client (its requests are not kept). */
  static final String TWIN_TOKEN = "local-cloud-twin";
  /**
   * The mock server logs every request at INFO, on the console of a run: warnings only (held here, as
   * java.util.logging forgets the level of a logger nobody references).
   */
  private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_SERVER_LOG.setLevel(Level.WARNING);
  }

  /** How many requests by others are kept, newest last. */
  private static final int KEPT = 2_000;

  /** A request made to the API by someone else than the twin. */
  record Request(String method, String path, String authorization) {}

  private final MockWebServer web = new MockWebServer();
  /** 0, or the status (401, 403) every request but the twin's is answered with. */
  private volatile int denied;
  private final KubernetesMockServer server =
      new KubernetesMockServer(new Context(), web, new HashMap<>(), new KubernetesCrudDispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          int status = denied;
          if (status != 0 && !("Bearer " + TWIN_TOKEN).equals(request.getHeader("Authorization"))) {
            return refusal(status, request);
          }
          return super.dispatch(request);
        }
      }, true);
  private final String caData;
  private final KubernetesClient client;
  private final Deque<Request> requests = new ArrayDeque<>();

  LocalKubernetesApi() {
    try {
      server.init(InetAddress.getByName("127.0.0.1"), 0);
      caData = Base64.getEncoder().encodeToString(
          Files.readAllBytes(Path.of(web.getSelfSignedCertificate().certificatePath())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    client = new KubernetesClientBuilder()
        .withHttpClientFactory(new JdkHttpClientFactory())
        .withConfig(new ConfigBuilder().withMasterUrl(endpoint()).withCaCertData(caData).withOauthToken(TWIN_TOKEN)
            .withRequestRetryBackoffLimit(1).build())
        .build();
  }

  /** The API server's https endpoint, as EKS DescribeCluster gives it (the certificate is for localhost). */
  String endpoint() {
    return "https://localhost:" + server.getPort();
  }

  /** The cluster's CA: the PEM of the server's certificate, base64-encoded as DescribeCluster's {@code certificateAuthority.data}. */
  String caData() {
    return caData;
  }

  /** The twin's own client. */
  KubernetesClient client() {
    return client;
  }

  /**
   * Answers every request but the twin's with {@code status}: 401 (the caller's role has no access
   * entry: the API server does not know it) or 403 (an access entry whose policy lacks the verb); 0
   * lets them through again.
   */
  void deny(int status) {
    if (status != 0 && status != 401 && status != 403) {
      throw new IllegalArgumentException("deny with 401 or 403 (or 0 to allow), not " + status);
    }
    denied = status;
  }

  /** A Kubernetes {@code Status} as the API server refuses a request. */
  private static MockResponse refusal(int status, RecordedRequest request) {
    String body = status == 401
        ? "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
            + "\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}"
        : "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\""
            + request.getMethod() + " " + request.getPath().replace("\"", "") + " is forbidden: the caller's access entry"
            + " does not allow it\",\"reason\":\"Forbidden\",\"code\":403}";
    return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
  }

  /** Forgets every object and every request: an empty cluster, on the same port and certificate. */
  synchronized void clear() {
    denied = 0;
    server.reset();
    requests.clear();
  }

  /** The requests others made since the last {@link #clear}, oldest first (at most the last {@value #KEPT}). */
  synchronized List<Request> requests() {
    drain();
    return List.copyOf(requests);
  }

  /**
   * Takes what the server recorded (it would keep every request otherwise): the twin's own are
   * dropped, the others kept.
   */
  synchronized void drain() {
    try {
      for (RecordedRequest r = web.takeRequest(0, TimeUnit.MILLISECONDS); r != null;
          r = web.takeRequest(0, TimeUnit.MILLISECONDS)) {
        String authorization = r.getHeader("Authorization");
        if (!("Bearer " + TWIN_TOKEN).equals(authorization)) {
          requests.addLast(new Request(r.getMethod(), r.getPath(), authorization));
          if (requests.size() > KEPT) {
            requests.removeFirst();
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
