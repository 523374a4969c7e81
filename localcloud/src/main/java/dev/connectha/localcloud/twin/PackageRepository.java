package dev.connectha.localcloud.twin;

import dev.connectha.localcloud.AwsResponse;
import dev.connectha.localcloud.Gateway;
import dev.connectha.model.ConnectPackages;
import dev.connectha.model.ConnectPackages.Platform;
import dev.connectha.model.ConnectVersion;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The twin's stand-in for Posit's package CDN: the Connect versions it publishes, laid out as
 * {@link ConnectPackages} says, below {@link #base()}. Each package is a few lines of text that name
 * the package, version, format and platform; the nodes' stub package managers install from them.
 * The gateway serves it ({@link #interceptor()}: GET and HEAD below the base's path), and every node's
 * stub {@code curl} carries the same table (see {@link NodeRoot}).
 */
public final class PackageRepository {
  /** What the twin publishes unless told otherwise. */
  public static final List<String> DEFAULT_VERSIONS = List.of("2024.06.0", "2024.08.0", "2024.09.1", "2024.10.0");

  private final String base;
  private final SortedSet<ConnectVersion> published = new TreeSet<>();

  /** @param base the package source URL, e.g. {@code http://127.0.0.1:<gateway port>/packages} */
  public PackageRepository(String base) {
    this.base = ConnectPackages.requireSource(base);
    reset();
  }

  /** The package source nodes download from: what a cluster document's {@code packageSource} holds. */
  public String base() {
    return base;
  }

  /** Publishes {@link #DEFAULT_VERSIONS} only. */
  public synchronized void reset() {
    published.clear();
    DEFAULT_VERSIONS.forEach(v -> published.add(ConnectVersion.parse(v)));
  }

  public synchronized void publish(String version) {
    published.add(ConnectVersion.parse(version));
  }

  public synchronized void unpublish(String version) {
    published.remove(ConnectVersion.parse(version));
  }

  public synchronized SortedSet<ConnectVersion> published() {
    return new TreeSet<>(published);
  }

  /** Every published package: its URL and its content. */
  public synchronized Map<String, String> packages() {
    Map<String, String> packages = new LinkedHashMap<>();
    for (ConnectVersion version : published) {
      for (Platform platform : Platform.values()) {
        packages.put(ConnectPackages.url(base, version, platform), content(version, platform));
      }
    }
    return packages;
  }

  /** The package at {@code url}, if published. */
  public Optional<String> at(String url) {
    return Optional.ofNullable(packages().get(url));
  }

  /** What a twin package holds: the fields the stub package managers read. */
  static String content(ConnectVersion version, Platform platform) {
    return "connect-ha twin package (stands in for Posit's " + ConnectPackages.fileName(version, platform) + ")\n"
        + "Package: rstudio-connect\n"
        + "Version: " + version + "\n"
        + "Format: " + platform.format() + "\n"
        + "Platform: " + platform.id() + "\n";
  }

  /**
   * GET and HEAD below the base's path, on the gateway (not an AWS path: no SigV4, so nothing
   * else claims it): 200 with the package (HEAD: without it), or 404.
   */
  public Gateway.Interceptor interceptor() {
    String basePath = URI.create(base).getPath();
    String origin = base.substring(0, base.length() - basePath.length());
    return request -> {
      if (!request.path().startsWith(basePath + "/")) {
        return Optional.empty();
      }
      if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
        return Optional.of(new AwsResponse(405, Map.of("Allow", "GET, HEAD"), new byte[0]));
      }
      Optional<String> found = at(origin + request.path());
      if (found.isEmpty()) {
        return Optional.of(new AwsResponse(404, Map.of("Content-Type", "text/plain"),
            request.method().equals("HEAD") ? new byte[0] : ("no such package: " + request.path() + "\n"
                + "published: " + published().stream().map(ConnectVersion::toString).collect(Collectors.joining(", ")) + "\n")
                .getBytes(StandardCharsets.UTF_8)));
      }
      return Optional.of(new AwsResponse(200, Map.of("Content-Type", "application/octet-stream"),
          request.method().equals("HEAD") ? new byte[0] : found.get().getBytes(StandardCharsets.UTF_8)));
    };
  }
}
