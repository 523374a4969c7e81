package dev.connectha.model;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.json.IntegerFromText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A cluster as registered in SSM Parameter Store under {@code /connect-ha/clusters/<name>}.
 *
 * @param name            the cluster's name (also the value of the {@code connect-ha:cluster} tag)
 * @param targetGroupArn  the ALB target group the nodes serve from; null for a single server without ALB
 * @param dbInstanceId    the RDS PostgreSQL instance (null when {@code dbClusterId} names an Aurora cluster)
 * @param dbClusterId     the Aurora PostgreSQL cluster, if the database is Aurora
 * @param fileSystemId    the EFS file system holding Server.DataDir
 * @param launchTemplateId launch template for new nodes
 * @param subnetsByAz     one subnet per Availability Zone the cluster may use
 * @param backupVault     AWS Backup vault for EFS backups
 * @param backupRoleArn   IAM role AWS Backup assumes
 * @param packageSource   where Connect packages come from (URL prefix or repository)
 * @param desiredNodes    how many nodes should serve
 * @param connectVersion  the version new nodes are launched with
 * @param dataDir         where every node mounts the file system: {@code Server.DataDir}
 *                        (default {@value #DEFAULT_DATA_DIR})
 * @param configParameter the SSM parameter (String or SecureString) holding the shared
 *                        {@code rstudio-connect.gcfg}; new nodes need it
 * @param dbPasswordSecretId the Secrets Manager secret (name or ARN) holding the database password,
 *                        a plain string or JSON with a {@code password} field; read on the node only
 * @param licenseKeySecretId the Secrets Manager secret holding the licence key (none: not activated
 *                        by the control plane); read on the node only
 * @param connectUid      the {@code rstudio-connect} user's UID on every node; in the document a
 *                        number, or decimal digits in a string ("" for not set), as the template's
 *                        {@code !Sub} of its String parameter writes it ({@link IntegerFromText})
 * @param connectGid      the {@code rstudio-connect} group's GID on every node (as {@code connectUid})
 * @param runAsAccounts   further accounts Connect runs content as, with their UID/GID (never null)
 * @param minHealthy      nodes that must stay healthy: retiring below it is refused (default 1)
 * @param zonalShift      whether remediation shifts the load balancer away from an impaired zone (default: never)
 * @param topology        {@code ec2} (default: Connect on instances) or {@code eks} (Connect as a workload on EKS)
 * @param eks             for the eks topology, where the workload is; required there, refused for ec2
 */
public record ClusterDocument(
    String name,
    String targetGroupArn,
    String dbInstanceId,
    String dbClusterId,
    String fileSystemId,
    String launchTemplateId,
    Map<String, String> subnetsByAz,
    String backupVault,
    String backupRoleArn,
    String packageSource,
    int desiredNodes,
    ConnectVersion connectVersion,
    String dataDir,
    String configParameter,
    String dbPasswordSecretId,
    String licenseKeySecretId,
    @JsonDeserialize(using = IntegerFromText.class) Integer connectUid,
    @JsonDeserialize(using = IntegerFromText.class) Integer connectGid,
    List<RunAsAccount> runAsAccounts,
    Integer minHealthy,
    ZonalShiftPolicy zonalShift,
    Topology topology,
    EksPlacement eks) {

  /** Connect's own default {@code Server.DataDir}. */
  public static final String DEFAULT_DATA_DIR = "/var/lib/rstudio-connect";
  /** An absolute path of plain names: no {@code .}/{@code ..} step, no trailing slash, nothing a shell would expand. */
  public static final String DATA_DIR_PATTERN = "/[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*";
  /** An SSM parameter name as SSM allows it. */
  public static final String PARAMETER_NAME_PATTERN = "/?[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*";
  /** A Secrets Manager SecretId: a secret's name or ARN. */
  public static final String SECRET_ID_PATTERN = "[A-Za-z0-9/_+=.@:-]{1,2048}";
  /** The Connect service account bootstrap creates with {@code connectUid}/{@code connectGid}. */
  public static final String CONNECT_ACCOUNT = "rstudio-connect";

  private static final Pattern DATA_DIR = Pattern.compile(DATA_DIR_PATTERN);
  private static final Pattern PARAMETER_NAME = Pattern.compile(PARAMETER_NAME_PATTERN);
  private static final Pattern SECRET_ID = Pattern.compile(SECRET_ID_PATTERN);

  /** A document registered before provisioning: the node fields at their defaults or unset. */
  public ClusterDocument(String name, String targetGroupArn, String dbInstanceId, String dbClusterId, String fileSystemId,
      String launchTemplateId, Map<String, String> subnetsByAz, String backupVault, String backupRoleArn,
      String packageSource, int desiredNodes, ConnectVersion connectVersion) {
    this(name, targetGroupArn, dbInstanceId, dbClusterId, fileSystemId, launchTemplateId, subnetsByAz, backupVault,
        backupRoleArn, packageSource, desiredNodes, connectVersion, null, null, null, null, null, null, null, null, null,
        Topology.EC2, null);
  }

  /** A document without a zonal shift policy (remediation never shifts traffic). */
  public ClusterDocument(String name, String targetGroupArn, String dbInstanceId, String dbClusterId, String fileSystemId,
      String launchTemplateId, Map<String, String> subnetsByAz, String backupVault, String backupRoleArn,
      String packageSource, int desiredNodes, ConnectVersion connectVersion, String dataDir, String configParameter,
      String dbPasswordSecretId, String licenseKeySecretId, Integer connectUid, Integer connectGid,
      List<RunAsAccount> runAsAccounts, Integer minHealthy) {
    this(name, targetGroupArn, dbInstanceId, dbClusterId, fileSystemId, launchTemplateId, subnetsByAz, backupVault,
        backupRoleArn, packageSource, desiredNodes, connectVersion, dataDir, configParameter, dbPasswordSecretId,
        licenseKeySecretId, connectUid, connectGid, runAsAccounts, minHealthy, null, Topology.EC2, null);
  }

  /** A document of the ec2 topology. */
  public ClusterDocument(String name, String targetGroupArn, String dbInstanceId, String dbClusterId, String fileSystemId,
      String launchTemplateId, Map<String, String> subnetsByAz, String backupVault, String backupRoleArn,
      String packageSource, int desiredNodes, ConnectVersion connectVersion, String dataDir, String configParameter,
      String dbPasswordSecretId, String licenseKeySecretId, Integer connectUid, Integer connectGid,
      List<RunAsAccount> runAsAccounts, Integer minHealthy, ZonalShiftPolicy zonalShift) {
    this(name, targetGroupArn, dbInstanceId, dbClusterId, fileSystemId, launchTemplateId, subnetsByAz, backupVault,
        backupRoleArn, packageSource, desiredNodes, connectVersion, dataDir, configParameter, dbPasswordSecretId,
        licenseKeySecretId, connectUid, connectGid, runAsAccounts, minHealthy, zonalShift, Topology.EC2, null);
  }

  public ClusterDocument {
    ClusterName.require(name);
    if ((dbInstanceId == null) == (dbClusterId == null)) {
      throw new InvalidInputException("cluster " + name + ": set exactly one of dbInstanceId, dbClusterId");
    }
    if (fileSystemId == null || fileSystemId.isBlank()) {
      throw new InvalidInputException("cluster " + name + ": fileSystemId is required");
    }
    if (desiredNodes < 1) {
      throw new InvalidInputException("cluster " + name + ": desiredNodes must be at least 1");
    }
    subnetsByAz = Map.copyOf(Objects.requireNonNullElse(subnetsByAz, Map.of()));
    dataDir = blankToNull(dataDir) == null ? DEFAULT_DATA_DIR : dataDir;
    if (!DATA_DIR.matcher(dataDir).matches()) {
      throw new InvalidInputException(
          "cluster " + name + ": dataDir must be an absolute path of plain names, not '" + dataDir + "'");
    }
    configParameter = matching(name, "configParameter", blankToNull(configParameter), PARAMETER_NAME);
    dbPasswordSecretId = matching(name, "dbPasswordSecretId", blankToNull(dbPasswordSecretId), SECRET_ID);
    licenseKeySecretId = matching(name, "licenseKeySecretId", blankToNull(licenseKeySecretId), SECRET_ID);
    if ((connectUid == null) != (connectGid == null)) {
      throw new InvalidInputException("cluster " + name + ": set both connectUid and connectGid, or neither");
    }
    atLeastOne(name, "connectUid", connectUid);
    atLeastOne(name, "connectGid", connectGid);
    runAsAccounts = List.copyOf(Objects.requireNonNullElse(runAsAccounts, List.of()));
    Set<String> names = new HashSet<>(Set.of(CONNECT_ACCOUNT));
    Set<Integer> uids = new HashSet<>();
    if (connectUid != null) {
      uids.add(connectUid);
    }
    for (RunAsAccount account : runAsAccounts) {
      if (!names.add(account.name())) {
        throw new InvalidInputException("cluster " + name + ": runAsAccounts lists " + account.name()
            + (account.name().equals(CONNECT_ACCOUNT) ? ", which connectUid/connectGid describe" : " twice"));
      }
      if (!uids.add(account.uid())) {
        throw new InvalidInputException("cluster " + name + ": runAsAccounts: " + account.name() + "'s uid " + account.uid()
            + " is another account's");
      }
    }
    zonalShift = zonalShift == null ? ZonalShiftPolicy.OFF : zonalShift;
    if (zonalShift.enabled() && targetGroupArn == null) {
      throw new InvalidInputException("cluster " + name + ": zonalShift is enabled but there is no targetGroupArn: only a"
          + " load balancer's traffic can be shifted");
    }
    topology = topology == null ? Topology.EC2 : topology;
    if (topology == Topology.EKS && eks == null) {
      throw new InvalidInputException("cluster " + name + ": topology eks needs eks {cluster, namespace, workload,"
          + " helmRelease}");
    }
    if (topology == Topology.EC2 && eks != null) {
      throw new InvalidInputException("cluster " + name + ": eks is set but the topology is ec2 (set \"topology\": \"eks\")");
    }
    minHealthy = minHealthy == null ? 1 : minHealthy;
    if (minHealthy < 1 || minHealthy > desiredNodes) {
      throw new InvalidInputException("cluster " + name + ": minHealthy must be between 1 and desiredNodes (" + desiredNodes
          + "), not " + minHealthy);
    }
  }

  /**
   * The fields a new node needs that this document does not set (empty: provisioning can launch
   * and bootstrap a node), in the order of the document.
   */
  public List<String> missingForProvisioning() {
    List<String> missing = new ArrayList<>();
    if (blankToNull(launchTemplateId) == null) {
      missing.add("launchTemplateId");
    }
    if (subnetsByAz.isEmpty()) {
      missing.add("subnetsByAz");
    }
    if (configParameter == null) {
      missing.add("configParameter");
    }
    if (dbPasswordSecretId == null) {
      missing.add("dbPasswordSecretId");
    }
    if (connectUid == null) {
      missing.add("connectUid");
      missing.add("connectGid");
    }
    return List.copyOf(missing);
  }

  /** True for Connect as a workload on EKS: no instances to launch, stop or retire. */
  public boolean onEks() {
    return topology == Topology.EKS;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static String matching(String cluster, String field, String value, Pattern pattern) {
    if (value != null && !pattern.matcher(value).matches()) {
      throw new InvalidInputException("cluster " + cluster + ": " + field + " '" + value + "' does not match " + pattern);
    }
    return value;
  }

  private static void atLeastOne(String cluster, String field, Integer value) {
    if (value != null && value < 1) {
      throw new InvalidInputException("cluster " + cluster + ": " + field + " must be at least 1, not " + value);
    }
  }
}
