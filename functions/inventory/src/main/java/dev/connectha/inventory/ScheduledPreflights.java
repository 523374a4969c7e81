package dev.connectha.inventory;

import dev.connectha.config.Config;
import dev.connectha.config.InvalidConfigurationException;
import dev.connectha.json.Json;
import dev.connectha.ports.ClusterRegistry;
import dev.connectha.ports.Workflows;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javax.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled preflight's fan-out (EventBridge cannot list clusters): starts the preflight workflow
 * once for every registered cluster, as execution {@code scheduled-<cluster>-<yyyyMMdd'T'HHmm>} of the
 * schedule's time, so that a retried invoke starts nothing twice. A cluster whose start fails does not
 * stop the others; once every cluster was tried, the first failure is thrown (the others suppressed
 * in it) so that Lambda retries the invoke and, past its retries, the event reaches the operators.
 */
public final class ScheduledPreflights {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduledPreflights.class);
  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm").withZone(ZoneOffset.UTC);

  /** @param started the executions started (or found started already), by cluster order */
  public record Report(List<String> started) {}

  private final ClusterRegistry registry;
  private final Workflows workflows;
  private final Config config;
  private final Clock clock;

  @Inject
  public ScheduledPreflights(ClusterRegistry registry, Workflows workflows, Config config, Clock clock) {
    this.registry = registry;
    this.workflows = workflows;
    this.config = config;
    this.clock = clock;
  }

  public Report start(StartScheduledPreflightsInput input) {
    String stateMachine = config.preflightStateMachine();
    if (stateMachine.isBlank()) {
      throw new InvalidConfigurationException("PREFLIGHT_STATE_MACHINE_ARN is not set");
    }
    Instant at = (input.time() != null ? input.time() : clock.instant()).truncatedTo(ChronoUnit.MINUTES);
    List<String> started = registry.forEveryCluster(cluster -> workflows.start(stateMachine, executionName(cluster, at),
            Json.MAPPER.createObjectNode().put("cluster", cluster).toString()),
        (cluster, e) -> LOG.warn("the scheduled preflight of {} did not start: {}", cluster, e.toString()));
    return new Report(started);
  }

  /** The execution of {@code cluster}'s preflight scheduled at {@code at}. */
  static String executionName(String cluster, Instant at) {
    return "scheduled-" + cluster + "-" + MINUTE.format(at);
  }
}
