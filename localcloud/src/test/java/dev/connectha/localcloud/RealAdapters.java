package dev.connectha.localcloud;

import dev.connectha.aws.AwsModule;
import dev.connectha.aws.DynamoDbBackupSets;
import dev.connectha.aws.DynamoDbClusterLocks;
import dev.connectha.aws.AwsBackupFileSystemBackups;
import dev.connectha.aws.Ec2NodeDirectory;
import dev.connectha.aws.Ec2NodeLauncher;
import dev.connectha.aws.EfsFileSystems;
import dev.connectha.aws.ElbTargetGroupSettings;
import dev.connectha.aws.ElbTargetRegistrations;
import dev.connectha.aws.PerRegion;
import dev.connectha.aws.RdsDatabaseSnapshots;
import dev.connectha.aws.RdsDatabase;
import dev.connectha.aws.SsmClusterRegistry;
import dev.connectha.aws.SsmLearnedStates;
import dev.connectha.aws.SsmNodeCommands;
import dev.connectha.config.Config;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The shared module's AWS adapter implementations, built from a function's {@link Config} with SDK
 * clients configured as {@code AwsModule} configures them (region, static credentials, one
 * URL-connection HTTP client, the {@code AWS_ENDPOINT_URL} override, other regions through
 * {@link PerRegion}), so that integration tests run
 * the real adapters against an emulator (the local cloud's gateway, or LocalStack).
 */
final class RealAdapters implements AutoCloseable {
  final Config config;
  private final SdkHttpClient http = UrlConnectionHttpClient.create();
  private final AwsCredentialsProvider credentials;
  private final Ec2Client ec2;
  private final ElasticLoadBalancingV2Client elb;
  private final RdsClient rds;
  private final EfsClient efs;
  private final SsmClient ssm;
  private final DynamoDbClient dynamoDb;
  private final PerRegion<RdsClient> rdsPerRegion;
  private final PerRegion<BackupClient> backupPerRegion;

  RealAdapters(Config config) {
    this.config = config;
    if (config.credentials().isEmpty()) {
      throw new IllegalArgumentException("tests need explicit credentials in the config");
    }
    this.credentials = AwsModule.credentials(config);
    this.ec2 = build(Ec2Client.builder());
    this.elb = build(ElasticLoadBalancingV2Client.builder());
    this.rds = build(RdsClient.builder());
    this.efs = build(EfsClient.builder());
    this.ssm = build(SsmClient.builder());
    this.dynamoDb = AwsModule.dynamoDb(config, http, credentials);
    this.rdsPerRegion = new PerRegion<>(config.region(), rds, region -> build(RdsClient.builder(), region));
    this.backupPerRegion = new PerRegion<>(config.region(), build(BackupClient.builder()),
        region -> build(BackupClient.builder(), region));
  }

  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder) {
    return build(builder, config.region());
  }

  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, String region) {
    return AwsModule.build(builder, region, config, http, credentials);
  }

  SsmClusterRegistry clusterRegistry() {
    return new SsmClusterRegistry(ssm, config);
  }

  SsmLearnedStates learnedStates() {
    return new SsmLearnedStates(ssm, config);
  }

  Ec2NodeDirectory nodeDirectory() {
    return new Ec2NodeDirectory(ec2);
  }

  Ec2NodeLauncher nodeLauncher() {
    return new Ec2NodeLauncher(ec2, ssm);
  }

  ElbTargetRegistrations targetRegistrations() {
    return new ElbTargetRegistrations(elb);
  }

  ElbTargetGroupSettings targetGroupSettings() {
    return new ElbTargetGroupSettings(elb);
  }

  RdsDatabase database() {
    return new RdsDatabase(rds);
  }

  EfsFileSystems fileSystems() {
    return new EfsFileSystems(efs);
  }

  SsmNodeCommands nodeCommands() {
    return new SsmNodeCommands(ssm);
  }

  DynamoDbClusterLocks clusterLocks(Clock clock) {
    return new DynamoDbClusterLocks(dynamoDb, config, clock);
  }

  DynamoDbBackupSets backupSets(Integer pageSize) {
    return new DynamoDbBackupSets(dynamoDb, config, pageSize);
  }

  RdsDatabaseSnapshots databaseSnapshots() {
    return new RdsDatabaseSnapshots(rdsPerRegion);
  }

  AwsBackupFileSystemBackups fileSystemBackups() {
    return new AwsBackupFileSystemBackups(backupPerRegion, efs);
  }

  @Override
  public void close() {
    http.close();
  }
}
