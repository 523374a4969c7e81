package dev.connectha.localcloud.twin;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
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
  private final KubernetesMockServer server =
      new KubernetesMockServer(new Context(), web, new HashMap<>(), new KubernetesCrudDispatcher(), true);
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

  /** Forgets every object and every request: an empty cluster, on the same port and certificate. */
  synchronized void clear() {
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
