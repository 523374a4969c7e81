package dev.connectha.upgrade;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.ClusterName;
import dev.connectha.model.ConnectVersion;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The upgrade's input, checked before anything changes.
 *
 * @param cluster       the registered cluster
 * @param targetVersion the Connect version to upgrade to (newer than every node)
 * @param options       how to upgrade (defaults below)
 * @param workload      upgrade-eks only: the Connect workload as RunWorkloadCommand read it (absent: the
 *                      rolling upgrade of an ec2 cluster's nodes)
 * @param executionId   the Step Functions execution, used as the log correlation id
 */
public record UpgradeInput(String cluster, String targetVersion, Options options, Workload workload, String executionId) {

  /**
   * An eks cluster's Connect workload as it is before the upgrade.
   *
   * @param replicas the replicas it asks for (0 when something left it scaled down)
   * @param version  the Connect version its image tag carries (null: a tag that carries none)
   * @param imageTag its Connect container's tag
   */
  public record Workload(Integer replicas, String version, String imageTag) {
    public Workload {
      if (replicas == null || replicas < 0) {
        throw new InvalidInputException("workload.replicas must be 0 or more: " + replicas);
      }
    }
  }

  /** The rolling upgrade's input (an ec2 cluster's nodes). */
  public UpgradeInput(String cluster, String targetVersion, Options options, String executionId) {
    this(cluster, targetVersion, options, null, executionId);
  }

  /**
   * @param acceptFindings        failing preflight rules accepted by name (reported, not blocking)
   * @param convergeMixedVersions upgrade a cluster whose nodes run different versions (default: refuse)
   * @param restorePoint          {@code cold} (default: a backup set while every node is stopped),
   *                              {@code online} (before stopping), or {@code skip} (no restore point)
   * @param maintenancePage       a fixed 503 page on the load balancer during the downtime
   * @param concurrency           nodes after the first upgraded at a time (0 = all at once)
   * @param retryBudget           forward retries per node after the first new-version start (0-5, default 1)
   * @param pollSeconds           polling interval of every wait (1-60, default 5)
   * @param readyWithinSeconds    upgrade-eks: how long pods may take to be gone or ready, per step (10-7200, default
   *                              900: the first pod migrates the schema)
   */
  public record Options(List<String> acceptFindings, Boolean convergeMixedVersions, String restorePoint,
      Boolean maintenancePage, Integer concurrency, Integer retryBudget, Integer pollSeconds, Integer readyWithinSeconds) {
    private static final Set<String> RESTORE_POINTS = Set.of("cold", "online", "skip");

    public Options {
      acceptFindings = List.copyOf(Objects.requireNonNullElse(acceptFindings, List.of()));
      convergeMixedVersions = Boolean.TRUE.equals(convergeMixedVersions);
      restorePoint = Objects.requireNonNullElse(restorePoint, "cold");
      if (!RESTORE_POINTS.contains(restorePoint)) {
        throw new InvalidInputException("options.restorePoint must be cold, online or skip: '" + restorePoint + "'");
      }
      maintenancePage = Boolean.TRUE.equals(maintenancePage);
      concurrency = Objects.requireNonNullElse(concurrency, 0);
      if (concurrency < 0 || concurrency > 100) {
        throw new InvalidInputException("options.concurrency must be between 0 (all) and 100: " + concurrency);
      }
      retryBudget = Objects.requireNonNullElse(retryBudget, 1);
      if (retryBudget < 0 || retryBudget > 5) {
        throw new InvalidInputException("options.retryBudget must be between 0 and 5: " + retryBudget);
      }
      pollSeconds = Objects.requireNonNullElse(pollSeconds, 5);
      if (pollSeconds < 1 || pollSeconds > 60) {
        throw new InvalidInputException("options.pollSeconds must be between 1 and 60: " + pollSeconds);
      }
      readyWithinSeconds = Objects.requireNonNullElse(readyWithinSeconds, 900);
      if (readyWithinSeconds < 10 || readyWithinSeconds > 7200) {
        throw new InvalidInputException("options.readyWithinSeconds must be between 10 and 7200: " + readyWithinSeconds);
      }
    }

    /** The rolling upgrade's options (readyWithinSeconds is upgrade-eks's). */
    public Options(List<String> acceptFindings, Boolean convergeMixedVersions, String restorePoint,
        Boolean maintenancePage, Integer concurrency, Integer retryBudget, Integer pollSeconds) {
      this(acceptFindings, convergeMixedVersions, restorePoint, maintenancePage, concurrency, retryBudget, pollSeconds,
          null);
    }

    static Options defaults() {
      return new Options(null, null, null, null, null, null, null, null);
    }
  }

  public UpgradeInput {
    ClusterName.require(cluster);
    ConnectVersion.parse(targetVersion);
    options = options == null ? Options.defaults() : options;
  }

  public ConnectVersion target() {
    return ConnectVersion.parse(targetVersion);
  }
}
