package dev.connectha.workloads;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.BackupSet;
import dev.connectha.model.ClusterName;
import dev.connectha.model.ConnectVersion;
import java.util.Set;

/**
 * What RunWorkloadCommand is asked to do to an eks-topology cluster's Connect workload.
 *
 * @param cluster        the registered cluster's name (its document has {@code topology: eks})
 * @param action         {@code status} (read; with a goal, wait for it), {@code scale} (set the replicas, then
 *                       wait for them), {@code setVersion} (the Connect image at {@code version}; with
 *                       {@code replicas}, then those replicas, waiting for them ready on {@code version}),
 *                       {@code configuration} (the ConfigMap and the Helm release, by digest: never their contents),
 *                       {@code preflightFacts} (what the EKS preflight checks; read-only, see {@link PreflightFactsReader})
 *                       or {@code keepConfiguration} (store both with backup set {@code setId}; see
 *                       {@link ConfigurationKeeper})
 * @param replicas       {@code scale}: the replicas to set (0 to {@value #MAX_REPLICAS}); {@code setVersion}:
 *                       the replicas to set once the image is (optional: one step, one wait); {@code status}: a goal
 *                       to wait for (optional). The goal is met when that many pods exist and are ready (0: no pod)
 * @param version        {@code setVersion} only (required there): the Connect version, {@code YYYY.MM.PATCH}
 * @param expectVersion  {@code status} and {@code scale} (optional): a ready pod on another version does not count
 * @param pollSeconds    the workflow's poll interval (default 5; 0 to 60): the API is read four times as often
 * @param timeoutSeconds the longest wait for the goal in this call (default 45; 0 to 45; the workflow loops longer)
 * @param executionId    the Step Functions execution, for the logs
 * @param setId          {@code keepConfiguration} only (required there): the backup set that keeps the configuration
 */
public record RunWorkloadCommandInput(String cluster, String action, Integer replicas, String version,
    String expectVersion, Integer pollSeconds, Integer timeoutSeconds, String executionId, String setId) {
  static final int MAX_REPLICAS = 50;
  private static final Set<String> ACTIONS = Set.of("status", "scale", "setVersion", "configuration",
      "preflightFacts", ConfigurationKeeper.ACTION);

  public RunWorkloadCommandInput {
    ClusterName.require(cluster);
    if (action == null || !ACTIONS.contains(action)) {
      throw new InvalidInputException("action must be one of status, scale, setVersion, configuration, preflightFacts, "
          + ConfigurationKeeper.ACTION + ", not "
          + (action == null ? "(missing)" : "'" + action + "'"));
    }
    if (action.equals("scale") && replicas == null) {
      throw new InvalidInputException("scale needs replicas");
    }
    if (replicas != null && !(action.equals("scale") || action.equals("status") || action.equals("setVersion"))) {
      throw new InvalidInputException("replicas is for scale, setVersion and status only, not " + action);
    }
    if (replicas != null && (replicas < 0 || replicas > MAX_REPLICAS)) {
      throw new InvalidInputException("replicas must be 0 to " + MAX_REPLICAS + ", not " + replicas);
    }
    if (action.equals("setVersion") != (version != null)) {
      throw new InvalidInputException(action.equals("setVersion") ? "setVersion needs version"
          : "version is for setVersion only, not " + action);
    }
    if (version != null) {
      ConnectVersion.parse(version);
    }
    if (expectVersion != null) {
      if (!(action.equals("scale") || action.equals("status"))) {
        throw new InvalidInputException("expectVersion is for scale and status only, not " + action);
      }
      ConnectVersion.parse(expectVersion);
    }
    if (action.equals(ConfigurationKeeper.ACTION) != (setId != null)) {
      throw new InvalidInputException(setId == null ? ConfigurationKeeper.ACTION + " needs setId"
          : "setId is for " + ConfigurationKeeper.ACTION + " only, not " + action);
    }
    if (setId != null) {
      BackupSet.requireSetId(setId);
    }
    pollSeconds = pollSeconds == null ? 5 : pollSeconds;
    if (pollSeconds < 0 || pollSeconds > 60) {
      throw new InvalidInputException("pollSeconds must be 0 to 60, not " + pollSeconds);
    }
    timeoutSeconds = timeoutSeconds == null ? 45 : timeoutSeconds;
    if (timeoutSeconds < 0 || timeoutSeconds > 45) {
      throw new InvalidInputException("timeoutSeconds must be 0 to 45, not " + timeoutSeconds);
    }
  }

  /** Any action but {@code keepConfiguration} (no backup set). */
  public RunWorkloadCommandInput(String cluster, String action, Integer replicas, String version, String expectVersion,
      Integer pollSeconds, Integer timeoutSeconds, String executionId) {
    this(cluster, action, replicas, version, expectVersion, pollSeconds, timeoutSeconds, executionId, null);
  }

  /** Whether this call waits for pods: a scale always does, a setVersion that scales, a status that names a goal. */
  boolean hasGoal() {
    return action.equals("scale") || (action.equals("setVersion") && replicas != null)
        || (action.equals("status") && (replicas != null || expectVersion != null));
  }
}
