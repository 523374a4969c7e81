package dev.connectha.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a function reads from its environment, read once. On AWS the variables come from
 * template.yaml (and the Lambda runtime); on the local cloud the gateway passes each function the
 * same variables, resolved from the template, plus {@code AWS_ENDPOINT_URL}.
 *
 * @param region             AWS_REGION
 * @param endpointOverride   AWS_ENDPOINT_URL, the SDK's standard override (absent on AWS)
 * @param credentials        AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN when set
 * @param clusterPrefix      CLUSTER_PARAMETER_PREFIX, where cluster documents live in SSM
 * @param learnedPrefix      LEARNED_PARAMETER_PREFIX, where the control plane keeps what it learned
 *                           about each cluster (its versions) in SSM, apart from the stack's documents
 * @param lockTable          LOCK_TABLE_NAME, the cluster locks (hash key {@code cluster})
 * @param backupSetTable     BACKUP_SET_TABLE_NAME, the backup set records (hash {@code cluster}, range {@code setId})
 * @param nodeFactsDocument  NODE_FACTS_DOCUMENT, the SSM document that gathers node facts
 * @param stopConnectDocument   STOP_CONNECT_DOCUMENT, the SSM document that stops Connect on a node
 * @param startConnectDocument  START_CONNECT_DOCUMENT, the SSM document that starts Connect and waits for /__ping__
 * @param connectStatusDocument CONNECT_STATUS_DOCUMENT, the SSM document that reads Connect's state on a node
 * @param stageConnectDocument  STAGE_CONNECT_DOCUMENT, the SSM document that downloads a Connect package to a node's cache
 * @param installConnectDocument INSTALL_CONNECT_DOCUMENT, the SSM document that installs a staged package on a stopped node
 * @param bootstrapNodeDocument BOOTSTRAP_NODE_DOCUMENT, the SSM document that prepares a launched node for Connect
 * @param deactivateLicenseDocument DEACTIVATE_LICENSE_DOCUMENT, the SSM document that deactivates a retiring node's licence
 * @param incidentTable      INCIDENT_TABLE_NAME, remediation's incidents (hash key {@code pk}: cluster#subject)
 * @param remediateStateMachine REMEDIATE_STATE_MACHINE_ARN, what the intake starts for a new incident
 * @param ensureCapacityStateMachine ENSURE_CAPACITY_STATE_MACHINE_ARN, what the intake starts when an AZ recovers
 * @param commandTimeout     COMMAND_TIMEOUT_SECONDS, how long to wait for an SSM command
 * @param metricsNamespace   POWERTOOLS_METRICS_NAMESPACE
 */
public record Config(
    String region,
    Optional<URI> endpointOverride,
    Optional<Credentials> credentials,
    String clusterPrefix,
    String learnedPrefix,
    String lockTable,
    String backupSetTable,
    String nodeFactsDocument,
    String stopConnectDocument,
    String startConnectDocument,
    String connectStatusDocument,
    String stageConnectDocument,
    String installConnectDocument,
    String bootstrapNodeDocument,
    String deactivateLicenseDocument,
    String incidentTable,
    String remediateStateMachine,
    String ensureCapacityStateMachine,
    Duration commandTimeout,
    String metricsNamespace) {

  public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {}

  public Config {
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("AWS_REGION is not set");
    }
    if (!clusterPrefix.startsWith("/") || !clusterPrefix.endsWith("/")) {
      throw new IllegalArgumentException("CLUSTER_PARAMETER_PREFIX must start and end with '/': " + clusterPrefix);
    }
    if (!learnedPrefix.startsWith("/") || !learnedPrefix.endsWith("/") || learnedPrefix.equals(clusterPrefix)) {
      throw new IllegalArgumentException("LEARNED_PARAMETER_PREFIX must start and end with '/' and differ from "
          + "CLUSTER_PARAMETER_PREFIX: " + learnedPrefix);
    }
  }

  public static Config fromEnvironment() {
    return from(System.getenv());
  }

  public static Config from(Map<String, String> env) {
    String region = firstSet(env, "AWS_REGION", "AWS_DEFAULT_REGION").orElse(null);
    Optional<URI> endpoint = firstSet(env, "AWS_ENDPOINT_URL").map(URI::create);
    Optional<Credentials> credentials = firstSet(env, "AWS_ACCESS_KEY_ID")
        .map(id -> new Credentials(id, env.getOrDefault("AWS_SECRET_ACCESS_KEY", ""),
            env.get("AWS_SESSION_TOKEN")));
    return new Config(
        region,
        endpoint,
        credentials,
        env.getOrDefault("CLUSTER_PARAMETER_PREFIX", "/connect-ha/clusters/"),
        env.getOrDefault("LEARNED_PARAMETER_PREFIX", "/connect-ha/learned/"),
        env.getOrDefault("LOCK_TABLE_NAME", ""),
        env.getOrDefault("BACKUP_SET_TABLE_NAME", ""),
        env.getOrDefault("NODE_FACTS_DOCUMENT", "ConnectHa-NodeFacts"),
        env.getOrDefault("STOP_CONNECT_DOCUMENT", "ConnectHa-StopConnect"),
        env.getOrDefault("START_CONNECT_DOCUMENT", "ConnectHa-StartConnect"),
        env.getOrDefault("CONNECT_STATUS_DOCUMENT", "ConnectHa-ConnectStatus"),
        env.getOrDefault("STAGE_CONNECT_DOCUMENT", "ConnectHa-StageConnect"),
        env.getOrDefault("INSTALL_CONNECT_DOCUMENT", "ConnectHa-InstallConnect"),
        env.getOrDefault("BOOTSTRAP_NODE_DOCUMENT", "ConnectHa-BootstrapNode"),
        env.getOrDefault("DEACTIVATE_LICENSE_DOCUMENT", "ConnectHa-DeactivateLicense"),
        env.getOrDefault("INCIDENT_TABLE_NAME", ""),
        env.getOrDefault("REMEDIATE_STATE_MACHINE_ARN", ""),
        env.getOrDefault("ENSURE_CAPACITY_STATE_MACHINE_ARN", ""),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("COMMAND_TIMEOUT_SECONDS", "120"))),
        env.getOrDefault("POWERTOOLS_METRICS_NAMESPACE", "ConnectHa"));
  }

  private static Optional<String> firstSet(Map<String, String> env, String... names) {
    for (String name : names) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }
}
