package dev.connectha.localcloud;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * moto in server mode, from the project's venv, on its own loopback port. Its ASL engine calls
 * Lambda (and every service integration) at {@code localhost:$MOTO_PORT}, so MOTO_PORT is the
 * gateway's port: the state machines' Lambda tasks reach the project's handlers.
 */
public final class MotoServer implements AutoCloseable {
  private final Process process;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private MotoServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts moto on {@code port}; its ASL engine will call {@code gatewayPort}. */
  public static MotoServer start(Path venv, int port, int gatewayPort, Path log) throws IOException {
    Path python = venv.resolve("bin/python");
    if (!Files.isExecutable(python)) {
      throw new IllegalStateException(python + " is missing: run `source .ci/tools.sh` (it installs the venv)");
    }
    // moto's own server through a shim that fixes its nested-execution integration (see the script)
    Path launcher = LocalCloud.projectRoot().resolve("localcloud/moto_server.py");
    ProcessBuilder builder = new ProcessBuilder(python.toString(), launcher.toString(), "-H", "127.0.0.1", "-p",
        String.valueOf(port))
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("MOTO_PORT", String.valueOf(gatewayPort));
    builder.environment().put("AWS_DEFAULT_REGION", "us-east-1");
    MotoServer moto = new MotoServer(builder.start(), port);
    moto.awaitUp(Duration.ofSeconds(60));
    moto.post("/moto-api/config", "{\"stepfunctions\":{\"execute_state_machine\":true}}");
    return moto;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Forgets every resource moto holds. */
  public void reset() {
    post("/moto-api/reset", "");
    post("/moto-api/config", "{\"stepfunctions\":{\"execute_state_machine\":true}}");
  }

  private void post(String path, String body) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint().resolve(path))
          .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() >= 300) {
        throw new IllegalStateException("moto " + path + " answered " + r.statusCode() + ": " + r.body());
      }
    } catch (IOException e) {
      throw new IllegalStateException("moto " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitUp(Duration timeout) throws IOException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("moto_server exited with " + process.exitValue());
      }
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(endpoint().resolve("/moto-api/"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() < 500) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
    throw new IllegalStateException("moto_server did not answer within " + timeout);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
