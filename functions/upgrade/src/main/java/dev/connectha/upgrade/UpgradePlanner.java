package dev.connectha.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.config.DocumentKind;
import dev.connectha.ports.ClusterRegistry;
import dev.connectha.ports.LearnedStates;
import dev.connectha.ports.NodeCommands;
import dev.connectha.ports.NodeCommands.CommandResult;
import dev.connectha.ports.NodeDirectory;
import dev.connectha.ports.PackageCatalog;
import dev.connectha.config.Config;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.json.Json;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.Node;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.inject.Inject;

/**
 * The upgrade's plan, made read-only: each running node's installed version (the
 * {@code <stack>-ConnectStatus} document), no downgrade below any node's version or the version the
 * database schema is at (learned, else registered: that is a restore), no mixed versions
 * unless the input converges them, and the target's package published at the cluster's package
 * source. Any refusal is a named error before a node is touched.
 *
 * <p>The topology decides the workflow: a cluster of the eks topology is refused here (its Connect is
 * a Kubernetes workload, upgraded by upgrade-eks), and upgrade-eks, which passes the workload as
 * RunWorkloadCommand read it, is planned by {@link #planEks} (an ec2 cluster refused there).
 */
public final class UpgradePlanner {
  private final ClusterRegistry registry;
  private final LearnedStates learned;
  private final NodeDirectory directory;
  private final NodeCommands commands;
  private final PackageCatalog packages;
  private final Config config;

  @Inject
  public UpgradePlanner(ClusterRegistry registry, LearnedStates learned, NodeDirectory directory, NodeCommands commands, PackageCatalog packages,
      Config config) {
    this.registry = registry;
    this.learned = learned;
    this.directory = directory;
    this.commands = commands;
    this.packages = packages;
    this.config = config;
  }

  public UpgradePlan plan(UpgradeInput input) {
    ConnectVersion target = input.target();
    ClusterDocument doc = registry.load(input.cluster());
    if (input.workload() != null) {
      return planEks(doc, input);
    }
    if (doc.onEks()) {
      throw new PreconditionFailedException("cluster " + doc.name() + " has topology eks: its Connect is a Kubernetes"
          + " workload, not nodes; upgrade it with the upgrade-eks workflow (<stack>-upgrade-eks,"
          + " or connectha upgrade)");
    }
    ConnectVersion schema = learned.versionsOf(doc).schemaVersion();
    if (schema.isNewerThan(target)) {
      throw new InvalidInputException("the database schema of cluster " + doc.name() + " is at " + schema
          + ", newer than " + target + ": going back is a restore from a backup set, not an upgrade");
    }
    List<String> running = directory.nodesOf(doc.name()).stream().filter(Node::running).map(Node::instanceId).toList();
    if (running.isEmpty()) {
      throw new PreconditionFailedException("cluster " + doc.name() + " has no running node to upgrade");
    }
    Map<String, ConnectVersion> versions = versions(running, input.options().pollSeconds());
    for (var e : versions.entrySet()) {
      if (e.getValue().isNewerThan(target)) {
        throw new InvalidInputException("node " + e.getKey() + " runs " + e.getValue() + ", newer than " + target
            + ": going back is a restore from a backup set, not an upgrade");
      }
    }
    var distinct = new TreeSet<>(versions.values());
    if (distinct.size() > 1 && !input.options().convergeMixedVersions()) {
      throw new PreconditionFailedException("nodes run different versions " + versions
          + ": set options.convergeMixedVersions to upgrade them all to " + target);
    }
    List<String> behind = versions.entrySet().stream().filter(e -> !e.getValue().equals(target)).map(Map.Entry::getKey)
        .toList();
    if (behind.isEmpty()) {
      throw new PreconditionFailedException("every node already runs " + target);
    }
    if (!packages.available(doc.packageSource(), target)) {
      throw new PreconditionFailedException("Connect " + target + " is not published at " + doc.packageSource());
    }
    String first = behind.get(0);
    List<String> rest = new ArrayList<>(running);
    rest.remove(first);
    UpgradeInput.Options options = input.options();
    if (distinct.size() > 1 && !options.acceptFindings().contains("same-version")) {
      // converging mixed versions: preflight's same-version rule fails by definition
      List<String> accepted = new ArrayList<>(options.acceptFindings());
      accepted.add("same-version");
      options = new UpgradeInput.Options(accepted, true, options.restorePoint(), options.maintenancePage(),
          options.concurrency(), options.retryBudget(), options.pollSeconds());
    }
    // never put back a version older than the schema (a halted upgrade may have migrated it)
    ConnectVersion previous = schema.isNewerThan(versions.get(first)) ? schema : versions.get(first);
    return new UpgradePlan(doc.name(), target.toString(), previous.toString(), running, first, rest, options);
  }

