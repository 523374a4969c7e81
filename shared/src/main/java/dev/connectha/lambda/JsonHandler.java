package dev.connectha.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.connectha.errors.ConnectHaException;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Base of every handler: reads the input record with the shared ObjectMapper (a malformed input is
 * an {@link InvalidInputException}), runs {@link #handle} inside Powertools logging (correlation
 * id = the Step Functions execution, from the input's {@code executionId}) and emits EMF metrics:
 * duration and outcome per function. Payloads are never logged.
 */
public abstract class JsonHandler<I, O> implements RequestStreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(JsonHandler.class);
  private final Class<I> inputType;
  private final String name;
  private final String metricsNamespace;
  /** Held here: CRaC keeps only weak references to registered resources. */
  private final Resource priming = new Priming();

  /** @param metricsNamespace the EMF namespace, from {@code Config#metricsNamespace()} */
  protected JsonHandler(Class<I> inputType, String metricsNamespace) {
    this.inputType = inputType;
    this.name = getClass().getSimpleName().replace("Handler", "");
    this.metricsNamespace = metricsNamespace;
    Core.getGlobalContext().register(priming);
  }

  /**
   * SnapStart priming: a harmless call made before the snapshot so that a restored function has
   * its classes (SDK client, marshallers, Jackson) loaded already. Default: a JSON round trip.
   */
  protected void prime() throws IOException {
    Json.MAPPER.readValue(Json.MAPPER.writeValueAsBytes(Json.MAPPER.createObjectNode().put("cluster", "prime")), inputType);
  }

  private final class Priming implements Resource {
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
      try {
        prime();
      } catch (IOException | RuntimeException e) {
        LOG.warn("{} priming failed (the function still works, its first call is slower): {}", name, e.toString());
      }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {}
  }

  protected abstract O handle(I input);

  /** Adds the function's own metrics about a successful result (default: none). */
  protected void addMetrics(Metrics metrics, O output) {}

  @Override
  public final void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
    JsonNode event;
    try {
      event = Json.MAPPER.readTree(in);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("input is not JSON: " + e.getOriginalMessage(), e);
    }
    Metrics metrics = MetricsFactory.getMetricsInstance();
    metrics.setNamespace(metricsNamespace);
    metrics.setDefaultDimensions(DimensionSet.of("Function", name));
    long started = System.nanoTime();
    String outcome = "Failed";
    try {
      // The correlation id is the execution, read here: Powertools' JMESPath lookup would load
      // ~550 classes (JMESPath, Joda) on every cold start for one field.
      String correlationId = event != null ? event.path("executionId").asText(null) : null;
      O result = PowertoolsLogging.withLogging(context, () -> {
        if (correlationId != null) {
          MDC.put("correlation_id", correlationId);
        }
        LOG.info("{} started", name);
        O output = handle(parse(event));
        LOG.info("{} finished", name);
        return output;
      });
      outcome = "Succeeded";
      addMetrics(metrics, result);
      Json.MAPPER.writeValue(out, result);
    } catch (ConnectHaException e) {
      outcome = e.retryable() ? "Retryable" : "Terminal";
      LOG.warn("{} failed: {}", name, e.getMessage());
      throw e;
    } finally {
      metrics.addMetric("Duration", (System.nanoTime() - started) / 1e6, MetricUnit.MILLISECONDS);
      metrics.addMetric(outcome, 1, MetricUnit.COUNT);
      metrics.flush();
    }
  }

  private I parse(JsonNode event) {
    if (event == null || event.isMissingNode() || event.isNull()) {
      throw new InvalidInputException("missing " + inputType.getSimpleName());
    }
    try {
      return Json.MAPPER.treeToValue(event, inputType);
    } catch (ValueInstantiationException e) {
      if (e.getCause() instanceof InvalidInputException invalid) {
        throw invalid;
      }
      throw new InvalidInputException("invalid " + inputType.getSimpleName() + ": " + e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("invalid " + inputType.getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
  }
}
