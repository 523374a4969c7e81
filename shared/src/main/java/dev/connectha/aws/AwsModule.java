package dev.connectha.aws;

import dagger.Module;
import dagger.Provides;
import dev.connectha.config.Config;
import javax.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.arczonalshift.ArcZonalShiftClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * SDK clients, one per service, built once: explicit region, explicit credentials, one
 * URL-connection HTTP client, and the {@code AWS_ENDPOINT_URL} override when the config has one.
 * Dagger builds a client only when something asks for it.
 */
@Module
public final class AwsModule {
  private AwsModule() {}

  @Provides
  @Singleton
  static SdkHttpClient httpClient() {
    return UrlConnectionHttpClient.create();
  }

  /** The config's credentials when it has them, else the SDK's default chain. Public for the integration tests' clients. */
  @Provides
  @Singleton
  public static AwsCredentialsProvider credentials(Config config) {
    return config.credentials()
        .<AwsCredentialsProvider>map(c -> StaticCredentialsProvider.create(c.sessionToken() == null
            ? AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())
            : AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken())))
        .orElseGet(() -> DefaultCredentialsProvider.builder().build());
  }

  static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C>
      C build(B builder, Config config, SdkHttpClient http, AwsCredentialsProvider credentials) {
    return build(builder, config.region(), config, http, credentials);
  }

  /**
   * A client for {@code region}, configured as the home region's (the endpoint override serves
   * every region). Public for the integration tests' clients.
   */
  public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C>
      C build(B builder, String region, Config config, SdkHttpClient http, AwsCredentialsProvider credentials) {
    builder.region(Region.of(region)).credentialsProvider(credentials).httpClient(http);
    config.endpointOverride().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  @Provides
  @Singleton
  static Ec2Client ec2(Config c, SdkHttpClient h, AwsCredentialsProvider p) {
    return build(Ec2Client.builder(), c, h, p);
  }

  @Provides
  @Singleton
  static ElasticLoadBalancingV2Client elb(Config c, SdkHttpClient h, AwsCredentialsProvider p) {
    return build(ElasticLoadBalancingV2Client.builder(), c, h, p);
  }

  @Provides
  @Singleton
  static RdsClient rds(Config c, SdkHttpClient h, AwsCredentialsProvider p) {
    return build(RdsClient.builder(), c, h, p);
  }

  @Provides
  @Singleton
  static EfsClient efs(Config c, SdkHttpClient h, AwsCredentialsProvider p) {
    return build(EfsClient.builder(), c, h, p);
  }

  @Provides
  @Singleton
  static SsmClient ssm(Config c, SdkHttpClient h, AwsCredentialsProvider p) {
    return build(SsmClient.builder(), c, h, p);
  }

  /** Auto Scaling: which groups hold the nodes, and pausing their health replacement during an upgrade. */
  @Provides
  @Singleton
  static AutoScalingClient autoScaling(Config c, SdkHttpClient h, AwsCredentialsProvider p) {
    return build(AutoScalingClient.builder(), c, h, p);
  }

  /** Secrets Manager: provisioning checks that a cluster's secrets exist (it never reads their values). */
  @Provides
  @Singleton
  static SecretsManagerClient secretsManager(Config c, SdkHttpClient h, AwsCredentialsProvider p) {
    return build(SecretsManagerClient.builder(), c, h, p);
  }

  /** Step Functions: remediation's intake starts the remediate workflow for a new incident. */
  @Provides
  @Singleton
  static SfnClient sfn(Config c, SdkHttpClient h, AwsCredentialsProvider p) {
    return build(SfnClient.builder(), c, h, p);
  }

  /** ARC zonal shift: remediation moves a load balancer's traffic away from an impaired zone. */
  @Provides
  @Singleton
  static ArcZonalShiftClient arcZonalShift(Config c, SdkHttpClient h, AwsCredentialsProvider p) {
    return build(ArcZonalShiftClient.builder(), c, h, p);
  }

  /** CloudWatch: the remediation alarms whose actions an upgrade disables and enables again. */
  @Provides
  @Singleton
  static CloudWatchClient cloudWatch(Config c, SdkHttpClient h, AwsCredentialsProvider p) {
    return build(CloudWatchClient.builder(), c, h, p);
  }

  /**
   * DynamoDB (cluster locks, backup sets). The SDK's DynamoDB default is 9 attempts with up to
   * 20 s of throttling backoff each; here it is the standard strategy's 3 attempts, so that a
   * throttled call reaches Step Functions' own Retry (which owns the long backoff) instead of
   * spending the function's timeout asleep. Public so that integration tests build exactly this
   * client.
   */
  @Provides
  @Singleton
  public static DynamoDbClient dynamoDb(Config c, SdkHttpClient h, AwsCredentialsProvider p) {
    return build(DynamoDbClient.builder()
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy())), c, h, p);
  }

  @Provides
  @Singleton
  static BackupClient backup(Config c, SdkHttpClient h, AwsCredentialsProvider p) {
    return build(BackupClient.builder(), c, h, p);
  }

  /** RDS in the home region and, built on first use, in others (snapshot copies to a DR region). */
  @Provides
  @Singleton
  static PerRegion<RdsClient> rdsPerRegion(Config c, RdsClient home, SdkHttpClient h, AwsCredentialsProvider p) {
    return new PerRegion<>(c.region(), home, region -> build(RdsClient.builder(), region, c, h, p));
  }

  /** AWS Backup in the home region and, built on first use, in others (copies to a DR vault). */
  @Provides
  @Singleton
  static PerRegion<BackupClient> backupPerRegion(Config c, BackupClient home, SdkHttpClient h,
      AwsCredentialsProvider p) {
    return new PerRegion<>(c.region(), home, region -> build(BackupClient.builder(), region, c, h, p));
  }
}
