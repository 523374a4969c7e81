package dev.connectha.provision;

import dev.connectha.fakes.FakeFileSystems;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.RunAsAccount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A cluster document with every provisioning field set, changed one field at a time by the tests
 * (three zones, a licence, two run-as accounts, registered at 2024.08.0).
 */
final class ProvisionedCluster {
  static final String NAME = "demo";
  static final String TARGET_GROUP = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/demo/0123456789abcdef";
  static final String SOURCE = "https://cdn.posit.co/connect";
  static final String TEMPLATE = "lt-0123456789abcdef0";
  static final String SUBNET_A = "subnet-0aaaaaaaaaaaaaaaa";
  static final String SUBNET_B = "subnet-0bbbbbbbbbbbbbbbb";
  static final String SUBNET_C = "subnet-0cccccccccccccccc";

  String name = NAME;
  String targetGroupArn = TARGET_GROUP;
  String launchTemplateId = TEMPLATE;
  Map<String, String> subnetsByAz = Map.of("us-east-1a", SUBNET_A, "us-east-1b", SUBNET_B, "us-east-1c", SUBNET_C);
  String packageSource = SOURCE;
  String connectVersion = "2024.08.0";
  String configParameter = "/connect-ha/demo/rstudio-connect.gcfg";
  String dbPasswordSecretId = "connect-ha/demo/db-password";
  String licenseKeySecretId = "connect-ha/demo/license-key";
  Integer connectUid = 999;
  Integer connectGid = 998;
  List<RunAsAccount> runAsAccounts = List.of(new RunAsAccount("analyst", 2001, 2001), new RunAsAccount("etl", 2002, 2100));

  ClusterDocument document() {
    return new ClusterDocument(name, targetGroupArn, "demo-db", null, "fs-0123456789abcdef0", launchTemplateId, subnetsByAz,
        "demo-vault", "arn:aws:iam::123456789012:role/demo-backup", packageSource, 2, ConnectVersion.parse(connectVersion),
        "/srv/connect", configParameter, dbPasswordSecretId, licenseKeySecretId, connectUid, connectGid, runAsAccounts, 1);
  }

  static ClusterDocument provisioned() {
    return new ProvisionedCluster().document();
  }

  /** This cluster's document with another size and minimum of healthy nodes, every other field as set. */
  ClusterDocument sized(int desiredNodes, int minHealthy) {
    ClusterDocument d = document();
    return new ClusterDocument(d.name(), d.targetGroupArn(), d.dbInstanceId(), d.dbClusterId(), d.fileSystemId(),
        d.launchTemplateId(), d.subnetsByAz(), d.backupVault(), d.backupRoleArn(), d.packageSource(), desiredNodes,
        d.connectVersion(), d.dataDir(), d.configParameter(), d.dbPasswordSecretId(), d.licenseKeySecretId(), d.connectUid(),
        d.connectGid(), d.runAsAccounts(), minHealthy);
  }

  /** The cluster's file system, with a mount target in each of its three zones. */
  static FakeFileSystems fileSystems(List<String> calls) {
    FakeFileSystems fileSystems = new FakeFileSystems(calls, new ArrayList<>());
    fileSystems.add(new FakeFileSystems.FileSystem("fs-0123456789abcdef0", NAME)
        .withMountTargetsIn("us-east-1a", "us-east-1b", "us-east-1c"));
    return fileSystems;
  }
}
