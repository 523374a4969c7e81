package dev.connectha.localcloud.twin;

import dev.connectha.json.Json;
import dev.connectha.localcloud.AwsClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;

/**
 * Creates a realistic Connect cluster in moto and keeps what it created: the VPC, subnets, tagged
 * nodes (with the same instance ids on every reset), ALB and sticky target group, RDS PostgreSQL,
 * encrypted EFS with mount targets, a remediation alarm and, when the spec asks, an Auto Scaling
 * group holding the nodes; and each node's simulated Connect ({@link SimNode}), configured as a
 * healthy HA node of that cluster. {@link Faults} changes the cluster through it afterwards.
 */
final class ClusterSeeder {
  private static final String DB_PASSWORD = "local-only-password";
  /**
   * moto's random generator is seeded with this plus the node's ordinal right before each node is
   * launched, so that a reset cluster's nodes have the same instance ids every time (sample events
   * can name them): a node's id depends on its ordinal only, not on what seeding created before it.
   */
  static final int NODE_ID_SEED = 3939;
  /** The notification topic the deployer creates for the local cloud's stack ({@code connect-ha}). */
  static final String NOTIFICATION_TOPIC = "connect-ha-notifications";

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final AwsClients aws;
  private final String region;
  private final PackageRepository packages;
  /** Copy-on-write: launches through the gateway add nodes while other gateway threads read the list. */
  private final List<SimNode> nodes = new CopyOnWriteArrayList<>();
  private final Map<String, String> subnets = new LinkedHashMap<>();
  private Twin.Spec spec;
  private String vpcId;
  private String imageId;
  private String targetGroupArn;
  private String dbInstanceId;
  /** The DB subnet group new databases are created in (null: none, as the EC2 seeds have). */
  private String dbSubnetGroup;
  private String dbEndpoint;
  private String fileSystemId;
  private String launchTemplateId;

  /** @param aws clients pointed at moto itself (seeding is not a workflow's API traffic) */
  ClusterSeeder(AwsClients aws, String region, PackageRepository packages) {
    this.aws = aws;
    this.region = region;
    this.packages = packages;
  }

  /** The simulated nodes, in order: the live list, which seeding refills and faults change. */
  List<SimNode> nodes() {
    return nodes;
  }

  Twin.Spec spec() {
    return spec;
  }

  String targetGroupArn() {
    return targetGroupArn;
  }

  String fileSystemId() {
    return fileSystemId;
  }

  String subnet(String zone) {
    return subnets.get(zone);
  }

  /** The Auto Scaling group holding the nodes, or null when the spec has none. */
  String autoScalingGroupName() {
    return spec.autoScalingGroup() ? spec.cluster() + "-connect" : null;
  }

  /** The cluster's RDS instance identifier. */
  String dbInstanceId() {
    return dbInstanceId;
  }

  /** The remediation alarm seeding creates: named, and tagged, as the cluster's remediation alarms are. */
  String remediationAlarmName() {
    return "connect-ha-" + spec.cluster() + "-remediation-node-down";
  }

