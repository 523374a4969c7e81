package dev.connectha.aws;

import dagger.Binds;
import dagger.Module;

/**
 * Binds each adapter interface to its AWS implementation. {@link ClusterLocks} needs a
 * {@link java.time.Clock}: a component that uses it lists {@code dev.connectha.config.ClockModule}
 * (or binds its own clock).
 */
@Module(includes = AwsModule.class)
public interface AdaptersModule {
  @Binds
  ClusterRegistry clusterRegistry(SsmClusterRegistry impl);

  @Binds
  NodeDirectory nodeDirectory(Ec2NodeDirectory impl);

  @Binds
  Traffic traffic(ElbTraffic impl);

  @Binds
  Database database(RdsDatabase impl);

  @Binds
  FileSystems fileSystems(EfsFileSystems impl);

  @Binds
  RestoredFileSystems restoredFileSystems(EfsFileSystems impl);

  @Binds
  NodeCommands nodeCommands(SsmNodeCommands impl);

  @Binds
  Notifier notifier(SnsNotifier impl);

  @Binds
  ClusterLocks clusterLocks(DynamoDbClusterLocks impl);

  @Binds
  BackupSets backupSets(DynamoDbBackupSets impl);

  @Binds
  DatabaseSnapshots databaseSnapshots(RdsDatabaseSnapshots impl);

  @Binds
  FileSystemBackups fileSystemBackups(AwsBackupFileSystemBackups impl);

  @Binds
  PackageCatalog packageCatalog(HttpPackageCatalog impl);

  @Binds
  TargetGroups targetGroups(ElbTargetGroups impl);

  @Binds
  ListenerRules listenerRules(ElbListenerRules impl);

  @Binds
  ScalingGroups scalingGroups(AutoScalingGroups impl);

  @Binds
  Alarms alarms(CloudWatchAlarms impl);
}
