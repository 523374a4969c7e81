package dev.connectha.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.ConnectVersion;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The catalog against a tiny package source on 127.0.0.1 that answers HEAD from a table of paths. */
class HttpPackageCatalogTest {
  private static final ConnectVersion V = ConnectVersion.parse("2024.10.0");
  private static final String DEB = "/connect/2024.10/rstudio-connect_2024.10.0~ubuntu22_amd64.deb";
  private static final String RPM = "/connect/2024.10/rstudio-connect-2024.10.0.el9.x86_64.rpm";

  /** path -> status; anything else answers 404. */
  private final Map<String, Integer> answers = new ConcurrentHashMap<>();
  private final List<String> asked = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private String source;
  private final HttpPackageCatalog catalog = new HttpPackageCatalog();

  @BeforeEach
  void startSource() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      try (exchange) {
        asked.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
        String path = exchange.getRequestURI().getPath();
        if (answers.getOrDefault(path, 404) == 302) {
          exchange.getResponseHeaders().set("Location", "/moved" + path);
        }
        exchange.sendResponseHeaders(answers.getOrDefault(path, 404), -1);
      }
    });
    server.start();
    source = "http://127.0.0.1:" + server.getAddress().getPort() + "/connect";
  }

  @AfterEach
  void stopSource() {
    server.stop(0);
  }

  @Test
  void aPublishedDebIsAvailableAfterOneHeadRequest() {
    answers.put(DEB, 200);

    assertTrue(catalog.available(source, V));
    assertEquals(List.of("HEAD " + DEB), asked);
  }

  @Test
  void theRpmAloneIsEnough() {
    answers.put(RPM, 200);

    assertTrue(catalog.available(source + "/", V));
    assertEquals(List.of("HEAD " + DEB, "HEAD " + RPM), asked);
  }

  @Test
  void aVersionNeitherPackageOfWhichAnswersIsNotAvailable() {
    answers.put("/connect/2024.08/rstudio-connect_2024.08.0~ubuntu22_amd64.deb", 200);
    answers.put(RPM, 500);

    assertFalse(catalog.available(source, V));
  }

  @Test
  void aRedirectToAPackageThatAnswersCounts() {
    answers.put(DEB, 302);
    answers.put("/moved" + DEB, 200);

    assertTrue(catalog.available(source, V));
  }

  @Test
  void aSourceThatDoesNotAnswerIsNotAvailableWithinTheTimeout() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    long started = System.nanoTime();

    assertFalse(catalog.available("http://127.0.0.1:" + closed + "/connect", V));
    assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(11)) < 0);
  }

  @Test
  void aSlowSourceIsCutOffByTheRequestTimeout() {
    server.removeContext("/");
    server.createContext("/", exchange -> {
      try (exchange) {
        Thread.sleep(2_000);
        exchange.sendResponseHeaders(200, -1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    HttpPackageCatalog impatient = new HttpPackageCatalog(HttpClient.newHttpClient(), Duration.ofMillis(200));
    long started = System.nanoTime();

    assertFalse(impatient.available(source, V));
    assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofMillis(1_900)) < 0,
        "gave up on both packages before the source answered either");
  }

  @Test
  void aMalformedSourceIsInvalidInputWithoutARequest() {
    assertThrows(InvalidInputException.class, () -> catalog.available("file:///etc/passwd", V));
    assertEquals(List.of(), asked);
  }
}