  /** One RunWorkloadCommand call waits at most this long for its pods (the function's own limit). */
  static final int MAX_WAIT_SECONDS = 45;

  /**
   * upgrade-eks's plan, from the workload as RunWorkloadCommand read it: the same target checks as the
   * rolling upgrade (no version below the schema's or the workload's: that is a restore; not the
   * version it runs), the replicas to come back to (the workload's, else the document's
   * {@code desiredNodes} when something left it at 0), and the version a recovery puts back (the
   * workload's, or the schema's if that is newer). Options that act on nodes or the load balancer
   * are refused rather than ignored.
   */
  UpgradePlan planEks(ClusterDocument doc, UpgradeInput input) {
    if (!doc.onEks()) {
      throw new PreconditionFailedException("cluster " + doc.name() + " has topology ec2: its Connect runs on nodes;"
          + " upgrade it with the rolling-upgrade workflow (<stack>-rolling-upgrade)");
    }
    UpgradeInput.Options options = input.options();
    if (options.restorePoint().equals("online")) {
      throw new InvalidInputException("options.restorePoint must be cold or skip on eks: the restore point is taken"
          + " while no pod runs, and costs no more downtime than the scale-down already does");
    }
    if (options.maintenancePage()) {
      throw new InvalidInputException("options.maintenancePage is not available on eks: the AWS Load Balancer"
          + " Controller owns the listener rules");
    }
    ConnectVersion target = input.target();
    ConnectVersion schema = learned.versionsOf(doc).schemaVersion();
    if (schema.isNewerThan(target)) {
      throw new InvalidInputException("the database schema of cluster " + doc.name() + " is at " + schema
          + ", newer than " + target + ": going back is a restore from a backup set, not an upgrade");
    }
    UpgradeInput.Workload workload = input.workload();
    if (workload.version() == null) {
      throw new PreconditionFailedException("the Connect image tag of cluster " + doc.name() + " ("
          + workload.imageTag() + ") carries no Connect version: the target's tag cannot be made in its form");
    }
    ConnectVersion running = ConnectVersion.parse(workload.version());
    if (running.isNewerThan(target)) {
      throw new InvalidInputException("the workload of cluster " + doc.name() + " runs " + running + ", newer than "
          + target + ": going back is a restore from a backup set, not an upgrade");
    }
    if (running.equals(target)) {
      throw new PreconditionFailedException("the workload of cluster " + doc.name() + " already runs " + target);
    }
    int replicas = workload.replicas() > 0 ? workload.replicas() : doc.desiredNodes();
    if (replicas < 1) {
      throw new PreconditionFailedException("cluster " + doc.name() + " serves with no replica: nothing to upgrade");
    }
    int waitSeconds = Math.min(MAX_WAIT_SECONDS, options.readyWithinSeconds());
    // the step's own call (a scale) waits first; these are the status calls after it
    int waitCalls = (options.readyWithinSeconds() + waitSeconds - 1) / waitSeconds - 1;
    ConnectVersion previous = schema.isNewerThan(running) ? schema : running;
    return new UpgradePlan(doc.name(), target.toString(), previous.toString(), List.of(), null, List.of(), options,
        new UpgradePlan.Eks(replicas, workload.imageTag(), waitSeconds, waitCalls));
  }

  private Map<String, ConnectVersion> versions(List<String> nodes, int pollSeconds) {
    Map<String, ConnectVersion> versions = new TreeMap<>();
    for (CommandResult r : commands.run(config.documentName(DocumentKind.CONNECT_STATUS), nodes, Duration.ofSeconds(pollSeconds),
        config.commandTimeout())) {
      String version = null;
      if (r.succeeded()) {
        try {
          JsonNode printed = Json.MAPPER.readTree(r.stdout() == null ? "" : r.stdout());
          version = printed == null ? null : printed.path("connectVersion").asText(null);
        } catch (IOException e) {
          version = null;
        }
      }
      if (version == null) {
        throw new PreconditionFailedException("cannot read the Connect version of node " + r.instanceId() + " ("
            + r.status() + "): every node must answer before an upgrade");
      }
      versions.put(r.instanceId(), ConnectVersion.parse(version));
    }
    return versions;
  }
}
