package dev.connectha.localcloud.twin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectha.json.Json;
import dev.connectha.localcloud.AwsClients;
import dev.connectha.model.ConnectVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Breaks one of Posit's HA rules on the seeded cluster ({@link Violation}), the way it happens on a
 * real cluster: on a simulated node (its version, configuration, clock, accounts, mounts), or in
 * moto (stickiness, mount targets, the database or file system the cluster document names).
 */
final class Faults {
  private final AwsClients aws;
  private final ClusterSeeder cluster;
  private final Consumer<String> instanceChanged;

  /** @param instanceChanged told the id of every instance a fault stops or terminates */
  Faults(AwsClients aws, ClusterSeeder cluster, Consumer<String> instanceChanged) {
    this.aws = aws;
    this.cluster = cluster;
    this.instanceChanged = instanceChanged;
  }

  void apply(Violation violation) {
    List<SimNode> nodes = cluster.nodes();
    Twin.Spec spec = cluster.spec();
    SimNode last = nodes.get(nodes.size() - 1);
    switch (violation) {
      case MIXED_VERSIONS -> {
        ConnectVersion v = ConnectVersion.parse(spec.connectVersion());
        last.connectVersion = new ConnectVersion(v.year() - 1, v.month(), v.patch()).toString();
      }
      case CONFIG_DRIFT -> last.set("Server", "Address", "https://connect-old.example.com");
      case SQLITE_DATABASE -> nodes.forEach(n -> n.set("Database", "Provider", "SQLite"));
      case LOCAL_DATA_DIR -> nodes.forEach(n -> n.mounts.remove("/var/lib/rstudio-connect"));
      case SHARED_METRICS_PATH -> nodes.forEach(n -> n.set("Metrics", "DataPath", null));
      case NO_STICKINESS -> cluster.targetGroupAttributes(Map.of("stickiness.enabled", "false"));
      case CROSS_ZONE_OFF -> cluster.targetGroupAttributes(Map.of("load_balancing.cross_zone.enabled", "false"));
      case CLOCK_UNSYNCHRONISED -> last.clockSynchronized = false;
      case RUN_AS_UID_MISMATCH -> last.accounts.put("rstudio-connect", new int[] {998, 999});
      case SINGLE_AZ -> nodes.replaceAll(n -> n.availabilityZone.equals(spec.zones().get(0)) ? n : relocate(n, spec.zones().get(0)));
      case MISSING_MOUNT_TARGET -> aws.efs.describeMountTargets(b -> b.fileSystemId(cluster.fileSystemId())).mountTargets().stream()
          .filter(mt -> mt.availabilityZoneName().equals(spec.zones().get(spec.zones().size() - 1)))
          .forEach(mt -> aws.efs.deleteMountTarget(b -> b.mountTargetId(mt.mountTargetId())));
      case RDS_OLD_ENGINE -> replaceDatabase(spec.cluster() + "-db-pg14", "14.12", true);
      case RDS_SINGLE_AZ -> replaceDatabase(spec.cluster() + "-db-single", "15.7", false);
      case EFS_UNENCRYPTED -> {
        String fileSystemId = cluster.newFileSystem(spec.cluster() + "-data-plain", false);
        nodes.forEach(n -> n.mounts.put("/var/lib/rstudio-connect", cluster.efsMount()));
        updateDocument("fileSystemId", fileSystemId);
      }
      case UNHEALTHY_TARGET -> last.pingHealthy = false;
      case NODE_FACTS_FAIL -> last.commandFailure = "failed to run commands: exit status 1 (ssm-agent could not start the script)";
      case NODE_STOPPED -> {
        aws.ec2.stopInstances(b -> b.instanceIds(last.instanceId));
        instanceChanged.accept(last.instanceId);
      }
      default -> throw new IllegalArgumentException(violation.name());
    }
  }

  private SimNode relocate(SimNode node, String zone) {
    String replacement = cluster.launch(zone, cluster.nodes().indexOf(node) + 1);
    String targetGroupArn = cluster.targetGroupArn();
    aws.elb.deregisterTargets(b -> b.targetGroupArn(targetGroupArn).targets(t -> t.id(node.instanceId).port(3939)));
    aws.ec2.terminateInstances(b -> b.instanceIds(node.instanceId));
    instanceChanged.accept(node.instanceId);
    aws.elb.registerTargets(b -> b.targetGroupArn(targetGroupArn).targets(t -> t.id(replacement).port(3939)));
    node.instanceId = replacement;
    node.availabilityZone = zone;
    node.subnetId = cluster.subnet(zone);
    return node;
  }

  private void replaceDatabase(String id, String version, boolean multiAz) {
    cluster.createDatabase(id, version, multiAz);
    cluster.nodes().forEach(n -> n.set("Postgres", "URL", cluster.postgresUrl()));
    updateDocument("dbInstanceId", id);
  }

  /** Points the cluster document's {@code field} at {@code value}, as an operator re-registering the cluster would. */
  private void updateDocument(String field, String value) {
    String name = "/connect-ha/clusters/" + cluster.spec().cluster();
    try {
      ObjectNode doc = (ObjectNode) Json.MAPPER.readTree(aws.ssm.getParameter(b -> b.name(name)).parameter().value());
      doc.put(field, value);
      aws.ssm.putParameter(b -> b.name(name).value(doc.toString()).overwrite(true));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
