package dev.connectha.fakes;

import dev.connectha.model.ConnectVersion;
import dev.connectha.ports.PackageCatalog;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The releases each package source publishes ({@link #publish}); anything else is not available. */
public final class FakePackageCatalog implements PackageCatalog {
  private final Set<String> published = new HashSet<>();
  private final List<String> calls;

  public FakePackageCatalog(List<String> calls) {
    this.calls = calls;
  }

  /** {@code source} serves each of {@code versions}. */
  public FakePackageCatalog publish(String source, String... versions) {
    for (String version : versions) {
      published.add(source + " " + ConnectVersion.parse(version));
    }
    return this;
  }

  @Override
  public boolean available(String packageSource, ConnectVersion version) {
    calls.add("catalog.available " + packageSource + " " + version);
    return published.contains(packageSource + " " + version);
  }
}
