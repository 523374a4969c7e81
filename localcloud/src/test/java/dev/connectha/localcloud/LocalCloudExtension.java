package dev.connectha.localcloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one {@link LocalCloud} for the whole test JVM (moto takes seconds to start) and hands it
 * to test constructors and methods; each test resets it to a fresh twin cluster itself.
 */
public final class LocalCloudExtension implements ParameterResolver {
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalCloud.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent("local-cloud", key -> new Holder(), Holder.class).cloud;
  }

  private static final class Holder implements ExtensionContext.Store.CloseableResource {
    final LocalCloud cloud;

    Holder() {
      try {
        cloud = LocalCloud.start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      cloud.close();
    }
  }
}
