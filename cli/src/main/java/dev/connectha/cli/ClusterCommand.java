package dev.connectha.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** A command about one cluster: {@code connectha COMMAND CLUSTER [options]}, with the global options of {@link ConnectHa}. */
abstract class ClusterCommand implements Callable<Integer> {
  @ParentCommand
  ConnectHa app;

  @Parameters(index = "0", paramLabel = "CLUSTER", description = "a registered cluster")
  String cluster;
}