  /** Creates the cluster; returns the template parameters that register it. */
  Map<String, String> seed(Twin.Spec spec) {
    this.spec = spec;
    nodes.clear();
    subnets.clear();
    dbSubnetGroup = null;
    String securityGroup = network(spec);
    imageId = aws.ec2.describeImages(b -> b.owners("amazon")).images().get(0).imageId();
    launchTemplateId = aws.ec2.createLaunchTemplate(b -> b.launchTemplateName(spec.cluster() + "-connect")
        .launchTemplateData(d -> d.imageId(imageId).instanceType("m6i.large").securityGroupIds(securityGroup)))
        .launchTemplate().launchTemplateId();
    String lbArn = loadBalancer(spec, securityGroup, TargetTypeEnum.INSTANCE);
    createDatabase(spec.cluster() + "-db", "15.7", true);
    newFileSystem(spec.cluster() + "-data", true);

    for (int i = 0; i < spec.nodes(); i++) {
      String zone = spec.zones().get(i % spec.zones().size());
      seedMotoRandom(NODE_ID_SEED + i + 1);
      nodes.add(newNode(launch(zone, i + 1), zone, spec.connectVersion()));
    }
    aws.elb.registerTargets(b -> b.targetGroupArn(targetGroupArn)
        .targets(nodes.stream().map(n -> TargetDescription.builder().id(n.instanceId).port(3939).build()).toList()));
    if (spec.autoScalingGroup()) {
      createAutoScalingGroup();
    }
    createRemediationAlarm(lbArn);

    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("ClusterName", spec.cluster());
    parameters.put("TargetGroupArn", targetGroupArn);
    parameters.put("DbInstanceIdentifier", dbInstanceId);
    parameters.put("FileSystemId", fileSystemId);
    parameters.put("LaunchTemplateId", launchTemplateId);
    parameters.put("SubnetsByAz", json(subnets));
    parameters.put("DesiredNodes", String.valueOf(spec.nodes()));
    parameters.put("ConnectVersion", spec.connectVersion());
    parameters.put("BackupVaultName", Twin.BACKUP_VAULT);
    parameters.put("PackageSource", packages.base());
    // for when template.yaml registers the role (the deployer ignores parameters it does not declare)
    parameters.put("BackupRoleArn", Twin.BACKUP_ROLE_ARN);
    return parameters;
  }

  /**
   * What every topology of the cluster stands on, without nodes: the VPC with a subnet per zone of
   * {@code spec}, the ALB with its target group of {@code targetType} (instances for EC2 nodes, IPs for
   * pods, as the AWS Load Balancer Controller registers them) and lb_cookie stickiness, RDS PostgreSQL
   * 15 Multi-AZ and encrypted EFS with a mount target per zone. Returns the load balancer's ARN.
   */
  String infrastructure(Twin.Spec spec, TargetTypeEnum targetType) {
    this.spec = spec;
    nodes.clear();
    subnets.clear();
    String lbArn = loadBalancer(spec, network(spec), targetType);
    // Posit's EKS architecture: the database's subnet group spans the workers' subnets
    dbSubnetGroup = aws.rds.createDBSubnetGroup(b -> b.dbSubnetGroupName(spec.cluster() + "-db-subnets")
        .dbSubnetGroupDescription("Connect's database, in every worker subnet").subnetIds(subnets.values()))
        .dbSubnetGroup().dbSubnetGroupName();
    createDatabase(spec.cluster() + "-db", "15.7", true);
    newFileSystem(spec.cluster() + "-data", true);
    return lbArn;
  }

  /** The VPC and a subnet per zone; returns the cluster's security group. */
  private String network(Twin.Spec spec) {
    vpcId = aws.ec2.createVpc(b -> b.cidrBlock("10.20.0.0/16")).vpc().vpcId();
    for (int i = 0; i < spec.zones().size(); i++) {
      String zone = spec.zones().get(i);
      String cidr = "10.20." + (i + 1) + ".0/24";
      subnets.put(zone, aws.ec2.createSubnet(b -> b.vpcId(vpcId).cidrBlock(cidr).availabilityZone(zone)).subnet().subnetId());
    }
    return aws.ec2.createSecurityGroup(b -> b.groupName(spec.cluster() + "-connect").vpcId(vpcId)
        .description("Connect nodes")).groupId();
  }

