package dev.connectha.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

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
 * @param documentPrefix     NODE_DOCUMENT_PREFIX, what the stack's SSM documents' names start with ({@code <stack>-}):
 *                           {@link #documentName} gives each document's name (empty: not set, and the function can
 *                           name no document)
 * @param incidentTable      INCIDENT_TABLE_NAME, remediation's incidents (hash key {@code pk}: cluster#subject)
 * @param remediateStateMachine REMEDIATE_STATE_MACHINE_ARN, what the intake starts for a new incident
 * @param ensureCapacityStateMachine ENSURE_CAPACITY_STATE_MACHINE_ARN, what the intake starts when an AZ recovers
 * @param preflightStateMachine PREFLIGHT_STATE_MACHINE_ARN, what the scheduled preflight starts for every cluster
 * @param commandTimeout     COMMAND_TIMEOUT_SECONDS, how long to wait for an SSM command
 * @param metricsNamespace   POWERTOOLS_METRICS_NAMESPACE
 * @param dashboards         STACK_NAME, TEMPLATE_CLUSTER_NAME, BACKUP_AGE_ALARM_HOURS: what a cluster's dashboard
 *                           is named after and shows (absent without STACK_NAME: the function puts no dashboard)
 */
public record Config(
    String region,
    Optional<URI> endpointOverride,
    Optional<Credentials> credentials,
    String clusterPrefix,
    String learnedPrefix,
    String lockTable,
    String backupSetTable,
    Optional<String> documentPrefix,
    String incidentTable,
    String remediateStateMachine,
    String ensureCapacityStateMachine,
    String preflightStateMachine,
    Duration commandTimeout,
    String metricsNamespace,
    Optional<DashboardSettings> dashboards) {

  public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {}

  /**
   * @param stack               the stack's name, which dashboards are named after
   * @param templateCluster     the cluster whose dashboard template.yaml declares (the stack owns it)
   * @param backupAgeAlarmHours the backup-age alarm's threshold, drawn on the backup widget
   */
  public record DashboardSettings(String stack, String templateCluster, String backupAgeAlarmHours) {}

  /** What SSM allows in a document's name (3 to 128 of them). */
  private static final Pattern DOCUMENT_NAME_CHARACTERS = Pattern.compile("[A-Za-z0-9_.-]+");
  /** Document name prefixes SSM keeps for AWS's own documents (checked regardless of case). */
  private static final List<String> RESERVED_DOCUMENT_PREFIXES = List.of("aws", "amazon", "amzn");
  private static final int MAX_DOCUMENT_NAME = 128;

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
    documentPrefix.ifPresent(Config::checkDocumentPrefix);
  }

  /**
   * The name of this stack's SSM document of {@code kind}: NODE_DOCUMENT_PREFIX and the kind's
   * suffix, e.g. {@code connect-ha-StopConnect} in the stack {@code connect-ha}.
   *
   * @throws InvalidConfigurationException when NODE_DOCUMENT_PREFIX is not set
   */
  public String documentName(DocumentKind kind) {
    return documentPrefix.orElseThrow(() -> new InvalidConfigurationException("NODE_DOCUMENT_PREFIX is not set, "
        + "so the " + kind.suffix() + " document of this stack cannot be named (template.yaml sets it in Globals to "
        + "\"${AWS::StackName}-\")")) + kind.suffix();
  }

  /** The prefix must leave every document's name one SSM accepts. */
  private static void checkDocumentPrefix(String prefix) {
    if (!DOCUMENT_NAME_CHARACTERS.matcher(prefix).matches()) {
      throw new InvalidConfigurationException("NODE_DOCUMENT_PREFIX may hold only letters, digits, '_', '-' and '.' "
          + "(SSM's rule for document names): '" + prefix + "'");
    }
    String lower = prefix.toLowerCase(Locale.ROOT);
    RESERVED_DOCUMENT_PREFIXES.stream().filter(lower::startsWith).findFirst().ifPresent(reserved -> {
      throw new InvalidConfigurationException("NODE_DOCUMENT_PREFIX starts with '" + reserved
          + "', which SSM reserves for AWS's own documents: '" + prefix + "'");
    });
    if (prefix.length() + DocumentKind.longestSuffix() > MAX_DOCUMENT_NAME) {
      throw new InvalidConfigurationException("NODE_DOCUMENT_PREFIX is " + prefix.length() + " characters long; SSM "
          + "names are at most " + MAX_DOCUMENT_NAME + ", so it may be at most "
          + (MAX_DOCUMENT_NAME - DocumentKind.longestSuffix()) + ": '" + prefix + "'");
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
        firstSet(env, "NODE_DOCUMENT_PREFIX"),
        env.getOrDefault("INCIDENT_TABLE_NAME", ""),
        env.getOrDefault("REMEDIATE_STATE_MACHINE_ARN", ""),
        env.getOrDefault("ENSURE_CAPACITY_STATE_MACHINE_ARN", ""),
        env.getOrDefault("PREFLIGHT_STATE_MACHINE_ARN", ""),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("COMMAND_TIMEOUT_SECONDS", "120"))),
        env.getOrDefault("POWERTOOLS_METRICS_NAMESPACE", "ConnectHa"),
        firstSet(env, "STACK_NAME").map(stack -> new DashboardSettings(stack, env.getOrDefault("TEMPLATE_CLUSTER_NAME", ""),
            env.getOrDefault("BACKUP_AGE_ALARM_HOURS", "26"))));
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
