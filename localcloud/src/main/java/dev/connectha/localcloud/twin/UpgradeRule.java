package dev.connectha.localcloud.twin;

import dev.connectha.model.ConnectVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Posit's upgrade rule as the twin's nodes live it: the metadata database's schema
 * ({@link ConnectSchema}), migrated by the start of a newer Connect, and a node left running an
 * older Connect shutting down within {@link #schemaCheckWithin} of the migration. That is
 * evaluated whenever the twin looks at its nodes ({@link #settle()}, or {@link #settled} around a
 * command), by the wall clock; {@link #violations()} lists every breach of the rule seen so far.
 */
final class UpgradeRule {
  private final List<SimNode> nodes;
  private final ConnectSchema schema = new ConnectSchema(ConnectVersion.parse("2024.08.0"));
  /** Scripts run one at a time, and the schema checks between them: the database is shared. */
  private final Object nodeLock = new Object();
  private volatile Duration schemaCheckWithin = ConnectSchema.SHUTDOWN_WITHIN;

  /** @param nodes the twin's nodes, as seeding and faults change them */
  UpgradeRule(List<SimNode> nodes) {
    this.nodes = nodes;
  }

  /** A new cluster: the schema at {@code seeded}, the default shutdown delay, and every node started {@code at}. */
  void reset(ConnectVersion seeded, Instant at) {
    schemaCheckWithin = ConnectSchema.SHUTDOWN_WITHIN;
    schema.reset(seeded);
    nodes.forEach(n -> schema.record(new ConnectSchema.ServiceEvent(at, n.instanceId, ConnectSchema.Kind.START,
        ConnectVersion.parse(n.connectVersion))));
  }

  /** The schema as it is now (the nodes settled first). */
  ConnectSchema schema() {
    settle();
    return schema;
  }

  /** The schema's version, as a node's stub Connect sees it. */
  String schemaVersion() {
    return schema.version().toString();
  }

  void schemaCheckWithin(Duration within) {
    if (within.isNegative()) {
      throw new IllegalArgumentException("a delay cannot be " + within);
    }
    this.schemaCheckWithin = within;
  }

  /** How long {@code node} takes to shut down once the schema is newer than its Connect. */
  Duration schemaShutdownDelay(SimNode node) {
    if (node.schemaShutdownDelay != null) {
      return node.schemaShutdownDelay;
    }
    int index = Math.max(0, nodes.indexOf(node));
    return schemaCheckWithin.multipliedBy(index + 1).dividedBy(Math.max(1, nodes.size()));
  }

  /** Breaches of "no old Connect runs after the first new one started" so far. */
  List<String> violations() {
    settle();
    return schema.violations(Instant.now());
  }

  /**
   * Brings the simulated nodes up to now: a node whose Connect is older than the schema shuts down
   * once its delay after the migration (or after its own start, if later) has passed, at that
   * moment; and a service state a test set directly is logged as a start or stop now.
   */
  void settle() {
    synchronized (nodeLock) {
      Instant now = Instant.now();
      for (SimNode node : nodes) {
        reconcile(node, now);
        ConnectVersion current = version(node);
        if (!node.serviceActive || current == null || !schema.version().isNewerThan(current)) {
          continue;
        }
        Instant since = schema.lastMigration().map(ConnectSchema.Migration::at).orElse(now);
        Instant started = schema.running(node.instanceId).map(ConnectSchema.ServiceEvent::at).orElse(since);
        Instant down = (started.isAfter(since) ? started : since).plus(schemaShutdownDelay(node));
        if (!now.isBefore(down)) {
          node.serviceActive = false;
          node.serviceFailed = true;
          node.journal.add("rstudio-connect: the database schema is from Connect " + schema.version()
              + ", newer than this Connect (" + current + "): shutting down");
          schema.record(new ConnectSchema.ServiceEvent(down, node.instanceId, ConnectSchema.Kind.SHUTDOWN, current));
        }
      }
    }
  }

  /** Settles the nodes, then runs {@code action} with no other script or check in between. */
  <T> T settled(Supplier<T> action) {
    synchronized (nodeLock) {
      settle();
      return action.get();
    }
  }

  /** Logs a service state that changed outside the documents (a test set it) as a start or stop now. */
  private void reconcile(SimNode node, Instant now) {
    boolean logged = schema.running(node.instanceId).isPresent();
    boolean running = node.serviceActive && node.connectVersion != null;
    if (logged && !running) {
      schema.record(new ConnectSchema.ServiceEvent(now, node.instanceId, ConnectSchema.Kind.STOP,
          schema.running(node.instanceId).get().version()));
    } else if (!logged && running) {
      schema.record(new ConnectSchema.ServiceEvent(now, node.instanceId, ConnectSchema.Kind.START, version(node)));
    }
  }

  /** The starts and stops a script made on {@code node}, into the schema's log (a newer start migrates). */
  void record(SimNode node, List<NodeRoot.Event> events) {
    for (NodeRoot.Event event : events) {
      ConnectSchema.Kind kind = switch (event.kind()) {
        case "start" -> ConnectSchema.Kind.START;
        case "refused" -> ConnectSchema.Kind.REFUSED;
        default -> ConnectSchema.Kind.STOP;
      };
      schema.record(new ConnectSchema.ServiceEvent(event.at(), node.instanceId, kind, ConnectVersion.parse(event.version())));
    }
  }

  private static ConnectVersion version(SimNode node) {
    return node.connectVersion == null ? null : ConnectVersion.parse(node.connectVersion);
  }
}