  /** The ALB, its listener and the sticky target group Connect serves from; returns the load balancer's ARN. */
  private String loadBalancer(Twin.Spec spec, String securityGroup, TargetTypeEnum targetType) {
    String lbArn = aws.elb.createLoadBalancer(b -> b.name(spec.cluster() + "-alb").subnets(subnets.values())
        .securityGroups(securityGroup)).loadBalancers().get(0).loadBalancerArn();
    targetGroupArn = aws.elb.createTargetGroup(b -> b.name(spec.cluster() + "-connect").protocol(ProtocolEnum.HTTP)
        .port(3939).vpcId(vpcId).targetType(targetType).healthCheckPath("/__ping__")).targetGroups().get(0).targetGroupArn();
    targetGroupAttributes(Map.of("stickiness.enabled", "true", "stickiness.type", "lb_cookie",
        "stickiness.lb_cookie.duration_seconds", "86400"));
    aws.elb.createListener(b -> b.loadBalancerArn(lbArn).protocol(ProtocolEnum.HTTP).port(80)
        .defaultActions(a -> a.type("forward").targetGroupArn(targetGroupArn)));
    return lbArn;
  }

  /** Keeps {@code password} as the Secrets Manager secret {@code name} (created, or given a new value). */
  void putSecret(String name, String password) {
    try {
      aws.secretsManager.createSecret(b -> b.name(name).secretString(password));
    } catch (ResourceExistsException e) {
      aws.secretsManager.putSecretValue(b -> b.secretId(name).secretString(password));
    }
  }

  /** The cluster's VPC. */
  String vpcId() {
    return vpcId;
  }

  /** The subnet of each zone, in the spec's order. */
  Map<String, String> subnets() {
    return Map.copyOf(subnets);
  }

