package dev.connectha.aws;

import dev.connectha.model.ConnectPackages.Platform;
import dev.connectha.model.ConnectPackages;
import dev.connectha.model.ConnectVersion;
import dev.connectha.ports.PackageCatalog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import javax.inject.Inject;

/**
 * Asks the package source with a HEAD request per package (no download): the Ubuntu 22.04 .deb,
 * then the RHEL 9 .rpm. Any 2xx counts; redirects are followed (Posit's CDN may redirect). A
 * source that does not answer within the timeout, or answers anything else, does not serve the
 * package. No AWS SDK: nodes download from the same URLs.
 */
public final class HttpPackageCatalog implements PackageCatalog {
  /** Short: the catalog is asked while validating a workflow's input. */
  static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final List<Platform> ASKED = List.of(Platform.UBUNTU22, Platform.EL9);

  private final HttpClient http;
  private final Duration timeout;

  @Inject
  public HttpPackageCatalog() {
    this(HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build(), TIMEOUT);
  }

  /** Tests' constructor. */
  public HttpPackageCatalog(HttpClient http, Duration timeout) {
    this.http = http;
    this.timeout = timeout;
  }

  @Override
  public boolean available(String packageSource, ConnectVersion version) {
    String source = ConnectPackages.requireSource(packageSource);
    for (Platform platform : ASKED) {
      if (answers(ConnectPackages.url(source, version, platform))) {
        return true;
      }
    }
    return false;
  }

  private boolean answers(String url) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .method("HEAD", HttpRequest.BodyPublishers.noBody())
        .timeout(timeout)
        .build();
    try {
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      return status >= 200 && status < 300;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
