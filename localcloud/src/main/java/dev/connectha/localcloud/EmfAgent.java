package dev.connectha.localcloud;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;

/**
 * What the CloudWatch agent does with embedded metric format (EMF) documents, for the functions the
 * local cloud runs in its JVM: Powertools' EMF logger is pointed at this agent's TCP port (the EMF
 * library's agent environment), and every document it receives is kept ({@link #documents}) and its
 * metrics are put into moto's CloudWatch (PutMetricData), one datum per metric and dimension set, as
 * CloudWatch Logs extracts them from a Lambda function's log. Alarms on those metrics can then be
 * evaluated from moto's data ({@link AlarmEvaluator}).
 *
 * <p>The EMF configuration is the JVM's, and the EMF library keeps the sink it first made: so there
 * is one agent per JVM ({@link #of}), set up before a function first flushes a metric, and each
 * local cloud started in that JVM (a test fork runs several classes, one after another) only points
 * it at its own moto.
 */
public final class EmfAgent implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(EmfAgent.class.getName());
  private static EmfAgent shared;
  private final ServerSocket server;
  private volatile CloudWatchClient cloudwatch;
  private final ConcurrentLinkedQueue<JsonNode> documents = new ConcurrentLinkedQueue<>();
  private final Thread acceptor;

  /** The JVM's agent, now putting metrics into {@code cloudwatch}'s moto, with no document kept. */
  public static synchronized EmfAgent of(CloudWatchClient cloudwatch) {
    if (shared == null) {
      shared = new EmfAgent(cloudwatch);
    }
    shared.cloudwatch = cloudwatch;
    shared.clear();
    return shared;
  }

  private EmfAgent(CloudWatchClient cloudwatch) {
    this.cloudwatch = cloudwatch;
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var config = EnvironmentConfigurationProvider.getConfig();
    config.setEnvironmentOverride(Environments.Agent);
    config.setAgentEndpoint("tcp://127.0.0.1:" + server.getLocalPort());
    acceptor = Thread.ofVirtual().name("emf-agent").start(this::accept);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        Thread.ofVirtual().name("emf-agent-connection").start(() -> read(socket));
      } catch (IOException e) {
        if (!server.isClosed()) {
          LOG.log(System.Logger.Level.WARNING, "EMF agent: accept failed: " + e);
        }
      }
    }
  }

  private void read(Socket socket) {
    try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.isBlank()) {
          received(Json.MAPPER.readTree(line));
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "EMF agent: a connection ended with " + e);
    }
  }

  private void received(JsonNode document) {
    documents.add(document);
    JsonNode aws = document.path("_aws");
    // The time it arrived, not the document's Timestamp: the functions share one Powertools metrics
    // instance in this JVM, whose EMF context keeps the time it was created (an earlier invocation's),
    // while CloudWatch would see each function's line as it is logged.
    Instant at = Instant.now();
    for (JsonNode directive : aws.path("CloudWatchMetrics")) {
      List<MetricDatum> data = new ArrayList<>();
      for (JsonNode dimensionSet : directive.path("Dimensions")) {
        List<Dimension> dimensions = new ArrayList<>();
        dimensionSet.forEach(key -> dimensions.add(Dimension.builder().name(key.asText())
            .value(document.path(key.asText()).asText()).build()));
        for (JsonNode metric : directive.path("Metrics")) {
          String name = metric.path("Name").asText();
          JsonNode value = document.path(name);
          List<Double> values = new ArrayList<>();
          if (value.isArray()) {
            value.forEach(v -> values.add(v.asDouble()));
          } else if (value.isNumber()) {
            values.add(value.asDouble());
          }
          for (double v : values) {
            data.add(MetricDatum.builder().metricName(name).dimensions(dimensions).value(v).timestamp(at)
                .unit(metric.path("Unit").asText("None")).build());
          }
        }
      }
      String namespace = directive.path("Namespace").asText();
      for (int from = 0; from < data.size(); from += 20) {
        List<MetricDatum> batch = data.subList(from, Math.min(data.size(), from + 20));
        CloudWatchClient target = cloudwatch;
        if (target != null) {
          target.putMetricData(b -> b.namespace(namespace).metricData(batch));
        }
      }
    }
  }

  /** Every EMF document received since the last {@link #clear}, oldest first. */
  public List<JsonNode> documents() {
    return List.copyOf(documents);
  }

  /** The documents received that hold the metric {@code name}, oldest first. */
  public List<JsonNode> documentsWith(String name) {
    return documents().stream().filter(d -> d.has(name)).toList();
  }

  public void clear() {
    documents.clear();
  }

  /** Its local cloud stopped: metrics go nowhere until the next one ({@link #of}); the agent stays for the JVM. */
  @Override
  public void close() {
    cloudwatch = null;
  }
}
