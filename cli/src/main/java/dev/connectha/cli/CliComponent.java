package dev.connectha.cli;

import dagger.BindsInstance;
import dagger.Component;
import dev.connectha.aws.AdaptersModule;
import dev.connectha.config.ClockModule;
import dev.connectha.config.Config;
import dev.connectha.ports.BackupSets;
import dev.connectha.ports.ClusterLocks;
import dev.connectha.ports.ClusterRegistry;
import dev.connectha.ports.LearnedStates;
import dev.connectha.ports.NodeDirectory;
import dev.connectha.ports.TargetRegistrations;
import javax.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;

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
