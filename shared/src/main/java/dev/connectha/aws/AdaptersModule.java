package dev.connectha.aws;

import dagger.Binds;
import dagger.Module;
import dev.connectha.ports.Alarms;
import dev.connectha.ports.Dashboards;
import dev.connectha.ports.BackupSets;
import dev.connectha.ports.KeptConfigurations;
import dev.connectha.ports.ClusterLocks;
import dev.connectha.ports.ClusterRegistry;
import dev.connectha.ports.Database;
import dev.connectha.ports.DatabaseSnapshots;
import dev.connectha.ports.FileSystemBackups;
import dev.connectha.ports.FileSystems;
import dev.connectha.ports.Incidents;
import dev.connectha.ports.LearnedStates;
import dev.connectha.ports.ListenerRules;
import dev.connectha.ports.NodeCommands;
import dev.connectha.ports.NodeDirectory;
import dev.connectha.ports.NodeLauncher;
import dev.connectha.ports.PackageCatalog;
import dev.connectha.ports.ProvisioningSources;
import dev.connectha.ports.RestoredFileSystems;
import dev.connectha.ports.ScalingGroups;
import dev.connectha.ports.TargetGroupSettings;
import dev.connectha.ports.TargetRegistrations;
import dev.connectha.ports.Workflows;
import dev.connectha.ports.ZonalShifts;

/**
 * Binds each port ({@code dev.connectha.ports}) to its implementation here. {@link ClusterLocks} needs a
 * {@link java.time.Clock}: a component that uses it lists {@code dev.connectha.config.ClockModule}
 * (or binds its own clock).
 */
@Module(includes = AwsModule.class)
public interface AdaptersModule {
  @Binds
  ClusterRegistry clusterRegistry(SsmClusterRegistry impl);

  @Binds
  LearnedStates learnedStates(SsmLearnedStates impl);

  @Binds
  NodeDirectory nodeDirectory(Ec2NodeDirectory impl);

  @Binds
  NodeLauncher nodeLauncher(Ec2NodeLauncher impl);

  @Binds
  ProvisioningSources provisioningSources(AwsProvisioningSources impl);

  @Binds
  TargetGroupSettings targetGroupSettings(ElbTargetGroupSettings impl);

  @Binds
  Database database(RdsDatabase impl);

  @Binds
  FileSystems fileSystems(EfsFileSystems impl);

  @Binds
  RestoredFileSystems restoredFileSystems(EfsFileSystems impl);

  @Binds
  NodeCommands nodeCommands(SsmNodeCommands impl);

  @Binds
  ClusterLocks clusterLocks(DynamoDbClusterLocks impl);

  @Binds
  BackupSets backupSets(DynamoDbBackupSets impl);

  @Binds
  KeptConfigurations keptConfigurations(DynamoDbKeptConfigurations impl);

  @Binds
  DatabaseSnapshots databaseSnapshots(RdsDatabaseSnapshots impl);

  @Binds
  FileSystemBackups fileSystemBackups(AwsBackupFileSystemBackups impl);

  @Binds
  PackageCatalog packageCatalog(HttpPackageCatalog impl);

  @Binds
  TargetRegistrations targetRegistrations(ElbTargetRegistrations impl);

  @Binds
  ListenerRules listenerRules(ElbListenerRules impl);

  @Binds
  ScalingGroups scalingGroups(AutoScalingGroups impl);

  @Binds
  Alarms alarms(CloudWatchAlarms impl);

  @Binds
  Dashboards dashboards(CloudWatchDashboards impl);

  @Binds
  Incidents incidents(DynamoDbIncidents impl);

  @Binds
  Workflows workflows(SfnWorkflows impl);

  @Binds
  ZonalShifts zonalShifts(ArcZonalShifts impl);
}