  /** Launches a node of the cluster in {@code zone}, tagged and named by its ordinal; returns its instance id. */
  String launch(String zone, int ordinal) {
    return aws.ec2.runInstances(b -> b.imageId(imageId).instanceType("m6i.large").minCount(1).maxCount(1)
        .subnetId(subnets.get(zone)).placement(p -> p.availabilityZone(zone))
        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(
            Tag.builder().key("connect-ha:cluster").value(spec.cluster()).build(),
            Tag.builder().key("Name").value(spec.cluster() + "-connect-" + ordinal).build()).build()))
        .instances().get(0).instanceId();
  }

  /**
   * Puts the nodes in an Auto Scaling group with the cluster's launch template, min = max = desired
   * = nodes. The group is created empty (moto would launch instances for a desired capacity) and
   * the existing instances attached, as an operator adopts running instances.
   */
  private void createAutoScalingGroup() {
    String name = autoScalingGroupName();
    int size = nodes.size();
    aws.autoScaling.createAutoScalingGroup(b -> b.autoScalingGroupName(name)
        .launchTemplate(t -> t.launchTemplateId(launchTemplateId).version("$Default"))
        .minSize(0).maxSize(size).desiredCapacity(0)
        .vpcZoneIdentifier(String.join(",", subnets.values()))
        .healthCheckType("ELB").healthCheckGracePeriod(300)
        .tags(t -> t.key("connect-ha:cluster").value(spec.cluster()).propagateAtLaunch(true)));
    aws.autoScaling.attachInstances(b -> b.autoScalingGroupName(name)
        .instanceIds(nodes.stream().map(n -> n.instanceId).toList()));
    aws.autoScaling.updateAutoScalingGroup(b -> b.autoScalingGroupName(name).minSize(size).maxSize(size).desiredCapacity(size));
  }

  /**
   * A remediation alarm of the cluster on the target group's unhealthy hosts, notifying the topic
   * (its ARN is known before the deployer creates the topic).
   */
  private void createRemediationAlarm(String loadBalancerArn) {
    String topicArn = "arn:aws:sns:" + region + ":" + BackupTwin.ACCOUNT + ":" + NOTIFICATION_TOPIC;
    aws.cloudwatch.putMetricAlarm(b -> b.alarmName(remediationAlarmName())
        .alarmDescription("A Connect node of " + spec.cluster()
            + " fails its health checks: remediation restarts or replaces it.")
        .namespace("AWS/ApplicationELB").metricName("UnHealthyHostCount")
        .dimensions(d -> d.name("TargetGroup").value(targetGroupArn.substring(targetGroupArn.indexOf("targetgroup/"))),
            d -> d.name("LoadBalancer").value(loadBalancerArn.substring(loadBalancerArn.indexOf("app/"))))
        .statistic("Maximum").period(60).evaluationPeriods(2).threshold(0.0).comparisonOperator("GreaterThanThreshold")
        .treatMissingData("notBreaching").actionsEnabled(true).alarmActions(topicArn)
        .tags(t -> t.key("connect-ha:cluster").value(spec.cluster()), t -> t.key("connect-ha:purpose").value("remediation")));
  }

  /** {@code POST /moto-api/seed}: moto's ids come from the seeded sequence from here on. */
  private void seedMotoRandom(int seed) {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(aws.endpoint().resolve("/moto-api/seed?a=" + seed))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("moto /moto-api/seed answered " + response.statusCode() + ": " + response.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private SimNode newNode(String instanceId, String zone, String version) {
    // a bare node of the zone, as launched, then everything a bootstrap and an install give it
    SimNode node = SimNode.bare(instanceId, zone, subnets.get(zone));
    node.connectVersion = version;
    node.serviceActive = true;
    node.set("Server", "Address", "https://connect.example.com")
        .set("Server", "DataDir", "/var/lib/rstudio-connect")
        .set("HTTP", "Listen", ":3939")
        .set("Database", "Provider", "postgres")
        .set("Postgres", "URL", postgresUrl())
        .set("Metrics", "DataPath", "/var/lib/rstudio-connect-metrics")
        .set("Authentication", "Provider", "password");
    node.accounts.put("rstudio-connect", new int[] {999, 999});
    node.mounts.put("/var/lib/rstudio-connect", efsMount());
    return node;
  }

  /** Connect's {@code Postgres.URL} for the cluster's database. */
  String postgresUrl() {
    return "postgres://connect@" + dbEndpoint + ":5432/connect?sslmode=require";
  }

  /** The cluster's file system, as findmnt shows it mounted on Connect's data directory. */
  SimNode.Mount efsMount() {
    return new SimNode.Mount("/var/lib/rstudio-connect", "nfs4", fileSystemId + ".efs." + region + ".amazonaws.com:/");
  }

  /** Creates a PostgreSQL instance and makes it the cluster's database. */
  void createDatabase(String id, String version, boolean multiAz) {
    var instance = aws.rds.createDBInstance(b -> b.dbInstanceIdentifier(id).engine("postgres").engineVersion(version)
        .dbInstanceClass("db.m6g.large").allocatedStorage(100).multiAZ(multiAz).storageEncrypted(true)
        .masterUsername("connect").masterUserPassword(DB_PASSWORD).dbName("connect").dbSubnetGroupName(dbSubnetGroup))
        .dbInstance();
    dbInstanceId = id;
    dbEndpoint = instance.endpoint() != null ? instance.endpoint().address()
        : aws.rds.describeDBInstances(b -> b.dbInstanceIdentifier(id)).dbInstances().get(0).endpoint().address();
  }

  /** Creates a file system with a mount target in every subnet and makes it the cluster's; returns its id. */
  String newFileSystem(String token, boolean encrypted) {
    String id = aws.efs.createFileSystem(b -> b.creationToken(token).encrypted(encrypted)
        .tags(t -> t.key("Name").value(token))).fileSystemId();
    subnets.values().forEach(subnet -> aws.efs.createMountTarget(b -> b.fileSystemId(id).subnetId(subnet)));
    fileSystemId = id;
    return id;
  }

  void targetGroupAttributes(Map<String, String> attributes) {
    aws.elb.modifyTargetGroupAttributes(b -> b.targetGroupArn(targetGroupArn).attributes(attributes.entrySet().stream()
        .map(e -> TargetGroupAttribute.builder().key(e.getKey()).value(e.getValue()).build()).toList()));
  }

  private static String json(Object value) {
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
