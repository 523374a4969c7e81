package dev.connectha.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dagger.BindsInstance;
import dagger.Component;
import dev.connectha.config.Config;
import dev.connectha.ports.DatabaseSnapshots;
import dev.connectha.ports.FileSystemBackups;
import dev.connectha.ports.NodeLauncher;
import java.util.Map;
import javax.inject.Singleton;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.rds.RdsClient;

/** The Dagger wiring every function gets: the backup adapters and their per-region clients. */
class AdaptersModuleTest {

  @Singleton
  @Component(modules = AdaptersModule.class)
  interface Graph {
    DatabaseSnapshots databaseSnapshots();

    FileSystemBackups fileSystemBackups();

    NodeLauncher nodeLauncher();

    RdsClient rds();

    PerRegion<RdsClient> rdsPerRegion();

    PerRegion<BackupClient> backupPerRegion();

    @Component.Factory
    interface Factory {
      Graph create(@BindsInstance Config config);
    }
  }

  private final Graph graph = DaggerAdaptersModuleTest_Graph.factory().create(Config.from(Map.of(
      "AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL", "http://127.0.0.1:9",
      "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing")));

  @Test
  void bindsTheBackupAdaptersToTheirAwsImplementations() {
    assertInstanceOf(RdsDatabaseSnapshots.class, graph.databaseSnapshots());
    assertInstanceOf(AwsBackupFileSystemBackups.class, graph.fileSystemBackups());
  }

  @Test
  void bindsTheNodeLauncherToEc2WithSsmForTheAgentsStatus() {
    assertInstanceOf(Ec2NodeLauncher.class, graph.nodeLauncher());
  }

  @Test
  void theHomeRegionOfEachServiceIsTheOneClientOtherRegionsGetTheirOwn() {
    PerRegion<RdsClient> rds = graph.rdsPerRegion();

    assertEquals("us-east-1", rds.homeRegion());
    assertSame(graph.rds(), rds.home());
    assertSame(rds, graph.rdsPerRegion());
    RdsClient west = rds.in("us-west-2");
    assertNotSame(graph.rds(), west);
    assertEquals("us-west-2", west.serviceClientConfiguration().region().id());
    assertEquals("us-west-2", graph.backupPerRegion().in("us-west-2").serviceClientConfiguration().region().id());
    assertEquals("http://127.0.0.1:9",
        west.serviceClientConfiguration().endpointOverride().orElseThrow().toString(), "the same endpoint override");
  }
}
