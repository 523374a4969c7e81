package dev.connectha.localcloud;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/** SDK clients for the local cloud's own use (seeding, deploying, tests), against one endpoint. */
public final class AwsClients implements AutoCloseable {
  public static final String ACCESS_KEY = "testing";
  public static final String SECRET_KEY = "testing";

  private final URI endpoint;
  private final Region region;
  private final SdkHttpClient http = UrlConnectionHttpClient.create();

  public final Ec2Client ec2;
  public final ElasticLoadBalancingV2Client elb;
  public final RdsClient rds;
  public final EfsClient efs;
  public final SsmClient ssm;
  public final SecretsManagerClient secretsManager;
  public final SnsClient sns;
  public final SqsClient sqs;
  public final DynamoDbClient dynamodb;
  public final SfnClient sfn;
  public final EventBridgeClient events;
  public final CloudWatchClient cloudwatch;
  public final BackupClient backup;
  public final AutoScalingClient autoScaling;
  public final CloudFormationClient cloudFormation;
  public final EksClient eks;

  public AwsClients(URI endpoint, String region) {
    this.endpoint = endpoint;
    this.region = Region.of(region);
    ec2 = build(Ec2Client.builder());
    elb = build(ElasticLoadBalancingV2Client.builder());
    rds = build(RdsClient.builder());
    efs = build(EfsClient.builder());
    ssm = build(SsmClient.builder());
    secretsManager = build(SecretsManagerClient.builder());
    sns = build(SnsClient.builder());
    sqs = build(SqsClient.builder());
    dynamodb = build(DynamoDbClient.builder());
    sfn = build(SfnClient.builder());
    events = build(EventBridgeClient.builder());
    cloudwatch = build(CloudWatchClient.builder());
    backup = build(BackupClient.builder());
    autoScaling = build(AutoScalingClient.builder());
    cloudFormation = build(CloudFormationClient.builder());
    eks = build(EksClient.builder());
  }

  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder) {
    return builder.endpointOverride(endpoint).region(region).httpClient(http)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  public URI endpoint() {
    return endpoint;
  }

  public String region() {
    return region.id();
  }

  @Override
  public void close() {
    http.close();
  }
}
