package dev.connectha.cli;

import dagger.BindsInstance;
import dagger.Component;
import dev.connectha.aws.AdaptersModule;
import dev.connectha.config.ClockModule;
import dev.connectha.config.Config;
import dev.connectha.ports.BackupSets;
import dev.connectha.ports.ClusterLocks;
import dev.connectha.ports.ClusterRegistry;
import dev.connectha.ports.Incidents;
import dev.connectha.ports.KeptConfigurations;
import dev.connectha.ports.LearnedStates;
import dev.connectha.ports.NodeDirectory;
import dev.connectha.ports.TargetRegistrations;
import dev.connectha.ports.Workflows;
import javax.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The ports the CLI reads, as the functions' own adapters implement them. */
@Singleton
@Component(modules = {AdaptersModule.class, ClockModule.class})
public interface CliComponent {
  ClusterRegistry clusters();

  LearnedStates learned();

  NodeDirectory nodes();

  TargetRegistrations targets();

  ClusterLocks locks();

  BackupSets backupSets();

  /** The Helm values and ConfigMap eks backup sets keep ({@code backups --configuration}). */
  KeptConfigurations keptConfigurations();

  /** Remediation's incidents: only with the stack's {@code IncidentTableName} in the config. */
  Incidents incidents();

  Workflows workflows();

  /** For what no port answers: listing a cluster's incident keys ({@link OpenIncidents}). */
  DynamoDbClient dynamoDb();

  SdkHttpClient http();

  AwsCredentialsProvider credentials();

  static CliComponent create(Config config) {
    return DaggerCliComponent.factory().create(config);
  }

  @Component.Factory
  interface Factory {
    CliComponent create(@BindsInstance Config config);
  }
}
