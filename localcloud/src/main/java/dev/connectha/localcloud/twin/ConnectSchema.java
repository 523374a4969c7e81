package dev.connectha.localcloud.twin;

import dev.connectha.model.ConnectVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The twin's metadata database schema and the log of every Connect service start and stop on the
 * cluster's nodes, with the checks of Posit's upgrade rule (DESIGN.md rule 8).
 *
 * <p>The schema's version is that of the newest Connect that started against the database (seeded
 * as the cluster's version). A start of a newer Connect migrates it. A start of an older one is
 * refused by Connect itself, and is still a violation: the control plane must never try it. A
 * Connect left running on an older version when the schema migrates shuts itself down within
 * {@link #SHUTDOWN_WITHIN}; one that runs longer is a violation too. Pure: times are given, nothing
 * here reads a clock.
 */
public final class ConnectSchema {
  /** How long an old Connect may keep running after the schema it runs against migrated (Posit: 30 s). */
  public static final Duration SHUTDOWN_WITHIN = Duration.ofSeconds(30);

  /** What happened to a node's service. */
  public enum Kind {
    /** Connect started (and, if newer than the schema, migrated it). */
    START,
    /** An older Connect was started against a newer schema; it refused to run (systemd: failed). */
    REFUSED,
    /** Connect was stopped. */
    STOP,
    /** Connect found the schema newer than itself and shut down. */
    SHUTDOWN
  }

  /** One start or stop of Connect on a node. */
  public record ServiceEvent(Instant at, String instanceId, Kind kind, ConnectVersion version) {
    @Override
    public String toString() {
      return at + " " + instanceId + " " + kind.name().toLowerCase() + " " + version;
    }
  }

  /** The schema moved from {@code from} to {@code to} when {@code instanceId} started Connect {@code to}. */
  public record Migration(Instant at, String instanceId, ConnectVersion from, ConnectVersion to) {}

  private ConnectVersion version;
  private final List<ServiceEvent> events = new ArrayList<>();
  private final List<Migration> migrations = new ArrayList<>();

  public ConnectSchema(ConnectVersion seeded) {
    reset(seeded);
  }

  /** A fresh database at {@code seeded}, with no history. */
  public synchronized void reset(ConnectVersion seeded) {
    version = seeded;
    events.clear();
    migrations.clear();
  }

  /** The schema's version: the newest Connect that started against the database. */
  public synchronized ConnectVersion version() {
    return version;
  }

  public synchronized List<Migration> migrations() {
    return List.copyOf(migrations);
  }

  public synchronized Optional<Migration> lastMigration() {
    return migrations.isEmpty() ? Optional.empty() : Optional.of(migrations.get(migrations.size() - 1));
  }

  /** Every event, in time order. */
  public synchronized List<ServiceEvent> events() {
    return events.stream().sorted(Comparator.comparing(ServiceEvent::at)).toList();
  }

  /** Records {@code event}; a start of a Connect newer than the schema migrates it. */
  public synchronized void record(ServiceEvent event) {
    events.add(event);
    if (event.kind() == Kind.START && event.version().isNewerThan(version)) {
      migrations.add(new Migration(event.at(), event.instanceId(), version, event.version()));
      version = event.version();
    }
  }

  /** The node's Connect version and since when, if the log says it runs; empty if it does not. */
  public synchronized Optional<ServiceEvent> running(String instanceId) {
    ServiceEvent last = null;
    for (ServiceEvent e : events()) {
      if (e.instanceId().equals(instanceId)) {
        last = e;
      }
    }
    return last != null && last.kind() == Kind.START ? Optional.of(last) : Optional.empty();
  }

  /**
   * Every breach of "no old Connect runs after the first new one started", as of {@code now}: an
   * older Connect started after a migration (even though it refused to run), or an older Connect
   * that was running at a migration and still ran {@link #SHUTDOWN_WITHIN} later. Readable, one per
   * breach, migration by migration.
   */
  public synchronized List<String> violations(Instant now) {
    List<ServiceEvent> log = events();
    List<String> violations = new ArrayList<>();
    for (Migration m : migrations) {
      String migration = "the schema migrated to " + m.to() + " at " + m.at() + " (by " + m.instanceId() + ")";
      for (ServiceEvent e : log) {
        if ((e.kind() == Kind.START || e.kind() == Kind.REFUSED) && e.at().isAfter(m.at()) && m.to().isNewerThan(e.version())) {
          violations.add(e.instanceId() + " started Connect " + e.version() + " at " + e.at() + " after " + migration
              + (e.kind() == Kind.REFUSED ? "; Connect refused to run against the newer schema" : ""));
        }
      }
      Map<String, ServiceEvent> runningAtMigration = new LinkedHashMap<>();
      for (ServiceEvent e : log) {
        if (e.at().isAfter(m.at())) {
          break;
        }
        if (e.kind() == Kind.START) {
          runningAtMigration.put(e.instanceId(), e);
        } else {
          runningAtMigration.remove(e.instanceId());
        }
      }
      Instant limit = m.at().plus(SHUTDOWN_WITHIN);
      Map<String, Instant> stopped = new HashMap<>();
      for (ServiceEvent e : log) {
        if (!e.at().isBefore(m.at()) && (e.kind() == Kind.STOP || e.kind() == Kind.SHUTDOWN)) {
          stopped.putIfAbsent(e.instanceId(), e.at());
        }
      }
      runningAtMigration.values().stream().filter(e -> m.to().isNewerThan(e.version())).forEach(e -> {
        Instant end = stopped.get(e.instanceId());
        if (end == null && now.isAfter(limit)) {
          violations.add(e.instanceId() + " still runs Connect " + e.version() + ", more than " + SHUTDOWN_WITHIN.toSeconds()
              + " s after " + migration);
        } else if (end != null && end.isAfter(limit)) {
          violations.add(e.instanceId() + " ran Connect " + e.version() + " until " + end + ", "
              + Duration.between(m.at(), end).toSeconds() + " s after " + migration + " (at most "
              + SHUTDOWN_WITHIN.toSeconds() + " s)");
        }
      });
    }
    return violations;
  }
}
